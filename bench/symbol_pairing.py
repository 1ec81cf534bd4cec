"""The symbol pairing of the warm match with and without the disjoint-symbols skip, in one process.

    python -m bench.symbol_pairing [--queries 300] [--rounds 20]

Needs lists loaded in HRDD_HOME (scripts/load_shared_lists.py). Warms the screener as the service
does (``Screener.warm()``, ``gc.freeze()``), screens ``--queries`` list names (every 40th entry's
first name, as ``bench.warm_match`` and ``bench.startup``) with the caches of compared pairs
cleared, and records every pair of analysed names that ``align._align`` aligned. Then times, in
alternated rounds, the symbol pairing of all those pairs two ways:

- **before**: rigour's ``pair_symbols`` for every pair whose names both have spans (the code
  before the skip);
- **now**: ``align._best_pairing``, which does not call rigour when the two names share no symbol.

Prints the CPU time of both, their ratio, the share of pairs skipped, the pairs whose pairing
differs (must be 0), and what the difference is per query against the CPU time of a whole warm
query measured in the same process.
"""

import argparse
import gc
import statistics
import time
from typing import Any

from rigour.names import Alignment, pair_symbols

from hrdd.screening import align, names_v2
from hrdd.screening.record import query_record
from hrdd.services.screening import open_screener


def _pairing_before(query: Any, result: Any) -> list[Alignment]:
    """``align._best_pairing`` as it was: rigour's pairing whenever both names have spans."""
    qname, rname = query.name, result.name
    if not qname.spans or not rname.spans:
        return []
    best: list[Alignment] = []
    best_cover = 0
    for pairing in pair_symbols(qname, rname):
        if not pairing:
            continue
        cover = 0
        for al in pairing:
            cover += len(al.qps) + len(al.rps)
        if cover > best_cover:
            best, best_cover = list(pairing), cover
    return best


def _clear() -> None:
    align.compare_names.cache_clear()
    names_v2.compare_names_v2.cache_clear()


def run(queries: int, rounds: int) -> list[str]:
    screener = open_screener()
    if screener is None:
        raise SystemExit("no lists loaded in HRDD_HOME (scripts/load_shared_lists.py)")
    screener.warm()
    gc.freeze()
    names = [n for e in screener.index.entries(100_000) for n in e.names[:1]][::40][:queries]
    for name in names[:20]:
        screener.screen(query_record([name]))
    _clear()
    start = time.process_time()
    for name in names:
        screener.screen(query_record([name]))
    query_cpu = (time.process_time() - start) / len(names)

    pairs: list[tuple[Any, Any]] = []
    aligned = align._align

    def recording(query: Any, result: Any, person: bool, extra_result: float) -> Any:
        pairs.append((query, result))
        return aligned(query, result, person, extra_result)

    align._align = recording  # type: ignore[assignment]
    try:
        _clear()
        for name in names:
            screener.screen(query_record([name]))
    finally:
        align._align = aligned  # type: ignore[assignment]

    differ = sum(align._best_pairing(q, r) != _pairing_before(q, r) for q, r in pairs)
    skipped = sum(q.symbols.keys().isdisjoint(r.symbols) for q, r in pairs)
    ways = {"before": _pairing_before, "now": align._best_pairing}
    cpu: dict[str, list[float]] = {way: [] for way in ways}
    for i in range(rounds):
        for way in ways if i % 2 == 0 else list(ways)[::-1]:
            func = ways[way]
            start = time.process_time()
            for q, r in pairs:
                func(q, r)
            cpu[way].append(time.process_time() - start)
    before, now = statistics.median(cpu["before"]), statistics.median(cpu["now"])
    saved = (before - now) / len(names)
    return [
        (f"`python -m bench.symbol_pairing --queries {queries} --rounds {rounds}`: {len(names)} list names, "
        f"{len(pairs):,} pairs of analysed names aligned, {skipped:,} ({skipped / len(pairs):.0%}) share no symbol "
        f"(rigour not called); {differ} pairings differ."),
        "",
        "| symbol pairing of all the pairs (median of rounds, CPU) | before | now | now / before |",
        "|---|---|---|---|",
        f"| per pass | {before * 1000:.2f} ms | {now * 1000:.2f} ms | {now / before:.2f} |",
        f"| per query | {before / len(names) * 1000:.3f} ms | {now / len(names) * 1000:.3f} ms | |",
        "",
        (f"A warm query's CPU in this process: {query_cpu * 1000:.2f} ms (mean); the skip saves "
        f"{saved * 1000:.3f} ms of it ({saved / query_cpu:.1%})."),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print("\n".join(run(args.queries, args.rounds)))


if __name__ == "__main__":
    main()
