"""Warm match, old way vs new way, side by side in one process, with the scores compared.

    python -m bench.warm_match [--runs 3] [--queries 300]

Needs the official lists loaded in HRDD_HOME (scripts/load_shared_lists.py). The parent opens the
screener once; every measurement runs in a child forked from it (the same index, the same
process image), alternating the ways run by run, so load on the machine falls on all of them:

- **old**: rigour's territory table and followthemoney's model answer (``use_table(None)`` for
  the country and schema tables), and the warm-up of the previous release (listed names only);
- **new**: the tables in HRDD_CACHE_DIR, and the warm-up that also analyses the canonical form of
  organisation names that have one (country words, translated state-body words);
- **hrdd-v1**: the new way with matcher hrdd-v1, for reference (the issue's "not slower than today").

Each child warms up as the service does (then ``gc.freeze()``), screens ``--queries`` list names
it was not asked before (every 40th entry's first name) and reports the CPU time and wall time
of each query; then it scores every candidate of those queries and of 100 organisation names with
country words in full (``Screener.score``), and the parent counts the (query, entry) pairs whose
score or explanation differ between old and new: it must be 0.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from hrdd.screening import schemata, territory_table
from hrdd.screening.align import prepare
from hrdd.screening.canonical import canonical_org_name, country_word
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.names_v2 import legal_form_kinds
from hrdd.screening.normalize import PERSON_SCHEMATA
from hrdd.screening.record import query_record
from hrdd.screening.screener import Screener
from hrdd.services.screening import open_screener


def old_warm(screener: Screener) -> None:
    """The warm-up before this change: listed names, their canonical forms computed, not analysed."""
    for entry in screener.index.entries(90_000):
        for name in entry.names:
            prepare(name, entry.schema)
            if entry.schema not in PERSON_SCHEMATA:
                canonical_org_name(name)
                legal_form_kinds(name)


def _old(screener: Screener) -> None:
    territory_table.use_table(None)
    schemata.use_table(None)
    country_word.cache_clear()
    screener.matcher = HrddMatcherV2
    old_warm(screener)


def _new(screener: Screener) -> None:
    screener.matcher = HrddMatcherV2
    screener.warm()


def _v1(screener: Screener) -> None:
    screener.matcher = HrddMatcherV1
    screener.warm()


WAYS: dict[str, Callable[[Screener], None]] = {"old": _old, "new": _new, "hrdd-v1": _v1}


def _measure(screener: Screener, way: str, queries: list[str], extra: list[str], scores: bool) -> dict[str, Any]:
    start = time.process_time()
    WAYS[way](screener)
    gc.freeze()
    warm_cpu = time.process_time() - start
    for name in queries[:20]:  # as the bench of the previous figures: 20 queries first
        screener.screen(query_record([name]))
    walls, cpus = [], []
    for name in queries:
        wall, cpu = time.perf_counter(), time.process_time()
        screener.screen(query_record([name]))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    pairs: list[tuple[str, str, float, str]] = []
    if scores:
        for name in queries + extra:
            pairs.extend((name, s.entry.id, s.result.score, json.dumps([f.result.detail for f in s.result.features]))
                         for s in screener.score(query_record([name])))
    walls.sort()
    cpus.sort()
    p95 = int(len(cpus) * 0.95)
    return {"way": way, "warm_cpu": warm_cpu, "wall_p50": statistics.median(walls), "wall_p95": walls[p95],
            "cpu_p50": statistics.median(cpus), "cpu_p95": cpus[p95], "cpu_mean": statistics.fmean(cpus),
            "load": os.getloadavg()[0], "pairs": pairs}


def _in_child(run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send, leave without running the parent's clean-up
        os.close(read)
        try:
            data = json.dumps(run()).encode()
        except BaseException as err:  # noqa: BLE001 - reported to the parent
            data = json.dumps({"error": repr(err)}).encode()
        with os.fdopen(write, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        data = source.read()
    os.waitpid(pid, 0)
    result: dict[str, Any] = json.loads(data)
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    screener = open_screener()
    if screener is None:
        sys.exit("no lists loaded in HRDD_HOME (scripts/load_shared_lists.py)")
    entries = list(screener.index.entries(100_000))
    queries = [n for e in entries for n in e.names[:1]][::40][:args.queries]
    with_countries = [n for e in entries if e.schema not in PERSON_SCHEMATA for n in e.names
                      if canonical_org_name(n).countries]
    extra = with_countries[::max(1, len(with_countries) // 100)][:100]
    canonical_org_name.cache_clear()  # the children start from what open_screener left
    country_word.cache_clear()
    load_start = os.getloadavg()[0]
    results: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
    for i in range(args.runs):
        for way in list(WAYS) if i % 2 == 0 else list(WAYS)[::-1]:
            print(f"run {i + 1}/{args.runs}: {way}", file=sys.stderr)
            results[way].append(_in_child(lambda way=way, i=i: _measure(
                screener, way, queries, extra, scores=(i == 0 and way != "hrdd-v1"))))
    old_pairs = {(q, e): (s, d) for q, e, s, d in results["old"][0]["pairs"]}
    new_pairs = {(q, e): (s, d) for q, e, s, d in results["new"][0]["pairs"]}
    differ = [k for k in old_pairs.keys() | new_pairs.keys() if old_pairs.get(k) != new_pairs.get(k)]

    def med(way: str, key: str) -> float:
        return statistics.median(r[key] for r in results[way])

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [(f"`python -m bench.warm_match --runs {args.runs} --queries {args.queries}`, {when}, {os.cpu_count()} "
             f"cores, load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end; "
             f"{len(queries)} list names per run, medians of {args.runs} forked runs per way."), "",
             "| per query (warmed, then gc.freeze) | old | new | new / old | hrdd-v1 (new way) |", "|---|---|---|---|---|"]
    for key, label in (("cpu_p50", "CPU p50"), ("cpu_p95", "CPU p95"), ("cpu_mean", "CPU mean"),
                       ("wall_p50", "wall p50"), ("wall_p95", "wall p95")):
        old, new, v1 = med("old", key), med("new", key), med("hrdd-v1", key)
        lines.append(f"| {label} | {old:.2f} ms | {new:.2f} ms | {new / old:.2f} | {v1:.2f} ms |")
    lines.append(f"| warm-up CPU | {med('old', 'warm_cpu'):.1f} s | {med('new', 'warm_cpu'):.1f} s | "
                 f"{med('new', 'warm_cpu') / med('old', 'warm_cpu'):.2f} | {med('hrdd-v1', 'warm_cpu'):.1f} s |")
    lines += ["", (f"Scores: {len(old_pairs):,} (query, entry) pairs scored in full both ways "
              f"({len(queries)} list names and {len(extra)} organisation names with country words, every candidate): "
              f"{len(differ)} differ in score or explanation.")]
    if differ:
        lines += [f"- {q!r} / {e}: old {old_pairs.get((q, e))}, new {new_pairs.get((q, e))}" for q, e in differ[:10]]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
