"""Candidate generation today and as it was (``tests/screening/index_reference.py``), side by side in one process.

    python -m bench.screening_index [--rows 20000] [--queries 300] [--long-words] [--write FILE]

Needs lists loaded in HRDD_HOME (``hrdd lists import`` or scripts/load_shared_lists.py). Opens the
screener's index directory twice, one index for each way, so that neither reuses what the other
decoded or kept. Each query asks both for its candidates in a row (which goes first alternates);
the query's names are analysed beforehand, as the matcher needs them anyway. Three sets:

- batch parties: the batch benchmark's synthetic file (``bench.screening_batch``) in file order,
  so that the words kept from earlier rows help later ones as they do in a batch;
- list names: every 40th entry's first name (as ``bench.screening_reach``);
- respellings: the same names with one letter doubled or dropped.

``--long-words``: today's index looks long words up as a batch does, in the table of the index's
long terms (``TantivyIndex.prepare_long_words``; built beforehand, its build time printed apart).

Prints CPU time per query (p50, p95, mean) both ways and the ratio, and the number of queries
whose candidates differ (must be 0).
"""

import argparse
import csv
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.rescreen import _respell
from bench.screening_batch import write_parties
from hrdd.screening.index import TantivyIndex
from hrdd.screening.index_query import query_terms
from hrdd.screening.record import Record, query_record
from hrdd.services.screening import open_screener
from tests.screening import index_reference as reference

ROOT = Path(__file__).resolve().parent.parent


def _stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], statistics.mean(ordered)


def _query_sets(index: TantivyIndex, rows: int, count: int, work: Path) -> dict[str, list[Record]]:
    rng = random.Random(40)
    entries = [e for i, e in enumerate(index.entries(200_000)) if i % 40 == 0 and e.names][:count]
    listed = [query_record([e.names[0]], schema=e.schema) for e in entries]
    respelled = [query_record([_respell(e.names[0], rng)], schema=e.schema) for e in entries]
    parties = work / "parties.csv"
    write_parties(parties, rows, [e.names[0] for e in entries[:5]])
    with parties.open(encoding="utf-8", newline="") as fh:
        batch = [query_record([row["name"]], schema=row["schema"], countries=(row["country"],) if row["country"] else ())
                 for row in csv.DictReader(fh)]
    return {"batch parties": batch, "list names": listed, "respellings": respelled}


def measure(old: TantivyIndex, new: TantivyIndex, queries: list[Record], limit: int) -> dict[str, Any]:
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    differ = 0
    for i, query in enumerate(queries):
        query_terms(query)  # the names' analysis, shared by both ways (and by the matcher)
        found: dict[str, list[str]] = {}
        for way in (("old", "new") if i % 2 == 0 else ("new", "old")):
            start = time.process_time()
            got = reference.candidates(old, query, limit) if way == "old" else new.candidates(query, limit)
            cpu[way].append((time.process_time() - start) * 1000)
            found[way] = [entry.id for entry in got]
        differ += found["old"] != found["new"]
    return {"cpu": cpu, "differ": differ}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="batch parties (in file order)")
    parser.add_argument("--queries", type=int, default=300, help="list names and respellings")
    parser.add_argument("--write", default=str(ROOT / "bench" / "results" / "screening_index.md"),
                        help="results file ('-': print only)")
    parser.add_argument("--long-words", action="store_true",
                        help="today's index finds long words' near terms in its table, as a batch does")
    args = parser.parse_args(argv)
    screener = open_screener()
    if screener is None or not isinstance(screener.index, TantivyIndex):
        raise SystemExit("no lists loaded in HRDD_HOME")
    load_start = os.getloadavg()[0]
    old, new = TantivyIndex(screener.index.path), TantivyIndex(screener.index.path)
    with tempfile.TemporaryDirectory() as tmp:
        sets = _query_sets(screener.index, args.rows, args.queries, Path(tmp))
    for index in (new, old):  # decode every entry in both (as Screener.warm does)
        sum(1 for _ in index.entries(200_000))
    gc.freeze()
    table = ""
    if args.long_words:
        start = time.perf_counter()
        terms = new.prepare_long_words()
        table = f" Now with the table of {terms:,} long terms, built in {time.perf_counter() - start:.1f} s."
    lines = ["| queries | before: CPU p50 / p95 / mean | now | now / before | queries that differ |",
             "|---|---|---|---|---|"]
    for label, queries in sets.items():
        result = measure(old, new, queries, screener.candidates)
        n50, n95, nmean = _stats(result["cpu"]["new"])
        o50, o95, omean = _stats(result["cpu"]["old"])
        lines.append(f"| {label}, {len(queries):,} | {o50:.3f} / {o95:.3f} / {omean:.3f} ms | "
                     f"{n50:.3f} / {n95:.3f} / {nmean:.3f} ms | {n50 / o50:.2f} / {n95 / o95:.2f} / "
                     f"{nmean / omean:.2f} | {result['differ']} |")
        print(lines[-1], flush=True)
    flag = " --long-words" if args.long_words else ""
    head = (f"`python -m bench.screening_index --rows {args.rows} --queries {args.queries}{flag}`, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load average "
            f"{load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end; {new.count():,} entries, "
            f"{screener.candidates} candidates per query; CPU of `candidates` per query, each query asked both "
            f"ways in a row (order alternated), names analysed beforehand.{table}")
    text = "\n".join(["# Candidate generation before and now (bench/screening_index.py)", "", head, "", *lines, ""])
    print(text)
    if args.write != "-":
        Path(args.write).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
