"""Case search benchmark: the search page's query at scale, against the query it replaced.

    python -m bench.search [--sqlite-cases 100000] [--pg-cases 1000000] [--runs 30]
                           [--databases sqlite postgres] [--pg-url URL] [--sqlite-path FILE] [--keep]
                           [--write bench/results/search.md]

Fills a database with synthetic cases through the store's tables (varied titles, end users,
countries, capabilities, intermediaries and states; a case file of ~600 characters; PostgreSQL
by COPY), then times what the case list page runs for one request (``hrdd.store.cases.list_cases``:
the first page of 50 rows and its count) for a set of searches, ``--runs`` times each with
varied words, and prints p50/p95. Side by side in the same run, on the same data and with the
same words, the baseline is the search as it was before migration 0019 (``_before``: the
capability as a phrase of the case text, every word a prefix of the full-text index, a count
of up to 10,000 matches). Targets (issue 13): p95 <= 100 ms at 1,000,000 cases on PostgreSQL
and at 100,000 on SQLite. Without ``--keep`` PostgreSQL's schema is dropped and recreated
first: never point ``--pg-url`` at a database you want to keep; with ``--keep`` a database that
already holds the same number of bench cases (``--sqlite-path`` for SQLite) is used as it is.
Not a test: nothing here asserts a time.
"""

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_P95_MS = 100.0
CHUNK = 5_000

PRODUCTS = ["Video analytics", "Face search", "Licence plate recognition", "Network cameras", "Body-worn cameras",
            "Deep packet inspection", "Interception monitoring centre", "IMSI catchers", "Thermal drones",
            "Biometric enrolment kits", "Social-media monitoring", "Mobile forensics kits", "Spyware platform",
            "Smart-city command centre", "Speech analytics", "People-counting sensors"]
CAPABILITIES = ["facial_recognition", "video_analytics", "licence_plate_recognition", "network_camera",
                "body_worn_camera", "deep_packet_inspection", "lawful_interception", "imsi_catcher",
                "drone_surveillance", "biometric_enrolment", "social_media_monitoring", "mobile_forensics",
                "intrusion_software", "data_fusion", "speech_analytics", "people_counting"]
BUYERS = ["State Police", "City Police", "State Security Service", "State Telecom Operator", "Border Agency",
          "Municipality", "Transport Authority", "Retail Chain", "Armed Forces", "Prison Service",
          "Search and Rescue Service", "Interior Ministry"]
PLACES = ["Lagos", "Nairobi", "Lima", "Quito", "Manila", "Hanoi", "Almaty", "Tbilisi", "Baku", "Dhaka", "Karachi",
          "Cairo", "Tunis", "Amman", "Riyadh", "Muscat", "Bogota", "Caracas", "Minsk", "Yerevan"]
COUNTRIES = ["NG", "KE", "PE", "EC", "PH", "VN", "KZ", "GE", "AZ", "BD", "PK", "EG", "TN", "JO", "SA", "OM", "CO",
             "VE", "BY", "AM", "BR", "IN", "ID", "MX", "TR", "AE", "GB", "DE", "FR", "US"]
STATES = ["draft", "assessed", "proposed", "approved", "rejected", "active", "closed"]
LEVELS = [None, "low", "medium", "high", "critical"]
SYLLABLES = ["ka", "ro", "mi", "tan", "vel", "sor", "dun", "pri", "zen", "lok", "bar", "tis", "gor", "ne", "qua"]


def _firm(rng: random.Random) -> str:
    """An intermediary's name: rare words, as a real search for a company would be."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{word} {rng.choice(['Trading', 'Systems', 'Integrators', 'Logistics'])} {rng.choice(['LLC', 'FZE', 'Ltd'])}"


def _rows(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for i in range(count):
        product, capability = rng.choice(list(zip(PRODUCTS, CAPABILITIES, strict=True)))
        buyer, place, country = rng.choice(BUYERS), rng.choice(PLACES), rng.choice(COUNTRIES)
        title = f"{product} for the {place} {buyer.lower()}"
        end_user = f"{place} {buyer}"
        firm = _firm(rng)
        text = (f"title: {title}\nseller: {{name: Example Vendor Inc., country: US}}\n"
                f"products:\n  - {{name: {product} {rng.randint(1, 9)}, capabilities: [{capability}]}}\n"
                f"end_user: {{name: {end_user}, country: {country}, kind: government}}\n"
                f"end_use: {{purposes: [public_safety], scale: city}}\n"
                f"intermediaries:\n  - {{name: {firm}, country: AE, role: distributor}}\n"
                f"facts: {{protest_policing: unknown}}\n")
        level = rng.choice(LEVELS)
        when = start + dt.timedelta(minutes=i)
        yield {"id": f"CASE-BENCH-{i:07d}", "title": title, "state": rng.choice(STATES), "case_text": text,
               "country": country, "end_user": end_user, "created_by": f"analyst{i % 25}", "created_at": when,
               "updated_at": when, "revision": 1, "residual_level": level,
               "residual_score": None if level is None else rng.randint(5, 95)}


def _copy_fill(engine: sa.Engine, count: int) -> None:
    """PostgreSQL: the rows by COPY (minutes instead of a quarter of an hour); the capability
    rows as the store writes them (``capabilities_of`` the case text)."""
    from hrdd.store.search import capabilities_of

    names = list(next(_rows(1)))
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:  # type: ignore[attr-defined]
            with cur.copy(f"COPY cases ({', '.join(names)}) FROM STDIN") as copy:
                for row in _rows(count):
                    copy.write_row([row[n] for n in names])
            with cur.copy("COPY case_capabilities (capability, case_id) FROM STDIN") as copy:
                for row in _rows(count):
                    for capability in capabilities_of(row["case_text"]):
                        copy.write_row([capability, row["id"]])
        raw.commit()
    finally:
        raw.close()


def fill(engine: sa.Engine, count: int) -> float:
    from hrdd.store.search import capabilities_of
    from hrdd.store.tables import case_capabilities, cases

    began = time.perf_counter()
    batch: list[dict[str, Any]] = []
    if engine.dialect.name == "postgresql":
        _copy_fill(engine, count)
    else:
        with engine.begin() as conn:
            for row in _rows(count):
                batch.append(row)
                if len(batch) == CHUNK:
                    conn.execute(cases.insert(), batch)
                    conn.execute(case_capabilities.insert(), [{"capability": c, "case_id": r["id"]} for r in batch
                                                              for c in capabilities_of(r["case_text"])])
                    batch = []
            if batch:
                conn.execute(cases.insert(), batch)
                conn.execute(case_capabilities.insert(), [{"capability": c, "case_id": r["id"]} for r in batch
                                                          for c in capabilities_of(r["case_text"])])
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - began


def _before(conn: sa.Connection, f: Any, offset: int = 0) -> tuple[int, Any]:
    """The baseline: ``list_cases`` as it was before migration 0019 (same rows, same order)."""
    from hrdd.store import search
    from hrdd.store.tables import cases

    query = sa.select(*[c for c in cases.c if c.name != "case_text"])
    for column, value in (("state", f.state), ("country", f.country), ("created_by", f.owner),
                          ("residual_level", f.residual_level), ("recommendation", f.recommendation)):
        if value:
            query = query.where(cases.c[column] == value)
    words = search.query_words(" ".join(w for w in (f.text, f.capability) if w))
    if words and conn.engine.dialect.name == "postgresql":
        query = query.where(sa.literal_column("cases.search").op("@@")(
            sa.func.to_tsquery(search.PG_CONFIG, search.tsquery(words))))
    elif words:
        fts = sa.text("SELECT rowid FROM case_search WHERE case_search MATCH :fts").bindparams(
            fts=search.fts5_query(words)).columns(sa.column("rowid", sa.Integer))
        matched = search.match_count(conn, words)
        query = query.where(sa.literal_column("cases.rowid" if matched.value <= search.PROBE_ABOVE
                                              else "+cases.rowid").in_(fts))
    order = ((cases.c.residual_score.desc().nulls_last(), cases.c.updated_at.desc(), cases.c.id.desc())
             if f.sort == "risk" else (cases.c.updated_at.desc(), cases.c.id.desc()))
    count = conn.execute(sa.select(sa.func.count()).select_from(query.limit(search.COUNT_CAP + 1).subquery()))
    return len(list(conn.execute(query.order_by(*order).limit(50).offset(offset)))), count.scalar_one()


def _searches(rng: random.Random) -> list[tuple[str, Callable[[], Any], int]]:
    """(label, a function giving the filter for one run, rows before the page): each run draws
    its own words. A later page is read after the last row's key (the Next link); before, by
    offset."""
    from hrdd.store.cases import CaseFilter

    return [
        ("first page, no search", lambda: CaseFilter(), 0),
        ("an intermediary's name (rare words)", lambda: CaseFilter(text=_firm(rng).rsplit(" ", 1)[0]), 0),
        ("a place and a buyer (common words)",
         lambda: CaseFilter(text=f"{rng.choice(PLACES)} {rng.choice(BUYERS).split()[-1]}"), 0),
        ("a word prefix", lambda: CaseFilter(text=rng.choice(PRODUCTS).split()[0][:5]), 0),
        ("capability + state filter", lambda: CaseFilter(capability=rng.choice(CAPABILITIES), state="active"), 0),
        ("words + country, highest risk first",
         lambda: CaseFilter(text=rng.choice(PRODUCTS).split()[0], country=rng.choice(COUNTRIES), sort="risk"), 0),
        ("capability + state, page 11 (rows 501-550)",
         lambda: CaseFilter(capability=rng.choice(CAPABILITIES), state="active"), 500),
        ("a word prefix, page 101 (rows 5,001-5,050)",
         lambda: CaseFilter(text=rng.choice(PRODUCTS).split()[0][:5]), 5_000),
    ]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(engine: sa.Engine, runs: int) -> list[dict[str, Any]]:
    from hrdd.store.cases import list_cases, page_after

    results = []
    for label, make, depth in _searches(random.Random(11)):
        ours: list[float] = []
        theirs: list[float] = []
        for run in range(runs):
            f = make()
            with engine.connect() as conn:  # alternated, same words: neither gets a warmer cache
                after = None
                if depth:  # the Next link of the page before (not timed)
                    last, _ = list_cases(conn, f, limit=1, offset=depth - 1)
                    after = page_after(last[0], f.sort) if last else None
                for first in ((True, False) if run % 2 else (False, True)):
                    began = time.perf_counter()
                    if first:
                        rows, total = list_cases(conn, f, offset=depth, after=after)
                        ours.append((time.perf_counter() - began) * 1000)
                    else:
                        _before(conn, f, depth)
                        theirs.append((time.perf_counter() - began) * 1000)
        p50, p95 = _percentiles(ours)
        b50, b95 = _percentiles(theirs)
        results.append({"search": label, "p50": p50, "p95": p95, "before_p50": b50, "before_p95": b95,
                        "last_count": str(total), "rows": len(rows)})
    return results


def _bench_cases(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM cases WHERE id LIKE 'CASE-BENCH-%'")).scalar_one())


def run(database: str, url: str, cases: int, runs: int, keep: bool) -> tuple[float, list[dict[str, Any]]]:
    from hrdd.store import open_store

    if database == "postgres" and not keep:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    store = open_store(url)
    if keep and _bench_cases(store.engine) == cases:
        seconds = float("nan")
        print(f"{database}: {cases:,} cases kept from an earlier run", file=sys.stderr)
    else:
        if _bench_cases(store.engine):
            raise SystemExit(f"{database}: the database holds another number of bench cases; drop it or "
                             "run without --keep")
        seconds = fill(store.engine, cases)
        print(f"{database}: {cases:,} cases written in {seconds:.0f} s", file=sys.stderr)
    return seconds, measure(store.engine, runs)


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def render(outcomes: dict[str, tuple[int, float, list[dict[str, Any]], str]], runs: int) -> str:
    lines = [f"# Case search benchmark ({dt.date.today().isoformat()})", "",
             (f"`python -m bench.search`: {platform.python_version()} on {platform.machine()}, "
              f"{runs} runs a search (words drawn per run), each run timing the search and the search "
              f"before migration 0019 one after the other on the same connection, same data, same words. "
              f"Time is what the case list runs for one page: 50 rows and the count. "
              f"Target p95 <= {TARGET_P95_MS:.0f} ms."), ""]
    for database, (cases, seconds, rows, load) in outcomes.items():
        written = "kept from an earlier run" if math.isnan(seconds) else f"written in {seconds:.0f} s"
        lines += [f"## {database}, {cases:,} cases ({written}; load average {load} at the end)", "",
                  "| search | p50 ms | p95 ms | before p50 ms | before p95 ms | ratio p50 | ratio p95 | count shown |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            lines.append(f"| {r['search']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['before_p50']:.1f} | "
                         f"{r['before_p95']:.1f} | {r['before_p50'] / max(r['p50'], 0.01):.1f}x | "
                         f"{r['before_p95'] / max(r['p95'], 0.01):.1f}x | {r['last_count']} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-cases", type=int, default=100_000)
    parser.add_argument("--pg-cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--sqlite-path", type=Path, help="a file to fill (or keep, with --keep)")
    parser.add_argument("--keep", action="store_true", help="use a database that already holds the bench cases")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    outcomes: dict[str, tuple[int, float, list[dict[str, Any]], str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for database in args.databases:
            path = args.sqlite_path or Path(tmp) / "search.sqlite3"
            url = f"sqlite:///{path}" if database == "sqlite" else args.pg_url
            cases = args.sqlite_cases if database == "sqlite" else args.pg_cases
            seconds, rows = run(database, url, cases, args.runs, args.keep)
            outcomes[database] = (cases, seconds, rows, _load())
    text = render(outcomes, args.runs)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
