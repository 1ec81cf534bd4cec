"""Service benchmark: the case list and case pages under load, on SQLite and PostgreSQL.

    python -m bench.service [--cases 10000] [--reports 1000] [--seconds 10] [--rounds 3]
                            [--connections 20] [--workers 2] [--databases sqlite postgres]
                            [--pg-url URL] [--write bench/results/service.md]

For each database: fill a fresh one with ``--cases`` cases through the store layer (varied
titles, countries, statuses and risk levels; real assessment reports of the examples stored
for ``--reports`` of them), start ``hrdd serve --workers N`` on loopback, log in, then load
each page with ``wrk`` (``--connections`` concurrent clients, ``--seconds`` per page and
round, ``--rounds`` rounds over all pages after a short warm-up; the round with the median
p95 is kept) and print p50/p95/p99 latency and requests per second. Side by side in the
same run: the case list API with its default 50 rows against 500 rows, and PostgreSQL
against SQLite. The target is p95 < 150 ms. PostgreSQL's schema is dropped and recreated
first: never point ``--pg-url`` at a database you want to keep. Not a test: nothing here
asserts a time. Needs ``wrk`` (Debian package ``wrk``).
"""

import argparse
import contextlib
import datetime as dt
import os
import platform
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_P95_MS = 150.0
USER, PASSWORD = "bench-analyst", "benchmark password 0123"

# what a page-load is measured on: (label, path); {case} is a case with a stored report
TARGETS = [
    ("login page (no database: the framework's floor)", "/login"),
    ("case list page /", "/"),
    ("case list API /api/cases (50 rows)", "/api/cases"),
    ("case list API, 500 rows (baseline for row count)", "/api/cases?limit=500"),
    ("case list page, text search", "/?q=police"),
    ("case page /cases/{id} (with report)", "/cases/{case}"),
]

PRODUCTS = ["Video analytics", "Face search", "Licence plate recognition", "Network cameras", "Body-worn cameras",
            "Deep packet inspection", "Lawful-interception monitoring centre", "IMSI catchers", "Drones with thermal cameras",
            "Biometric enrolment kits", "Social-media monitoring", "Mobile forensics kits", "Spyware platform",
            "Smart-city command centre", "Speech analytics", "People-counting sensors"]
BUYERS = [("police", "state police"), ("police", "city police"), ("intelligence", "state security service"),
          ("telecom", "state telecom operator"), ("border", "border agency"), ("municipal", "municipality"),
          ("transport", "transport authority"), ("retail", "retail chain"), ("military", "armed forces"),
          ("justice", "prison service"), ("emergency", "search-and-rescue service"), ("interior", "interior ministry")]
PLACES = {"BR": ["São Paulo", "Rio de Janeiro", "Recife"], "DK": ["Copenhagen", "Aarhus"], "SA": ["Riyadh", "Jeddah"],
          "EG": ["Cairo", "Alexandria"], "GB": ["Manchester", "Leeds", "Glasgow"], "AE": ["Dubai", "Abu Dhabi"],
          "KE": ["Nairobi", "Mombasa"], "ET": ["Addis Ababa"], "DE": ["Berlin", "Hamburg", "Munich"],
          "IR": ["Tehran", "Isfahan"], "NO": ["Oslo", "Bergen"], "IN": ["Delhi", "Mumbai", "Hyderabad"],
          "MX": ["Mexico City", "Monterrey"], "NG": ["Lagos", "Abuja"], "PH": ["Manila", "Cebu"], "TR": ["Ankara", "Istanbul"],
          "ID": ["Jakarta", "Surabaya"], "FR": ["Paris", "Lyon"], "US": ["Chicago", "Phoenix"], "PK": ["Lahore", "Karachi"],
          "VN": ["Hanoi", "Da Nang"], "CO": ["Bogotá", "Medellín"], "UG": ["Kampala"], "TH": ["Bangkok", "Chiang Mai"],
          "ZA": ["Johannesburg", "Cape Town"], "HU": ["Budapest"], "RS": ["Belgrade"], "BD": ["Dhaka"]}
RECOMMENDATIONS = (["proceed"] * 3 + ["proceed_with_conditions"] * 4 + ["escalate"] * 4 + ["do_not_proceed"] * 1)
LEVELS = ("low", "medium", "high", "critical")
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("HRDD %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Figure:
    label: str
    path: str
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    p95_range: tuple[float, float] = (0.0, 0.0)  # lowest and highest p95 over the rounds


# --- populating the database -------------------------------------------------------------------

def _reports() -> list[tuple[str, dict[str, Any]]]:
    """Each example's case file and its real report (screening off: no lists are loaded here)."""
    from hrdd.services.assessments import assess_file

    return [(p.read_text(encoding="utf-8"), assess_file(p, screen=False).report) for p in EXAMPLES]


def _case_rows(count: int, texts: list[str], rng: random.Random) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    years = (now.year - 2, now.year - 1, now.year)
    numbers = dict.fromkeys(years, 0)
    rows = []
    for i in range(count):
        year = years[i * len(years) // count]
        numbers[year] += 1
        country = rng.choice(list(PLACES))
        place = rng.choice(PLACES[country])
        sector, buyer = rng.choice(BUYERS)
        created = min(dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randrange(365 * 86400)), now)
        updated = min(created + dt.timedelta(seconds=rng.randrange(90 * 86400)), now)
        state = rng.choices(("draft", "assessed", "approved"), weights=(3, 5, 2))[0]
        assessed = state != "draft"
        residual = rng.choice(LEVELS) if assessed else None
        rows.append({
            "id": f"CASE-{year}-{numbers[year]:04d}",
            "title": f"{rng.choice(PRODUCTS)} for the {place} {buyer}",
            "state": state, "case_text": rng.choice(texts), "country": country,
            "end_user": f"{place} {buyer} ({sector})", "created_by": USER,
            "created_at": created, "updated_at": updated, "revision": 1,
            "recommendation": rng.choice(RECOMMENDATIONS) if assessed else None,
            "inherent_level": rng.choice(LEVELS[LEVELS.index(residual):]) if residual else None,
            "residual_level": residual, "residual_score": rng.randrange(5, 95) if assessed else None,
            "severity": rng.randrange(1, 6) if assessed else None,
            "likelihood": rng.randrange(1, 6) if assessed else None,
            "assessed_at": updated if assessed else None,
        })
    return rows


def populate(url: str, cases: int, reports: int, seed: int = 2020) -> str:
    """Fill a fresh database; return the id of a case with a stored report (for the case page)."""
    import sqlalchemy as sa

    from hrdd.model.lifecycle import State
    from hrdd.services.users import add_user
    from hrdd.store import cases as case_rows
    from hrdd.store import open_store
    from hrdd.store.tables import cases as cases_table

    rng = random.Random(seed)
    examples = _reports()
    store = open_store(url)
    try:
        add_user(store, USER, PASSWORD, "analyst")
        rows = _case_rows(cases, [text for text, _ in examples], rng)
        with store.transaction() as conn:
            for start in range(0, len(rows), 1000):
                conn.execute(cases_table.insert(), rows[start:start + 1000])
        with_report = rng.sample([r for r in rows if r["state"] != "draft"], min(reports, cases))
        with store.transaction() as conn:
            for row in with_report:
                case_rows.save_report(conn, row["id"], 1, rng.choice(examples)[1], USER, expected={State(row["state"])})
            # save_report stamps "now" and "assessed"; put the seeded times and states back
            conn.execute(cases_table.update().where(cases_table.c.id == sa.bindparam("case_id")).values(
                updated_at=sa.bindparam("when"), assessed_at=sa.bindparam("when"), state=sa.bindparam("seeded")),
                [{"case_id": r["id"], "when": r["updated_at"], "seeded": r["state"]} for r in with_report])
            if store.dialect == "postgresql":
                conn.execute(sa.text("ANALYZE"))
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
        return str(with_report[0]["id"])
    finally:
        store.engine.dispose()


def reset_postgres(url: str) -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL at {url} is not reachable ({exc.orig}); skipped", file=sys.stderr)
        return False
    return True


def time_queries(url: str, rounds: int = 30) -> list[tuple[str, float, float]]:
    """Median ms of the case list query in the store layer, with the list index and with the
    single-column index on updated_at it replaced (migration 0002), side by side."""
    import statistics

    import sqlalchemy as sa

    from hrdd.store import cases as case_rows
    from hrdd.store import open_store

    store = open_store(url)
    queries = [("list, 50 rows", case_rows.CaseFilter(), 50), ("list, 500 rows", case_rows.CaseFilter(), 500),
               ("text search, 50 rows", case_rows.CaseFilter(text="police"), 50)]

    def median_ms(f: case_rows.CaseFilter, limit: int) -> float:
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            with store.transaction() as conn:
                case_rows.list_cases(conn, f, limit=limit)
            samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000

    try:
        now = [median_ms(f, limit) for _, f, limit in queries]
        with store.transaction() as conn:
            conn.execute(sa.text("DROP INDEX ix_cases_updated_id"))
            conn.execute(sa.text("CREATE INDEX ix_cases_updated_at ON cases (updated_at)"))
        before = [median_ms(f, limit) for _, f, limit in queries]
        with store.transaction() as conn:
            conn.execute(sa.text("DROP INDEX ix_cases_updated_at"))
            conn.execute(sa.text("CREATE INDEX ix_cases_updated_id ON cases (updated_at, id)"))
    finally:
        store.engine.dispose()
    return [(label, b, n) for (label, _, _), b, n in zip(queries, before, now, strict=True)]


# --- the server and the load -------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(url: str, home: Path, workers: int) -> Iterator[str]:
    """``hrdd serve`` on a free loopback port; yields the base URL and stops the server afterwards."""
    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": url, "HRDD_SECRET_KEY": secrets.token_urlsafe(32),
                "PYTHONPATH": str(ROOT)})
    log = (home / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "hrdd", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(workers)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"hrdd serve exited: {(home / 'server.log').read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("hrdd serve did not answer within 60 s")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def session_cookie(base: str) -> str:
    import httpx

    response = httpx.post(f"{base}/api/login", json={"username": USER, "password": PASSWORD}, timeout=10)
    response.raise_for_status()
    return f"hrdd_session={response.cookies['hrdd_session']}"


def run_wrk(url: str, cookie: str, seconds: int, connections: int, threads: int, script: Path) -> tuple[int, ...]:
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(script), "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("HRDD ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    return tuple(int(v) for v in line.split()[1:])


def measure(base: str, case_id: str, args: argparse.Namespace, script: Path) -> list[Figure]:
    """Warm every page up, then load them in turn for ``--rounds`` rounds (so that a slow spell
    of the machine hits every page alike); keep each page's round with the median p95."""
    import statistics

    import httpx

    cookie = session_cookie(base)
    urls = []
    for _, template in TARGETS:
        url = base + template.format(case=case_id)
        check = httpx.get(url, headers={"Cookie": cookie}, follow_redirects=False, timeout=30)
        if check.status_code != 200:
            raise RuntimeError(f"{url} answered {check.status_code}, not 200: {check.text[:300]}")
        run_wrk(url, cookie, args.warmup, args.connections, args.threads, script)
        urls.append(url)
    rounds: list[list[Figure]] = [[] for _ in TARGETS]
    for _ in range(args.rounds):
        for (label, template), url, kept in zip(TARGETS, urls, rounds, strict=True):
            requests, duration_us, p50, p95, p99, status_errors, io_errors = run_wrk(
                url, cookie, args.seconds, args.connections, args.threads, script)
            kept.append(Figure(label, template.format(case=case_id), requests / (duration_us / 1e6), p50 / 1000,
                               p95 / 1000, p99 / 1000, requests, status_errors + io_errors))
    figures = []
    for kept in rounds:
        by_p95 = sorted(kept, key=lambda f: f.p95_ms)
        median = by_p95[len(by_p95) // 2]
        figure = Figure(median.label, median.path, statistics.median(f.requests_per_s for f in kept), median.p50_ms,
                        median.p95_ms, median.p99_ms, sum(f.requests for f in kept), sum(f.errors for f in kept),
                        (by_p95[0].p95_ms, by_p95[-1].p95_ms))
        print(f"  {figure.label:52} {figure.requests_per_s:8.1f} req/s  p50 {figure.p50_ms:7.1f}  p95 "
              f"{figure.p95_ms:7.1f} ({figure.p95_range[0]:.0f}-{figure.p95_range[1]:.0f})  p99 {figure.p99_ms:7.1f} ms"
              f"  errors {figure.errors}", flush=True)
        figures.append(figure)
    return figures


Queries = list[tuple[str, float, float]]


def bench_database(name: str, url: str | None, args: argparse.Namespace,
                   script: Path) -> tuple[list[Figure], Queries] | None:
    with tempfile.TemporaryDirectory(prefix=f"hrdd-bench-{name}-") as tmp:
        home = Path(tmp)
        if url is None:
            url = f"sqlite:///{home / 'hrdd.sqlite3'}"
        elif not reset_postgres(url):
            return None
        started = time.perf_counter()
        case_id = populate(url, args.cases, args.reports)
        print(f"{name}: {args.cases} cases, {args.reports} reports stored in {time.perf_counter() - started:.1f} s",
              flush=True)
        queries = time_queries(url)
        for label, before, now in queries:
            print(f"  store layer {label:40} {now:7.2f} ms  (index on updated_at only: {before:7.2f} ms, "
                  f"{_ratio(before, now)})", flush=True)
        with serve(url, home, args.workers) as base:
            return measure(base, case_id, args, script), queries


# --- reporting ---------------------------------------------------------------------------------

def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def _table(figures: list[Figure]) -> list[str]:
    lines = ["| page | req/s | p50 ms | p95 ms | p95 over rounds | p99 ms | requests | errors | p95 < 150 ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for f in figures:
        lines.append(f"| {f.label} `{f.path}` | {f.requests_per_s:.1f} | {f.p50_ms:.1f} | {f.p95_ms:.1f} | "
                     f"{f.p95_range[0]:.0f}-{f.p95_range[1]:.0f} | {f.p99_ms:.1f} | {f.requests} | {f.errors} | "
                     f"{'yes' if f.p95_ms < TARGET_P95_MS else 'NO'} |")
    return lines


def _comparisons(results: dict[str, list[Figure]]) -> list[str]:
    lines = []
    for name, figures in results.items():
        by_path = {f.path: f for f in figures}
        small, big = by_path.get("/api/cases"), by_path.get("/api/cases?limit=500")
        if small and big:
            lines.append(f"- {name}: 500 rows against 50 rows on `/api/cases`: p95 {_ratio(big.p95_ms, small.p95_ms)}, "
                         f"throughput {_ratio(big.requests_per_s, small.requests_per_s)}")
    if "sqlite" in results and "postgres" in results:
        lines += ["", ("| page | SQLite p95 ms | PostgreSQL p95 ms | PostgreSQL/SQLite p95 | "
                  "PostgreSQL/SQLite req/s |"), "|---|---:|---:|---:|---:|"]
        for s, p in zip(results["sqlite"], results["postgres"], strict=True):
            lines.append(f"| `{s.path}` | {s.p95_ms:.1f} | {p.p95_ms:.1f} | {_ratio(p.p95_ms, s.p95_ms)} | "
                         f"{_ratio(p.requests_per_s, s.requests_per_s)} |")
    return lines


def _versions(pg_url: str) -> str:
    import sqlite3

    import sqlalchemy as sa

    pg = "not reached"
    with contextlib.suppress(sa.exc.OperationalError):
        engine = sa.create_engine(pg_url)
        with engine.connect() as conn:
            pg = str(conn.execute(sa.text("SHOW server_version")).scalar())
        engine.dispose()
    wrk = subprocess.run(["wrk", "--version"], check=False, capture_output=True, text=True).stdout.split(" [")[0].strip()
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"PostgreSQL {pg}, {wrk}")


def _query_table(queries: dict[str, Queries]) -> list[str]:
    lines = ["| database | query | median ms, index (updated_at, id) | median ms, index on updated_at only | ratio |",
             "|---|---|---:|---:|---:|"]
    for name, rows in queries.items():
        for label, before, now in rows:
            lines.append(f"| {name} | {label} | {now:.2f} | {before:.2f} | {_ratio(before, now)} |")
    return lines


def write_results(path: Path, results: dict[str, list[Figure]], queries: dict[str, Queries],
                  args: argparse.Namespace) -> None:
    lines = ["# Service benchmark", "",
             (f"`python -m bench.service --cases {args.cases} --reports {args.reports} --seconds {args.seconds} "
             f"--rounds {args.rounds} "
             f"--connections {args.connections} --workers {args.workers}`, run {dt.date.today().isoformat()}."), "",
             (f"Machine: {_versions(args.pg_url)}. `hrdd serve --workers {args.workers}`, `wrk -t{args.threads} "
             f"-c{args.connections}` on loopback, both on the same cores; {args.warmup} s warm-up per page, then "
             f"{args.rounds} rounds over all pages of {args.seconds} s each; the round with the median p95 is shown, "
             f"with the range of p95 over the rounds. Logged in as an analyst (session cookie). Target: p95 < {TARGET_P95_MS:.0f} ms."),
             ""]
    for name, figures in results.items():
        lines += [f"## {'SQLite' if name == 'sqlite' else 'PostgreSQL'}", "", *_table(figures), ""]
    lines += ["## Side by side", "", *_comparisons(results), "",
              "## The case list query alone (store layer, one client, median of 30)", "",
              ("Timed in the benchmark process on the same database, with the index migration 0002 adds and "
              "with the single-column index it replaced, side by side."), "", *_query_table(queries), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"figures written to {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.service", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=1_000, help="cases that get a stored report")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages; the median round is kept")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured seconds per page first")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=os.environ.get("HRDD_BENCH_DATABASE_URL", PG_URL),
                        help="its public schema is DROPPED first")
    parser.add_argument("--write", type=Path, default=ROOT / "bench" / "results" / "service.md",
                        help="markdown file for the figures ('-' for none)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    results: dict[str, list[Figure]] = {}
    queries: dict[str, Queries] = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "summary.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        for name in args.databases:
            measured = bench_database(name, None if name == "sqlite" else args.pg_url, args, script)
            if measured is not None:
                results[name], queries[name] = measured
    print()
    for line in _comparisons(results):
        print(line)
    if str(args.write) != "-" and results:
        write_results(args.write, results, queries, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
