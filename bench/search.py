"""Case search benchmark: the search page's query at scale, full-text index against a LIKE scan.

    python -m bench.search [--sqlite-cases 100000] [--pg-cases 1000000] [--runs 30]
                           [--databases sqlite postgres] [--pg-url URL] [--write bench/results/search.md]

Fills a fresh database with synthetic cases through the store's tables (varied titles, end
users, countries, capabilities, intermediaries and states; a case file of ~600 characters),
then times what the case list page runs for one request (``hrdd.store.cases.list_cases``:
the capped count and the first page of 50 rows) for a set of searches, ``--runs`` times each
with varied words, and prints p50/p95. Side by side in the same run and on the same data, the
baseline is the search before the index: ``lower(column) LIKE '%word%'`` over the same text
(title, end user, case file) with an exact count. Targets (issue 13): p95 <= 100 ms at
1,000,000 cases on PostgreSQL and at 100,000 on SQLite. PostgreSQL's schema is dropped and
recreated first: never point ``--pg-url`` at a database you want to keep. Not a test: nothing
here asserts a time.
"""

import argparse
import datetime as dt
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
    """PostgreSQL: the rows by COPY (one statement, minutes instead of a quarter of an hour)."""
    names = list(next(_rows(1)))
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur, cur.copy(f"COPY cases ({', '.join(names)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in _rows(count):
                copy.write_row([row[n] for n in names])
        raw.commit()
    finally:
        raw.close()


def fill(engine: sa.Engine, count: int) -> float:
    from hrdd.store.tables import cases

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
                    batch = []
            if batch:
                conn.execute(cases.insert(), batch)
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - began


def _like_page(conn: sa.Connection, words: list[str]) -> None:
    """The baseline: every word somewhere in title, end user or case file, by LIKE; exact count."""
    from hrdd.store.tables import cases

    query = sa.select(*[c for c in cases.c if c.name != "case_text"])
    for word in words:
        like = f"%{word.lower()}%"
        query = query.where(sa.or_(sa.func.lower(cases.c.title).like(like), sa.func.lower(cases.c.end_user).like(like),
                                   sa.func.lower(cases.c.case_text).like(like)))
    conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    list(conn.execute(query.order_by(cases.c.updated_at.desc(), cases.c.id.desc()).limit(50)))


def _searches(rng: random.Random) -> list[tuple[str, Callable[[], Any]]]:
    """(label, a function giving the filter for one run): each run draws its own words."""
    from hrdd.store.cases import CaseFilter

    return [
        ("first page, no search", lambda: CaseFilter()),
        ("an intermediary's name (rare words)", lambda: CaseFilter(text=_firm(rng).rsplit(" ", 1)[0])),
        ("a place and a buyer (common words)",
         lambda: CaseFilter(text=f"{rng.choice(PLACES)} {rng.choice(BUYERS).split()[-1]}")),
        ("a word prefix", lambda: CaseFilter(text=rng.choice(PRODUCTS).split()[0][:5])),
        ("capability + state filter", lambda: CaseFilter(capability=rng.choice(CAPABILITIES), state="active")),
        ("words + country, highest risk first",
         lambda: CaseFilter(text=rng.choice(PRODUCTS).split()[0], country=rng.choice(COUNTRIES), sort="risk")),
    ]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(engine: sa.Engine, runs: int, baseline_runs: int) -> list[dict[str, Any]]:
    from hrdd.store.cases import list_cases
    from hrdd.store.search import query_words

    results = []
    for label, make in _searches(random.Random(11)):
        ours: list[float] = []
        theirs: list[float] = []
        for run in range(runs):
            f = make()
            with engine.connect() as conn:
                began = time.perf_counter()
                rows, total = list_cases(conn, f)
                ours.append((time.perf_counter() - began) * 1000)
                if run < baseline_runs and f.text and not (f.state or f.country or f.capability):
                    began = time.perf_counter()
                    _like_page(conn, query_words(f.text))
                    theirs.append((time.perf_counter() - began) * 1000)
        p50, p95 = _percentiles(ours)
        row: dict[str, Any] = {"search": label, "p50": p50, "p95": p95, "last_count": str(total),
                               "rows": len(rows)}
        if theirs:
            row["like_p50"], row["like_p95"] = _percentiles(theirs)
        results.append(row)
    return results


def run(database: str, url: str, cases: int, runs: int, baseline_runs: int) -> tuple[float, list[dict[str, Any]]]:
    from hrdd.store import open_store

    if database == "postgres":
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    store = open_store(url)
    seconds = fill(store.engine, cases)
    print(f"{database}: {cases:,} cases written in {seconds:.0f} s", file=sys.stderr)
    return seconds, measure(store.engine, runs, baseline_runs)


def render(outcomes: dict[str, tuple[int, float, list[dict[str, Any]]]], runs: int, baseline_runs: int) -> str:
    lines = [f"# Case search benchmark ({dt.date.today().isoformat()})", "",
             (f"`python -m bench.search`: {platform.python_version()} on {platform.machine()}, "
             f"{runs} runs a search (words drawn per run); the LIKE baseline {baseline_runs} runs of the pure "
             f"text searches, same data, same process. Time is what the case list runs for one page: "
             f"the capped count and 50 rows. Target p95 <= {TARGET_P95_MS:.0f} ms."), ""]
    for database, (cases, seconds, rows) in outcomes.items():
        lines += [f"## {database}, {cases:,} cases (written in {seconds:.0f} s)", "",
                  "| search | p50 ms | p95 ms | LIKE scan p50 ms | LIKE p95 ms | ratio (p50) | count shown |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            like = ("", "", "")
            if "like_p50" in r:
                like = (f"{r['like_p50']:.1f}", f"{r['like_p95']:.1f}", f"{r['like_p50'] / max(r['p50'], 0.01):.0f}x")
            lines.append(f"| {r['search']} | {r['p50']:.1f} | {r['p95']:.1f} | {like[0]} | {like[1]} | {like[2]} "
                         f"| {r['last_count']} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-cases", type=int, default=100_000)
    parser.add_argument("--pg-cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    outcomes: dict[str, tuple[int, float, list[dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for database in args.databases:
            url = f"sqlite:///{Path(tmp) / 'search.sqlite3'}" if database == "sqlite" else args.pg_url
            cases = args.sqlite_cases if database == "sqlite" else args.pg_cases
            seconds, rows = run(database, url, cases, args.runs, args.baseline_runs)
            outcomes[database] = (cases, seconds, rows)
    text = render(outcomes, args.runs, args.baseline_runs)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
