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
query as the matcher finds them at the threshold (``compare_above``, the path of
``Screener.screen`` that skips what cannot reach it) and every candidate of those queries and of
100 organisation names with country words scored in full (``Screener.score``). The parent counts
the queries and the (query, entry) pairs whose results differ between before and now: both must
be 0. The earlier code gets a data home of its own beside HRDD_HOME's lists (its index format
may differ), built by it before anything is timed.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.screening_batch import build_native

ROOT = Path(__file__).resolve().parent.parent
# the commit before the speed-ups of the per-candidate work (issue 14, warm match target)
BEFORE = "d8cb41d"
WAYS = ("before", "now", "hrdd-v1")


def _found(result: Any) -> tuple[float, str]:
    return result.score, json.dumps([[f.name, f.result.score, f.result.detail] for f in result.features])


def child(way: str, names_file: str, scores: bool, open_only: bool = False) -> dict[str, Any]:
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
    import hrdd

    code = str(Path(hrdd.__file__).parent)
    if open_only:  # builds the index when this code's format is not there yet
        return {"way": way, "code": code}
    screener.matcher = get_matcher("hrdd-v1" if way == "hrdd-v1" else "hrdd-v2")
    start = time.process_time()
    screener.warm()
    gc.freeze()
    warm_cpu = time.process_time() - start
    for name in data["first"]:  # as the earlier figures: 20 queries first
        screener.screen(query_record([name]))
    walls, cpus = [], []
    for name in queries:
        wall, cpu = time.perf_counter(), time.process_time()
        screener.screen(query_record([name]))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB, before the scores are recorded
    pairs: list[list[Any]] = []
    hits: list[list[Any]] = []
    if scores:
        cut = screener.matcher.DEFAULT_THRESHOLD
        for name in queries:  # the matcher's path at a threshold, as Screener.screen takes it
            query = query_record([name])
            above = [(e, screener.matcher.compare_above(query, e, cut)) for e in screener.index.candidates(query)]
            hits.append([name, [[e.id, *_found(r)] for e, r in above if r is not None and r.score >= cut]])
        for name in queries + extra:
            pairs.extend([name, s.entry.id, *_found(s.result)] for s in screener.score(query_record([name])))
    walls.sort()
    cpus.sort()
    p95 = int(len(cpus) * 0.95)
    return {"way": way, "code": code, "warm_cpu": warm_cpu, "rss": rss,
            "wall_p50": statistics.median(walls), "wall_p95": walls[p95],
            "cpu_p50": statistics.median(cpus), "cpu_p95": cpus[p95], "cpu_mean": statistics.fmean(cpus),
            "load": os.getloadavg()[0], "hits": hits, "pairs": pairs}


def paired(names_file: str, before_home: str, reps: int) -> dict[str, Any]:
    """Before and now in this one process, query by query (the order alternated), each
    comparing every pair anew (the caches of compared names cleared each round): load on the
    machine falls on both alike. ``hrdd_before`` is the earlier code under another name."""
    import gc
    from importlib import import_module

    old_services, old_settings, old_align, old_names, old_record = (import_module(f"hrdd_before.{m}") for m in (
        "services.screening", "settings", "screening.align", "screening.names_v2", "screening.record"))
    old_query = old_record.query_record

    from hrdd.screening import align, names_v2
    from hrdd.screening.record import query_record
    from hrdd.services.screening import open_screener

    data = json.loads(Path(names_file).read_text(encoding="utf-8"))
    before = old_services.open_screener(old_settings.Settings(home=Path(before_home)))
    now = open_screener()
    if before is None or now is None:
        raise SystemExit("no lists loaded")
    before.warm()
    now.warm()
    gc.freeze()
    for name in data["first"]:
        before.screen(old_query([name]))
        now.screen(query_record([name]))
    cpu: dict[str, list[float]] = {"before": [], "now": []}
    for rep in range(reps):
        for cache in (old_align.compare_names, old_names.compare_names_v2, align.compare_names,
                      names_v2.compare_names_v2):
            cache.cache_clear()
        for i, name in enumerate(data["queries"]):
            queries = {"before": (before, old_query([name])), "now": (now, query_record([name]))}
            for way in ("before", "now") if (i + rep) % 2 == 0 else ("now", "before"):
                screener, query = queries[way]
                start = time.process_time()
                screener.screen(query)
                cpu[way].append((time.process_time() - start) * 1000)
    return {"cpu": cpu, "load": os.getloadavg()[0]}


def _export_renamed(rev: str, into: Path) -> None:
    """The ``hrdd`` package of ``rev`` as ``hrdd_before`` (imports rewritten), beside today's."""
    if (into / "hrdd_before").is_dir():
        return
    into.mkdir(parents=True, exist_ok=True)
    _export(rev, into)
    (into / "hrdd").rename(into / "hrdd_before")
    for path in (into / "hrdd_before").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bfrom hrdd(\.| import)", r"from hrdd_before\1", text)
        text = re.sub(r"\bimport hrdd\.", "import hrdd_before.", text)
        path.write_text(re.sub(r"\"hrdd\.", '"hrdd_before.', text), encoding="utf-8")


def _paired_lines(names_file: str, before: str, base: Path, home: Path, reps: int) -> list[str]:
    renamed = base / f"renamed-{before}"
    _export_renamed(before, renamed)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{renamed}", "HRDD_HOME": str(home)}
    load_start = os.getloadavg()[0]
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "paired", "--names", names_file,
                          "--before-home", str(base / f"home-{before}"), "--reps", str(reps)],
                         env=env, check=True, capture_output=True, text=True)
    cpu = json.loads(out.stdout)["cpu"]

    def stats(values: list[float]) -> tuple[float, float, float]:
        ordered = sorted(values)
        return statistics.median(ordered), ordered[int(len(ordered) * 0.95)], statistics.fmean(ordered)

    old, new = stats(cpu["before"]), stats(cpu["now"])
    lines = ["", (f"In one process, query by query (`--paired {reps}`): {len(cpu['now'])} screenings per side "
                  f"({reps} rounds of the same names, every pair compared anew each round), load average "
                  f"{load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end."), "",
             "| per query, CPU | before | now | now / before |", "|---|---|---|---|"]
    for label, a, b in zip(("p50", "p95", "mean"), old, new, strict=True):
        lines.append(f"| {label} | {a:.2f} ms | {b:.2f} ms | {b / a:.2f} |")
    return lines


def _export(rev: str, into: Path) -> None:
    """``rev``'s hrdd package into ``into``, with its compiled bound built as its install would
    (``bench.screening_batch.build_native``), so that the earlier code runs as it did."""
    paths = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "hrdd", "hatch_build.py"],
                           check=True, capture_output=True, text=True).stdout.split()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, *paths],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    build_native(into)


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


def _before_home(home: Path, into: Path) -> Path:
    """A data home for the earlier code: the same list files, its own index and cache (the index
    format may differ between the two)."""
    into.mkdir(parents=True, exist_ok=True)
    if not (into / "lists").exists():
        (into / "lists").symlink_to(home / "lists")
    return into


def _run(way: str, code: Path, names_file: str, scores: bool, home: Path, *, open_only: bool = False
         ) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code), "HRDD_HOME": str(home)}
    env.pop("HRDD_INDEX_DIR", None)
    env.pop("HRDD_CACHE_DIR", None)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", way, "--names", names_file,
                          *(["--scores"] if scores else []), *(["--open-only"] if open_only else [])], env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout)
    if Path(result["code"]).resolve() != (code / "hrdd").resolve():
        raise RuntimeError(f"{way} ran {result['code']}, not {code / 'hrdd'}")
    return result


def _differ(before: list[list[Any]], now: list[list[Any]], key: int) -> tuple[int, int, list[str]]:
    """(items before, items that differ, the first ten of them described)."""
    old = {tuple(p[:key]): p[key:] for p in before}
    new = {tuple(p[:key]): p[key:] for p in now}
    keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return len(old), len(keys), [f"- {k!r}: before {old.get(k)}, now {new.get(k)}" for k in keys[:10]]


def compare(runs: int, queries: int, before: str, work: str | None, reps: int) -> list[str]:
    from hrdd.settings import get_settings

    names = _pick_names(queries)
    home = get_settings().home
    with tempfile.TemporaryDirectory(prefix="warm-match-") as tmp:
        base = Path(work) if work else Path(tmp)
        names_file = str(Path(tmp) / "names.json")
        Path(names_file).write_text(json.dumps(names), encoding="utf-8")
        old_code = base / f"before-{before}"
        if not (old_code / "hrdd").is_dir():
            old_code.mkdir(parents=True, exist_ok=True)
            _export(before, old_code)
        code = {"before": old_code, "now": ROOT, "hrdd-v1": ROOT}
        homes = {"before": _before_home(home, base / f"home-{before}"), "now": home, "hrdd-v1": home}
        # the earlier code builds its index in a process of its own, not in a timed one
        _run("before", code["before"], names_file, False, homes["before"], open_only=True)
        load_start = os.getloadavg()[0]
        results: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
        for i in range(runs):
            for way in WAYS if i % 2 == 0 else WAYS[::-1]:
                print(f"run {i + 1}/{runs}: {way}", file=sys.stderr)
                results[way].append(_run(way, code[way], names_file, (i == 0 and way != "hrdd-v1"), homes[way]))
        paired_lines = _paired_lines(names_file, before, base, home, reps) if reps else []
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", before], check=True,
                         capture_output=True, text=True).stdout.strip()
    pairs, pairs_differ, pair_diff = _differ(results["before"][0]["pairs"], results["now"][0]["pairs"], 2)
    hit_lists = [[q, json.dumps(h)] for q, h in results["before"][0]["hits"]], \
        [[q, json.dumps(h)] for q, h in results["now"][0]["hits"]]
    hit_queries, hits_differ, hit_diff = _differ(*hit_lists, key=1)
    hits = sum(len(h) for _, h in results["now"][0]["hits"])

    def med(way: str, key: str) -> float:
        return float(statistics.median(r[key] for r in results[way]))

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [(f"`python -m bench.warm_match --runs {runs} --queries {queries} --before {before} --paired {reps}`, "
              f"{when}, "
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
    lines.append(f"| peak RSS (warmed, after the queries) | {med('before', 'rss'):.0f} MB | {med('now', 'rss'):.0f} MB | "
                 f"{med('now', 'rss') / med('before', 'rss'):.2f} | {med('hrdd-v1', 'rss'):.0f} MB |")
    lines += ["", (f"Scores: {pairs:,} (query, entry) pairs scored in full both ways ({queries} list names and "
                   f"{len(names['extra'])} organisation names with country words, every candidate): "
                   f"{pairs_differ} differ in score or explanation. Hits of the matcher at the threshold "
                   f"(``compare_above``) for the {hit_queries} timed queries ({hits} hits now): "
                   f"{hits_differ} queries differ.")]
    return lines + pair_diff + hit_diff + paired_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--before", default=BEFORE, help="git revision to compare with (default %(default)s)")
    parser.add_argument("--work", help="keep the exported code and its data home here for the next run")
    parser.add_argument("--paired", type=int, default=3, metavar="ROUNDS",
                        help="rounds of before and now in one process, query by query (0: none)")
    parser.add_argument("--child", choices=(*WAYS, "paired"), help=argparse.SUPPRESS)
    parser.add_argument("--before-home", help=argparse.SUPPRESS)
    parser.add_argument("--reps", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--names", help=argparse.SUPPRESS)
    parser.add_argument("--scores", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--open-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "paired":
        print(json.dumps(paired(args.names, args.before_home, args.reps)))
        return
    if args.child:
        print(json.dumps(child(args.child, args.names, args.scores, args.open_only)))
        return
    print("\n".join(compare(args.runs, args.queries, args.before, args.work, args.paired)))


if __name__ == "__main__":
    main()
