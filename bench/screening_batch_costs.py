"""Where the CPU of batch screening goes, per row, in one warmed process (as a pool worker runs).

    python -m bench.screening_batch_costs --home DIR --rows 50000 [--sample 1500]

Reads the party file that ``bench.screening_batch`` wrote in ``DIR`` and screens a sample of its
first occurrences of a name, timing each phase with ``time.process_time``: analysing the query's
name, the index's candidates, scoring them (``Screener.screen_among``), and the rest of a row
(hits, judgements, output line). Then the same names again with another country, compared with
their reachable entries only (what ``screening_reuse`` does for a name seen before), and the
cost of moving a chunk to a worker and back (pickling). Reports rows with hits apart from clean
ones, the share of rows in the file whose name was seen before, and the load average.
"""

import argparse
import csv
import gc
import os
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.screening_batch import write_parties
from hrdd.screening.align import prepare
from hrdd.screening.record import query_record
from hrdd.services.screening import judgement_store, open_screener, screen_record_among
from hrdd.services.screening_file import PartyLine, hit_row
from hrdd.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--matcher", default="hrdd-v2")
    parser.add_argument("--project", type=int, default=1_000_000, metavar="ROWS",
                        help="project the CPU of a synthetic file of this many rows (its share of names seen before)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--after-names", type=int, default=0, metavar="N",
                        help="first analyse N other party names, as a worker has late in a long file "
                             "(the name analysis cache full, listed names' analyses competing with them)")
    args = parser.parse_args(argv)
    settings = Settings(home=args.home, screening_matcher=args.matcher)
    screener = open_screener(settings)
    assert screener is not None
    t = time.process_time()
    warmed = screener.warm()
    print(f"warm-up (once, in the parent before forking): {warmed:,} listed names, "
          f"{time.process_time() - t:.1f} s CPU")
    gc.freeze()
    with (args.home / f"parties-{args.rows}.csv").open(newline="", encoding="utf-8") as fh:
        lines = [PartyLine(i, r["name"], r["country"] or None, r["schema"])
                 for i, r in enumerate(csv.DictReader(fh), start=2)]
    names = {(p.name, p.schema) for p in lines}
    keys = {(p.name, p.country, p.schema) for p in lines}
    print(f"file: {len(lines):,} rows, {len(keys):,} distinct (name, country, schema), {len(names):,} distinct "
          f"(name, schema): {1 - len(names) / len(lines):.1%} of rows repeat a name seen before")
    first: dict[tuple[str, str], PartyLine] = {}
    for p in lines:
        first.setdefault((p.name, p.schema), p)
    rng = random.Random(3)
    sample = rng.sample(sorted(first.values(), key=lambda p: p.line), min(args.sample, len(first)))
    if args.after_names:
        t = time.process_time()
        for i in range(args.after_names):
            party = lines[i % len(lines)]
            prepare(f"{party.name} {i}", party.schema)  # a name no row has
        print(f"analysed {args.after_names:,} other party names first ({time.process_time() - t:.0f} s CPU)")
    store = judgement_store(settings)
    phases = {"clean": [0.0, 0.0, 0.0, 0.0, 0], "hit": [0.0, 0.0, 0.0, 0.0, 0]}  # analysis, candidates, scoring, rest
    reachable = {}
    candidates = 0
    load0 = os.getloadavg()[0]
    for p in sample:
        t0 = time.process_time()
        prepare(p.name, p.schema)
        record = query_record([p.name], schema=p.schema, countries=(p.country,) if p.country else ())
        t1 = time.process_time()
        entries = screener.index.candidates(record, screener.candidates)
        t2 = time.process_time()
        screened = screener.screen_among(record, entries)
        t3 = time.process_time()
        screen_record_among(screener, p.name, country=p.country, schema=p.schema, store=store,
                            among=screened.reachable)  # the rest of a row: hits, judgements
        t4 = time.process_time()
        row = phases["hit" if screened.hits else "clean"]
        for i, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            row[i] += d
        row[4] += 1
        candidates += len(entries)
        reachable[(p.name, p.schema)] = (p, screened.reachable)
    t0 = time.process_time()
    for p, among in reachable.values():
        other = "ru" if p.country != "ru" else "de"
        screen_record_among(screener, p.name, country=other, schema=p.schema, store=store, among=among)
    reused = (time.process_time() - t0) / len(reachable)
    chunk = [(p, None) for p in lines[:200]]
    hits = [hit_row(h, p.line) for p in lines[:200]
            for h in screen_record_among(screener, p.name, country=p.country, schema=p.schema)[0]]
    t0 = time.process_time()
    for _ in range(20):
        pickle.loads(pickle.dumps(chunk))
        pickle.loads(pickle.dumps((hits, [() for _ in chunk])))
    pickled = (time.process_time() - t0) / 20 / len(chunk)
    print(f"per row, CPU (load average {load0:.1f} → {os.getloadavg()[0]:.1f}; "
          f"{candidates / len(sample):.0f} candidates a name):")
    print("| rows | count | query analysis | candidates (index) | scoring | rest | total |")
    print("|---|---|---|---|---|---|---|")
    for label, (a, c, s, r, n) in phases.items():
        if n:
            cells = " | ".join(f"{1000 * v / n:.2f} ms" for v in (a, c, s, r, a + c + s + r))
            print(f"| first row of a name, {label} | {n:,} | {cells} |")
    print(f"| a name seen before, another country (reachable entries only) | {len(reachable):,} | | | | | "
          f"{1000 * reused:.2f} ms |")
    print(f"| moving a chunk to a worker and back (pickling), per row | 200 | | | | | {1000 * pickled:.3f} ms |")
    full = sum(sum(v[:4]) for v in phases.values()) / len(sample)
    _project(args.project, args.workers, full, reused, args.home)
    return 0


def _project(rows: int, workers: int, full: float, reused: float, home: Path) -> None:
    """CPU of a synthetic file of ``rows`` rows: its first rows of a name at ``full`` seconds each,
    the others at ``reused`` (and, as before this change, every row at ``full``)."""
    with tempfile.TemporaryDirectory(dir=home) as tmp:
        path = Path(tmp) / "parties.csv"
        write_parties(path, rows, ["Listed Name"])  # the names of the bench's file, bar the listed ones
        with path.open(newline="", encoding="utf-8") as fh:
            names = len({(r["name"], r["schema"]) for r in csv.DictReader(fh)})
    per_row = (names * full + (rows - names) * reused) / rows
    print(f"projection for {rows:,} rows ({names:,} distinct (name, schema), {1 - names / rows:.1%} of rows repeat "
          f"a name): {1000 * per_row:.2f} ms of CPU per row, {rows * per_row / workers / 60:.0f} min on {workers} "
          f"idle cores (every row screened in full, no reuse at all: {rows * full / workers / 60:.0f} min)")


if __name__ == "__main__":
    sys.exit(main())
