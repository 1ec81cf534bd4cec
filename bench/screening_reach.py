"""Screening with and without the bound of ``hrdd.screening.reach``, side by side in one process.

    python -m bench.screening_reach [--queries 300] [--rounds 2] [--write FILE]

Needs lists loaded in HRDD_HOME (``hrdd lists import`` or scripts/load_shared_lists.py). Opens
the screener, warms it as the service does (``Screener.warm()``, ``gc.freeze()``), then screens
three sets of queries at the default threshold, each query twice in a row, once with the bound
and once without (which goes first alternates), clearing the caches of compared name pairs
before each screening so that both compare every pair anew:

- list names: every 40th entry's first name, as ``bench.warm_match`` and ``bench.startup`` use;
- respellings: the same entries' names with one letter changed, dropped or doubled;
- clean names: the batch benchmark's synthetic parties (``bench.screening_batch``), which match
  nothing listed, as most rows of a customer file.

Prints CPU time per query (p50, p95, mean) both ways and the ratio, the name pairs aligned both
ways (with the bound, only those that can reach the threshold: ``hrdd.screening.above``), and
the number of queries whose hits, scores or explanations differ between the two ways (must be 0).
"""

import argparse
import csv
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.rescreen import _respell
from bench.screening_batch import write_parties
from hrdd.screening import align, names_v2, reach
from hrdd.screening.record import Record, query_record
from hrdd.services.screening import open_screener

ROOT = Path(__file__).resolve().parent.parent


def _stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], statistics.mean(ordered)


def _query_sets(screener: Any, count: int, work: Path) -> dict[str, list[Record]]:
    rng = random.Random(40)
    entries = [e for i, e in enumerate(screener.index.entries(200_000)) if i % 40 == 0 and e.names][:count]
    listed = [query_record([e.names[0]], schema=e.schema) for e in entries]
    respelled = [query_record([_respell(e.names[0], rng)], schema=e.schema) for e in entries]
    parties = work / "parties.csv"
    write_parties(parties, count * 3, [e.names[0] for e in entries[:5]])
    with parties.open(encoding="utf-8", newline="") as fh:
        clean = [query_record([row["name"]], schema=row["schema"]) for row in csv.DictReader(fh)][:count]
    return {"list names": listed, "respellings": respelled, "clean names": clean}


def measure(screener: Any, queries: list[Record], rounds: int) -> dict[str, Any]:
    cpu: dict[str, list[float]] = {"with": [], "without": []}
    found: dict[str, list[object]] = {"with": [], "without": []}
    enabled = reach.is_enabled
    switch: dict[str, Callable[[], bool]] = {"with": enabled, "without": lambda: False}
    aligned = {"with": 0, "without": 0}  # name pairs compared in full (distinct pairs: the cache's misses)
    for rnd in range(rounds):
        for i, query in enumerate(queries):
            order = ("with", "without") if (i + rnd) % 2 == 0 else ("without", "with")
            for way in order:
                align.compare_names.cache_clear()
                names_v2.compare_names_v2.cache_clear()
                reach.is_enabled = switch[way]  # type: ignore[method-assign]
                start = time.process_time()
                hits = screener.screen(query)
                cpu[way].append((time.process_time() - start) * 1000)
                aligned[way] += names_v2.compare_names_v2.cache_info().misses + align.compare_names.cache_info().misses
                if rnd == 0:
                    found[way].append([(h.entry.id, h.result) for h in hits])
    reach.is_enabled = enabled  # type: ignore[method-assign]
    differ = sum(a != b for a, b in zip(found["with"], found["without"], strict=True))
    return {"cpu": cpu, "differ": differ, "hits": sum(map(len, found["with"])), "aligned": aligned}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", default=str(ROOT / "bench" / "results" / "screening_reach.md"),
                        help="results file ('-': print only)")
    args = parser.parse_args(argv)
    screener = open_screener()
    if screener is None:
        raise SystemExit("no lists loaded in HRDD_HOME")
    if not reach.is_enabled():
        raise SystemExit("the bound is off under this rigour version (hrdd.screening.reach.RIGOUR_VERSIONS)")
    import tempfile

    load_start = os.getloadavg()[0]
    screener.warm()
    gc.freeze()
    with tempfile.TemporaryDirectory() as tmp:
        sets = _query_sets(screener, args.queries, Path(tmp))
    for query in sets["list names"][:20]:
        screener.screen(query)
    lines = [("| queries (hits) | without: CPU p50 / p95 / mean | with the bound | with / without | "
             "name pairs aligned, with / without | queries that differ |"), "|---|---|---|---|---|---|"]
    for label, queries in sets.items():
        result = measure(screener, queries, args.rounds)
        w50, w95, wmean = _stats(result["cpu"]["with"])
        o50, o95, omean = _stats(result["cpu"]["without"])
        aligned = result["aligned"]
        lines.append(f"| {label}, {len(queries)} ({result['hits']}) | {o50:.2f} / {o95:.2f} / {omean:.2f} ms | "
                     f"{w50:.2f} / {w95:.2f} / {wmean:.2f} ms | {w50 / o50:.2f} / {w95 / o95:.2f} / "
                     f"{wmean / omean:.2f} | {aligned['with']:,} / {aligned['without']:,} "
                     f"({aligned['with'] / max(1, aligned['without']):.0%}) | {result['differ']} |")
        print(lines[-1], flush=True)
    head = (f"`python -m bench.screening_reach --queries {args.queries} --rounds {args.rounds}`, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load average "
            f"{load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end; matcher "
            f"{screener.algorithm}, {screener.index.count():,} entries; CPU per warm query, each query "
            f"screened both ways in a row ({args.rounds} rounds, order alternated, compared pairs not cached).")
    text = "\n".join(["# Screening with and without the bound (bench/screening_reach.py)", "", head, "", *lines, ""])
    print(text)
    if args.write != "-":
        Path(args.write).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
