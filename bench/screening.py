"""Screening benchmark: index build, one-query latency, a 10,000-query batch on 2 cores, an
optional synthetic 1,000,000-name scale run, and ratios against nomenklatura logic-v2 scoring
the same candidates and against a brute-force rapidfuzz scan.

    python -m bench.screening [--ftm FILE ...] [--queries 1000] [--batch 10000] [--workers 2] [--scale 1000000]

List data: the FtM JSONL under ``lists_dir`` (HRDD_HOME), else FtM files given with ``--ftm``,
else the OFAC SDN CSV files in ``shared/data/ofac_sdn``. Timings are wall-clock on this machine;
no test asserts on them.
"""

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path

from bench.compare_algos import nomenklatura_scorer, nomenklatura_version
from bench.ofac_records import default_paths, ofac_sdn_entities
from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import discover_lists, iter_proxies, records_from_proxies
from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.normalize import analyze
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from hrdd.settings import get_settings

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
SCHEMA_OF = {"Person": "Person"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_records(ftm: list[Path]) -> tuple[list[Record], str]:
    snapshots = discover_lists(get_settings().lists_dir)
    if snapshots:
        records = [r for s in snapshots for r in records_from_proxies(iter_proxies(s.path), s.source)]
        return records, f"lists_dir ({', '.join(s.source for s in snapshots)})"
    if ftm:
        records = [r for p in ftm for r in records_from_proxies(iter_proxies(p), p.stem.split(".")[0])]
        return records, ", ".join(str(p) for p in ftm)
    paths = default_paths(SHARED)
    if paths is None:
        raise SystemExit("no list data: load lists, pass --ftm, or provide shared/data/ofac_sdn")
    return records_from_proxies(ofac_sdn_entities(*paths), "ofac-sdn"), "OFAC SDN CSV (shared/data)"


def _mutate(name: str, rng: random.Random) -> str:
    chars = list(name)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[1:])
    op = rng.random()
    if op < 0.4:
        del chars[i]
    elif op < 0.7:
        chars[i] = rng.choice("aeioustrnl")
    else:
        j = min(i + 1, len(chars) - 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def make_queries(records: list[Record], n: int, seed: int = 7) -> list[Record]:
    """Listed names (exact and with one typo) and clean names, in equal parts."""
    rng = random.Random(seed)
    clean = [line.split(",")[0] for line in
             (Path(__file__).parent / "data" / "clean_names.csv").read_text(encoding="utf-8").splitlines()[1:]]
    named = [r for r in records if r.names]
    queries = []
    for i in range(n):
        kind = i % 3
        if kind == 2:
            queries.append(query_record([rng.choice(clean)]))
            continue
        entry = rng.choice(named)
        name = rng.choice(entry.names)
        schema = "Person" if entry.schema == "Person" else "LegalEntity"
        queries.append(query_record([name if kind == 0 else _mutate(name, rng)], schema=schema))
    return queries


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p50 * 1000, p95 * 1000


_WORKER: Screener | None = None


def time_queries(screener: Screener, queries: list[Record], *, screen: bool
                 ) -> tuple[list[list[Record]], list[float], list[float], list[float]]:
    """Each query's candidates, and the seconds spent on candidates, scoring and both.

    ``screen``: what ``Screener.screen`` does at the default threshold (qualifiers skipped for
    candidates that cannot reach it); otherwise every candidate is scored in full, as a yente
    ``/match`` answer or the logic-v2 comparison needs."""
    matcher, cut = screener.matcher, screener.matcher.DEFAULT_THRESHOLD
    cands, cand_t, score_t, total_t = [], [], [], []
    for q in queries:
        t = time.perf_counter()
        found = screener.index.candidates(q, screener.candidates)
        t1 = time.perf_counter()
        for entry in found:
            if screen:
                matcher.compare_above(q, entry, cut)
            else:
                matcher.compare(q, entry)
        t2 = time.perf_counter()
        cands.append(found)
        cand_t.append(t1 - t)
        score_t.append(t2 - t1)
        total_t.append(t2 - t)
    return cands, cand_t, score_t, total_t


def _init_worker(index_path: str) -> None:
    global _WORKER
    _WORKER = Screener(TantivyIndex(Path(index_path)), OwnershipGraph())
    analyze("warm up", "Person")


def _screen_chunk(queries: list[Record]) -> int:
    assert _WORKER is not None
    return sum(len(_WORKER.screen(q)) for q in queries)


def run_batch(index_path: Path, queries: list[Record], workers: int) -> tuple[float, int]:
    chunks = [queries[i:i + 100] for i in range(0, len(queries), 100)]
    ctx = get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(index_path),)) as pool:
        pool.map(_screen_chunk, chunks[:workers])  # warm each worker (rigour name data)
        t0 = time.perf_counter()
        hits = sum(pool.map(_screen_chunk, chunks))
        return time.perf_counter() - t0, hits


def previous_matcher_run(screener: Screener, queries: list[Record]) -> dict[str, float]:
    """The warmed service's query time with the default matcher and with hrdd-v1, the same
    queries interleaved (alternating which goes first) so that load on the machine hits both."""
    previous = Screener(screener.index, screener.graph, matcher=HrddMatcherV1)
    for q in queries[:20]:
        previous.screen(q)
    now_t, prev_t = [], []
    for i, q in enumerate(queries):
        pair = (screener, previous) if i % 2 == 0 else (previous, screener)
        for which in pair:
            t = time.perf_counter()
            which.screen(q)
            (now_t if which is screener else prev_t).append(time.perf_counter() - t)
    n50, n95 = _percentiles(now_t)
    p50, p95 = _percentiles(prev_t)
    print(f"  same queries interleaved: {screener.algorithm} p50 {n50:.2f} ms, p95 {n95:.2f} ms; "
          f"{previous.algorithm} p50 {p50:.2f} ms, p95 {p95:.2f} ms; ratio {n50 / p50:.2f}x (p50), "
          f"{n95 / p95:.2f}x (p95)")
    return {"interleaved_p50_ms": n50, "interleaved_p95_ms": n95, "previous_p50_ms": p50, "previous_p95_ms": p95}


def synthetic_records(n: int, seed: int = 11) -> Iterator[Record]:
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ra", "sen", "tor", "vin", "bel", "dra", "gon", "har", "jin", "ko", "lan",
            "mar", "nor", "pol", "qui", "ros", "sta", "tri", "ul", "val", "wen", "xi", "yor", "zen"]
    forms = ["LLC", "Ltd", "GmbH", "JSC", "S.A.", "Holding", "Group", "Trading", "Technologies", ""]
    for i in range(n):
        words = ["".join(rng.choice(syll) for _ in range(rng.randint(2, 3))).capitalize()
                 for _ in range(rng.randint(1, 3))]
        person = i % 2 == 0
        name = " ".join(words) if person else " ".join([*words, rng.choice(forms)]).strip()
        yield Record(schema="Person" if person else "Company", names=(name,), id=f"syn-{i}", source="syn",
                     entry_id=str(i), caption=name)


def scale_run(n: int, queries: int, workdir: Path) -> dict[str, float]:
    analyze("warm up", "Person")  # the one-off rigour load is not part of the build
    index = TantivyIndex(workdir / "scale")
    t0 = time.perf_counter()
    sample: list[Record] = []
    rng = random.Random(3)

    def keep(records: Iterator[Record]) -> Iterator[Record]:
        for r in records:
            if rng.random() < queries / n:
                sample.append(r)
            yield r

    count = index.build(keep(synthetic_records(n)), "synthetic")
    build = time.perf_counter() - t0
    screener = Screener(index, OwnershipGraph())
    times = []
    for r in sample[:queries]:
        q = query_record([_mutate(r.names[0], rng)], schema=r.schema)
        t = time.perf_counter()
        screener.screen(q)
        times.append(time.perf_counter() - t)
    p50, p95 = _percentiles(times)
    return {"entries": count, "build_s": build, "p50_ms": p50, "p95_ms": p95, "rss_mb": _rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ftm", type=Path, nargs="*", default=[], help="FtM JSONL files to index")
    parser.add_argument("--queries", type=int, default=1000, help="single queries timed")
    parser.add_argument("--batch", type=int, default=10_000, help="queries in the batch run (0 skips)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=0, help="synthetic names for the scale run (e.g. 1000000)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        records, origin = load_records(args.ftm)
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        analyze("warm up", "Person")  # one-off load of rigour's name reference data
        warmup_s = time.perf_counter() - t0
        index = TantivyIndex(work / "index")
        t0 = time.perf_counter()
        index.build(records, "bench")
        build_s = time.perf_counter() - t0
        names = sum(len(r.names) + len(r.weak_aliases) for r in records)
        print(f"list data: {origin}: {len(records)} entries, {names} names")
        print(f"index build: {build_s:.1f} s (+ {read_s:.1f} s reading FtM, + {warmup_s:.1f} s one-off rigour "
              f"name-data load), {len(records) / build_s:,.0f} entries/s")
        figures.update(entries=len(records), names=names, build_s=build_s, read_s=read_s, warmup_s=warmup_s)

        screener = Screener(index, OwnershipGraph())
        for q in make_queries(records, 20):
            screener.screen(q)  # warm caches of the code paths, not of the measured queries' names
        queries = make_queries(records, args.queries, seed=8)
        _, cand_t, _, total_t = time_queries(screener, queries, screen=True)
        p50, p95 = _percentiles(total_t)
        c50, _ = _percentiles(cand_t)
        print(f"one query, cold process ({len(queries)} queries, top-{screener.candidates} candidates, "
              f"alerts at {screener.matcher.DEFAULT_THRESHOLD}): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
              f"(candidates p50 {c50:.1f} ms)")
        figures.update(p50_ms=p50, p95_ms=p95, candidates_p50_ms=c50)
        queries = make_queries(records, args.queries, seed=9)
        cands, _, score_t, full_t = time_queries(screener, queries, screen=False)
        f50, _ = _percentiles(full_t)
        s50, _ = _percentiles(score_t)
        print(f"  every candidate scored in full (as /match does), other queries: p50 {f50:.1f} ms "
              f"(scoring p50 {s50:.1f} ms)")
        figures.update(full_p50_ms=f50, scoring_p50_ms=s50)

        t0 = time.perf_counter()
        warmed = screener.warm()
        gc.freeze()
        warm_s = time.perf_counter() - t0
        _, _, _, service_t = time_queries(screener, make_queries(records, args.queries, seed=10), screen=True)
        w50, w95 = _percentiles(service_t)
        print(f"one query, service ({warmed:,} listed names analysed at start in {warm_s:.1f} s, "
              f"other queries): p50 {w50:.1f} ms, p95 {w95:.1f} ms")
        figures.update(service_p50_ms=w50, service_p95_ms=w95, warm_s=warm_s, warmed_names=warmed)
        previous = previous_matcher_run(screener, make_queries(records, args.queries, seed=12))
        figures.update(previous)

        print("\nratios on the same queries (time per query, p50; ratio = other / hrdd):")
        print(f"  {screener.algorithm + ' (index + screening)':32} {p50:9.1f} ms   1.00")
        version = nomenklatura_version()
        if version is None:
            print("  logic-v2: skipped (nomenklatura not installed; optional `compare` extra)")
        else:
            algo = nomenklatura_scorer("logic-v2")
            for q, found in zip(queries[:20], cands[:20], strict=True):
                for entry in found:
                    algo(q, entry)  # warm-up
            v2 = []
            for q, found in zip(queries, cands, strict=True):
                t = time.perf_counter()
                for entry in found:
                    algo(q, entry)
                v2.append(time.perf_counter() - t)
            v2_50, _ = _percentiles(v2)
            print(f"  {'logic-v2 scoring same cands':32} {v2_50:9.1f} ms   {v2_50 / s50:.2f}x our full scoring "
                  f"of them ({s50:.1f} ms), nomenklatura {version}")
            figures.update(logic_v2_scoring_p50_ms=v2_50)
        from rapidfuzz import fuzz, process

        choices = [n for r in records for n in r.names]
        brute = []
        for q in queries[:60]:
            t = time.perf_counter()
            process.extract(q.names[0], choices, scorer=fuzz.token_sort_ratio, limit=10)
            brute.append(time.perf_counter() - t)
        b50, _ = _percentiles(brute)
        print(f"  {'rapidfuzz brute-force scan':32} {b50:9.1f} ms   {b50 / p50:.2f}x ({len(choices)} names, "
              "token_sort_ratio, one core)")
        figures.update(bruteforce_p50_ms=b50)

        if args.batch:
            batch = make_queries(records, args.batch, seed=9)
            secs, hits = run_batch(work / "index", batch, args.workers)
            print(f"\nbatch: {len(batch)} queries on {args.workers} processes in {secs:.1f} s "
                  f"({len(batch) / secs:,.0f} queries/s, {hits} hits)")
            figures.update(batch_queries=len(batch), batch_s=secs, batch_workers=args.workers)
        if args.scale:
            # a process of its own, so that its resident memory is the scale run's alone
            with get_context("spawn").Pool(1) as pool:
                result = pool.apply(scale_run, (args.scale, min(args.queries, 300), work))
            print(f"\nscale: {result['entries']:,.0f} synthetic names indexed in {result['build_s']:.1f} s; "
                  f"query p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms; "
                  f"max RSS of the scale process {result['rss_mb']:.0f} MB")
            figures["scale"] = result
    print(f"\nmax RSS of this process: {_rss_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
