"""Batch screening benchmark: a synthetic file of parties screened by ``hrdd.services.screening_file``
(process pool over the shared on-disk index, resumable CSV output) against the OFAC SDN list.

    python -m bench.screening_batch [--rows 1000000] [--workers 2] [--home DIR] [--matcher hrdd-v2]

The party file is generated in the work directory (never committed): persons and companies
from pools of given names, family names, company words, trades, legal forms and countries, with
made-up surnames and brands in four rows of five so that most names differ, and one row in 100
a listed name with a typo (so hits occur). A name that recurs is screened once per process. The figure is the
wall-clock time of ``screen_file``; run it twice with the same ``--home`` to see a rerun resume.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hrdd.services.screening import open_screener
from hrdd.services.screening_file import PartyLine, screen_file
from hrdd.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
GIVEN = ["James", "Maria", "Wei", "Aisha", "Olga", "Juan", "Fatima", "Hiroshi", "Anna", "Mohammed", "Priya", "Lars",
         "Sofia", "Chen", "Ivan", "Amara", "Lucas", "Mei", "Omar", "Elena", "David", "Yuki", "Kwame", "Nina", "Paul",
         "Sara", "Ahmed", "Laura", "Pedro", "Ingrid", "Raj", "Leila", "Tomas", "Hana", "Marek", "Zanele"]
FAMILY = ["Smith", "Garcia", "Wang", "Khan", "Ivanova", "Lopez", "Haddad", "Tanaka", "Muller", "Rahman", "Patel",
          "Nilsson", "Rossi", "Li", "Petrov", "Okafor", "Silva", "Zhang", "Farouk", "Popescu", "Cohen", "Sato",
          "Mensah", "Novak", "Martin", "Berg", "Hussain", "Moreau", "Costa", "Larsen", "Sharma", "Karimi", "Horvat",
          "Kim", "Kowalski", "Dlamini", "Nguyen", "Schneider", "Yilmaz", "Andersen"]
WORDS = ["Alpine", "Harbour", "Sunrise", "Northern", "Granite", "Cedar", "Silver", "Meridian", "Pioneer", "Summit",
         "Coastal", "Evergreen", "Atlas", "Beacon", "Falcon", "Horizon", "Keystone", "Lakeside", "Orchard", "Prairie",
         "Riverside", "Sterling", "Trident", "Valley", "Willow", "Zenith", "Crescent", "Maple", "Oakwood", "Redwood"]
TRADES = ["Logistics", "Foods", "Textiles", "Engineering", "Software", "Bakery", "Consulting", "Retail", "Dental",
          "Printing", "Furniture", "Travel", "Farms", "Optics", "Plastics", "Media", "Pharmacy", "Tools", "Marine"]
FORMS = ["Ltd", "GmbH", "LLC", "S.A.", "B.V.", "AB", "Oy", "S.r.l.", "Pty Ltd", "Inc.", ""]
COUNTRIES = ["de", "fr", "gb", "us", "se", "nl", "it", "es", "jp", "in", "br", "za", "au", "ca", "pl", "ke"]


SYLLABLES = ["ka", "lo", "mi", "ra", "sen", "tor", "vin", "bel", "dra", "gon", "har", "jin", "ko", "lan", "mar",
             "nor", "pol", "qui", "ros", "sta", "tri", "ul", "val", "wen", "xi", "yor", "zen", "bo", "de", "fa"]


def _coined(rng: random.Random) -> str:
    """A made-up surname or brand of two to four syllables (most rows differ, as in real files)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:]


def write_parties(path: Path, rows: int, listed: list[str], seed: int = 5) -> int:
    """Write the synthetic party file; returns the number of distinct names."""
    rng = random.Random(seed)
    distinct: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "country", "schema"])
        for i in range(rows):
            if i % 100 == 99 and listed:
                name, schema, country = _typo(rng.choice(listed), rng), "LegalEntity", ""
            elif i % 2 == 0:
                family = rng.choice(FAMILY) if rng.random() < 0.2 else _coined(rng)
                name = f"{rng.choice(GIVEN)} {rng.choice(GIVEN) + ' ' if rng.random() < 0.3 else ''}{family}"
                schema, country = "Person", rng.choice(COUNTRIES)
            else:
                brand = rng.choice(WORDS) if rng.random() < 0.2 else _coined(rng)
                name = f"{brand} {rng.choice(TRADES)} {rng.choice(FORMS)}".strip()
                schema, country = "Company", rng.choice(COUNTRIES)
            distinct.add(name)
            writer.writerow([name, country, schema])
    return len(distinct)


def _import_ofac(home: Path) -> None:
    sdn = SHARED / "ofac_sdn"
    files = [sdn / "2024-07-02" / "sdn.csv", *(sdn / "2025-12" / n for n in ("add.csv", "alt.csv", "sdn_comments.csv"))]
    subprocess.run([sys.executable, "-m", "hrdd", "lists", "import", "ofac-sdn", *map(str, files)], check=True,
                   env={"HRDD_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                   stdout=subprocess.DEVNULL)


class _Stopped(Exception):
    pass


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--home", type=Path, help="work directory kept between runs (default: a temporary one)")
    parser.add_argument("--matcher", default="hrdd-v2")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="stop after this long (as if interrupted; a rerun with the same --home resumes)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        if not (home / "lists").is_dir():
            _import_ofac(home)
        settings = Settings(home=home, screening_matcher=args.matcher)
        t0 = time.perf_counter()
        screener = open_screener(settings)
        assert screener is not None
        print(f"index ready in {time.perf_counter() - t0:.1f} s ({screener.index.count()} entries)")
        parties = home / f"parties-{args.rows}.csv"
        if not parties.is_file():
            listed = [n for r in screener.index.entries(20_000) for n in r.names[:1]]
            distinct = write_parties(parties, args.rows, listed)
            print(f"wrote {args.rows:,} parties ({distinct:,} distinct names) to {parties}")
        with parties.open(newline="", encoding="utf-8") as fh:
            lines = [PartyLine(i, r["name"], r["country"] or None, r["schema"])
                     for i, r in enumerate(csv.DictReader(fh), start=2)]
        last = [time.perf_counter(), 0]
        first = [-1]
        t0 = time.perf_counter()

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if first[0] < 0:
                first[0] = done
            if now - last[0] >= 30 or done == total:
                print(f"  {done:,}/{total:,} rows, {(done - last[1]) / max(now - last[0], 1e-9):,.0f} rows/s now",
                      flush=True)
                last[0], last[1] = now, done
            last.append(done)
            if args.max_seconds and now - t0 > args.max_seconds and done < total:
                raise _Stopped

        cpu0 = _cpu_seconds()
        try:
            summary = screen_file(parties, lines, home / f"hits-{args.rows}.csv", settings=settings,
                                  workers=args.workers, on_progress=progress)
            done, stopped = summary.rows - summary.resumed_from, ""
        except _Stopped:
            done, stopped = last[-1] - first[0], " (stopped by --max-seconds; rerun to resume)"
        secs = time.perf_counter() - t0
        cpu = _cpu_seconds() - cpu0
        per_cpu = done / cpu if cpu else 0.0
        print(f"screened {done:,} rows after row {first[0]:,} on {args.workers} processes in {secs:.0f} s wall: "
              f"{done / secs:,.0f} rows/s{stopped}, {settings.screening_matcher}")
        print(f"CPU: {cpu:.0f} s in this process and its workers, {per_cpu:,.0f} rows per CPU-second; "
              f"{args.rows:,} rows on {args.workers} idle cores would take about "
              f"{args.rows / (per_cpu * args.workers) / 60:.1f} min (projection; load average now "
              f"{os.getloadavg()[0]:.1f})" if per_cpu else "CPU: not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
