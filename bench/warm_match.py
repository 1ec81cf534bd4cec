"""Warm match, the code of an earlier commit vs today's, side by side, with the scores compared.

    python -m bench.warm_match [--before REV] [--runs 3] [--queries 300]

Needs the official lists loaded in HRDD_HOME (scripts/load_shared_lists.py). ``--before`` is a
git revision (default: the commit before the per-candidate speed-ups of issue 14); its ``hrdd``
package is exported with ``git archive`` to a temporary directory (no worktree is made) and run
by the same interpreter through ``PYTHONPATH``. Each measurement is a new process, the ways
alternated run by run, so load on the machine falls on all of them:

- **before**: the earlier commit, matcher hrdd-v2;
- **now**: this tree, matcher hrdd-v2;
- **hrdd-v1**: this tree, matcher hrdd-v1, for reference.

Each process opens the screener, warms up as the service does (``Screener.warm()``, then
``gc.freeze()``), screens 20 queries, then screens ``--queries`` list names it was not asked
before (every 40th entry's first name) and reports the CPU time and wall time of each query.
The first process of before and of now also records what it found: the hits of every timed
query (``Screener.screen``, the path that skips the qualifiers of candidates below the
threshold) and every candidate of those queries and of 100 organisation names with country
words scored in full (``Screener.score``). The parent counts the hits and the (query, entry)
pairs whose score or explanation differ between before and now: both must be 0.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# the commit before the speed-ups of the per-candidate work (issue 14, warm match target)
BEFORE = "d8cb41d"
WAYS = ("before", "now", "hrdd-v1")


def _found(result: Any) -> tuple[float, str]:
    return result.score, json.dumps([[f.name, f.result.score, f.result.detail] for f in result.features])


def child(way: str, names_file: str, scores: bool) -> dict[str, Any]:
    """One measurement, in this process (imports the ``hrdd`` that PYTHONPATH gives)."""
    import gc

    from hrdd.screening.matcher import get_matcher
    from hrdd.screening.record import query_record
    from hrdd.services.screening import open_screener

    data = json.loads(Path(names_file).read_text(encoding="utf-8"))
    queries, extra = data["queries"], data["extra"]
    screener = open_screener()
    if screener is None:
        raise SystemExit("no lists loaded in HRDD_HOME")
    screener.matcher = get_matcher("hrdd-v1" if way == "hrdd-v1" else "hrdd-v2")
    start = time.process_time()
    screener.warm()
    gc.freeze()
    warm_cpu = time.process_time() - start
    for name in data["first"]:  # as the earlier figures: 20 queries first
        screener.screen(query_record([name]))
    walls, cpus, hits = [], [], []
    for name in queries:
        wall, cpu = time.perf_counter(), time.process_time()
        found = screener.screen(query_record([name]))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        hits.append([name, [[h.entry.id, *_found(h.result)] for h in found]])
    pairs: list[list[Any]] = []
    if scores:
        for name in queries + extra:
            pairs.extend([name, s.entry.id, *_found(s.result)] for s in screener.score(query_record([name])))
    walls.sort()
    cpus.sort()
    p95 = int(len(cpus) * 0.95)
    import hrdd

    return {"way": way, "code": str(Path(hrdd.__file__).parent), "warm_cpu": warm_cpu,
            "wall_p50": statistics.median(walls), "wall_p95": walls[p95],
            "cpu_p50": statistics.median(cpus), "cpu_p95": cpus[p95], "cpu_mean": statistics.fmean(cpus),
            "load": os.getloadavg()[0], "hits": hits if scores else [], "pairs": pairs}


def _export(rev: str, into: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "hrdd"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def _pick_names(queries: int) -> dict[str, list[str]]:
    from hrdd.screening.canonical import canonical_org_name
    from hrdd.screening.normalize import PERSON_SCHEMATA
    from hrdd.services.screening import open_screener

    screener = open_screener()
    if screener is None:
        sys.exit("no lists loaded in HRDD_HOME (scripts/load_shared_lists.py)")
    entries = list(screener.index.entries(100_000))
    names = [n for e in entries for n in e.names[:1]][::40]
    with_countries = [n for e in entries if e.schema not in PERSON_SCHEMATA for n in e.names
                      if canonical_org_name(n).countries]
    return {"queries": names[:queries], "first": names[:20],
            "extra": with_countries[::max(1, len(with_countries) // 100)][:100]}


def _run(way: str, code: Path, names_file: str, scores: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", way, "--names", names_file,
                          *(["--scores"] if scores else [])], env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout)
    if Path(result["code"]).resolve() != (code / "hrdd").resolve():
        raise RuntimeError(f"{way} ran {result['code']}, not {code / 'hrdd'}")
    return result


def _differ(before: list[list[Any]], now: list[list[Any]], key: int) -> tuple[int, list[str]]:
    old = {tuple(p[:key]): p[key:] for p in before}
    new = {tuple(p[:key]): p[key:] for p in now}
    keys = [k for k in old.keys() | new.keys() if old.get(k) != new.get(k)]
    return len(old), [f"- {k!r}: before {old.get(k)}, now {new.get(k)}" for k in sorted(keys)[:10]]


def compare(runs: int, queries: int, before: str) -> list[str]:
    names = _pick_names(queries)
    with tempfile.TemporaryDirectory(prefix="warm-match-") as tmp:
        names_file = str(Path(tmp) / "names.json")
        Path(names_file).write_text(json.dumps(names), encoding="utf-8")
        old_code = Path(tmp) / "before"
        old_code.mkdir()
        _export(before, old_code)
        code = {"before": old_code, "now": ROOT, "hrdd-v1": ROOT}
        load_start = os.getloadavg()[0]
        results: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
        for i in range(runs):
            for way in WAYS if i % 2 == 0 else WAYS[::-1]:
                print(f"run {i + 1}/{runs}: {way}", file=sys.stderr)
                results[way].append(_run(way, code[way], names_file, scores=(i == 0 and way != "hrdd-v1")))
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", before], check=True,
                         capture_output=True, text=True).stdout.strip()
    pairs, pair_diff = _differ(results["before"][0]["pairs"], results["now"][0]["pairs"], 2)
    hit_lists = [[q, json.dumps(h)] for q, h in results["before"][0]["hits"]], \
        [[q, json.dumps(h)] for q, h in results["now"][0]["hits"]]
    hit_queries, hit_diff = _differ(*hit_lists, key=1)
    hits = sum(len(h) for _, h in results["now"][0]["hits"])

    def med(way: str, key: str) -> float:
        return statistics.median(r[key] for r in results[way])

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [(f"`python -m bench.warm_match --runs {runs} --queries {queries} --before {before}`, {when}, "
              f"{os.cpu_count()} cores, load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} "
              f"at the end; {queries} list names per run, medians of {runs} processes per way, alternated."), "",
             (f"| per query (warmed, then gc.freeze) | before ({rev}, hrdd-v2) | now (hrdd-v2) | now / before "
              "| hrdd-v1 (now) |"), "|---|---|---|---|---|"]
    for key, label in (("cpu_p50", "CPU p50"), ("cpu_p95", "CPU p95"), ("cpu_mean", "CPU mean"),
                       ("wall_p50", "wall p50"), ("wall_p95", "wall p95")):
        old, new, v1 = med("before", key), med("now", key), med("hrdd-v1", key)
        lines.append(f"| {label} | {old:.2f} ms | {new:.2f} ms | {new / old:.2f} | {v1:.2f} ms |")
    lines.append(f"| warm-up CPU | {med('before', 'warm_cpu'):.1f} s | {med('now', 'warm_cpu'):.1f} s | "
                 f"{med('now', 'warm_cpu') / med('before', 'warm_cpu'):.2f} | {med('hrdd-v1', 'warm_cpu'):.1f} s |")
    lines += ["", (f"Scores: {pairs:,} (query, entry) pairs scored in full both ways ({queries} list names and "
                   f"{len(names['extra'])} organisation names with country words, every candidate): "
                   f"{len(pair_diff)} differ in score or explanation. Hits at the threshold of the {hit_queries} "
                   f"timed queries ({hits} hits now): {len(hit_diff)} queries differ.")]
    return lines + pair_diff + hit_diff


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--before", default=BEFORE, help="git revision to compare with (default %(default)s)")
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--names", help=argparse.SUPPRESS)
    parser.add_argument("--scores", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.names, args.scores)))
        return
    print("\n".join(compare(args.runs, args.queries, args.before)))


if __name__ == "__main__":
    main()
