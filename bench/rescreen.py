"""Re-screening benchmark: every party of every monitored case against a list delta, side by side
with the naive way (every party against the full index) in the same run.

    python -m bench.rescreen [--cases 20000] [--parties-per-case 5] [--delta 1000] [--naive-sample 3000]

Set-up (in a temporary HRDD_HOME, SQLite; ``--database-url`` for PostgreSQL, whose public
schema is dropped first): the OFAC SDN list (``shared/data/ofac_sdn``) as FtM entities is imported
twice through ``hrdd.services.lists.import_list``: version 1 without ``--delta`` of its listed
parties, version 2 with them, so version 2's delta holds exactly those added entities. The
cases (state ``active``) and their parties go straight into the store: end users, aliases,
parents and intermediaries named from company and person name parts, one party in 200 a
respelled name of a delta entity so that hits and alerts happen as they would.

Timed: ``rescreen_version`` on version 2 (the delta path: read parties, build the delta index,
screen, raise alerts); then the naive path on ``--naive-sample`` parties (screen against the
whole on-disk index, as a full re-screen does), extrapolated to all parties. The full re-screen
throughput is the naive path's. Figures go to ``bench/results/rescreen.md`` with ``--write``.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")

ORG_WORDS = ("Global", "Northern", "Pacific", "Atlas", "Vertex", "Orion", "Delta", "Summit", "Meridian", "Crescent",
             "Falcon", "Harbor", "Sterling", "Granite", "Aurora", "Pioneer", "Horizon", "Keystone", "Liberty", "Zenith",
             "Silver", "Eastern", "Western", "Central", "United", "Royal", "Golden", "Blue", "Green", "Red")
ORG_KINDS = ("Systems", "Technologies", "Security", "Solutions", "Trading", "Logistics", "Networks", "Industries",
             "Engineering", "Consulting", "Holdings", "Telecom", "Analytics", "Defence", "Electronics")
ORG_FORMS = ("LLC", "Ltd", "GmbH", "S.A.", "Inc.", "JSC", "SARL", "B.V.", "Pty Ltd", "FZE")
GIVEN = ("Maria", "Ahmed", "Chen", "Olga", "James", "Fatima", "Luis", "Anna", "Mohammed", "Sven", "Aiko", "Pierre",
         "Ivan", "Grace", "Omar", "Elena", "Kofi", "Priya", "Tomas", "Leila")
FAMILY = ("Garcia", "Hassan", "Wang", "Petrova", "Smith", "Rahman", "Silva", "Novak", "Haddad", "Larsen", "Tanaka",
          "Dubois", "Kuznetsov", "Mensah", "Sharma", "Horvat", "Nasser", "Costa", "Ozturk", "Kim")
COUNTRIES = ("br", "ae", "de", "in", "ke", "mx", "sg", "tr", "za", "gb", "us", "fr", "ng", "id", "pk")
ROLES = ("end_user", "alias", "parent", "intermediary", "intermediary")


def _word(rng: random.Random, words: tuple[str, ...]) -> str:
    """A name part: a listed word, often altered, so that names are mostly distinct (as customers are)."""
    word = rng.choice(words)
    if rng.random() < 0.6:
        word = word[: rng.randrange(3, len(word) + 1)] + rng.choice(("a", "o", "ex", "ia", "um", "on", "is"))
    return word


def _org(rng: random.Random) -> str:
    return f"{_word(rng, ORG_WORDS)} {_word(rng, ORG_WORDS)} {rng.choice(ORG_KINDS)} {rng.choice(ORG_FORMS)}"


def _person(rng: random.Random) -> str:
    return f"{_word(rng, GIVEN)} {_word(rng, GIVEN)} {_word(rng, FAMILY)}"


def _respell(name: str, rng: random.Random) -> str:
    """One letter doubled or dropped in a longer word: the spelling variants lists and customers differ by."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    i = rng.randrange(1, len(word) - 1) if len(word) > 3 else 1
    words[longest] = word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]
    return " ".join(words)


def _write_versions(home: Path, delta: int, rng: random.Random) -> tuple[Path, Path, list[dict[str, Any]]]:
    from bench.ofac_records import default_paths, ofac_sdn_entities

    paths = default_paths(SHARED)
    if paths is None:
        sys.exit(f"the OFAC SDN files are not under {SHARED}/ofac_sdn")
    entities = [e.to_dict() for e in ofac_sdn_entities(*paths)]
    parties = [e for e in entities if e["schema"] in ("Person", "Organization", "Company", "LegalEntity")
               and e["properties"].get("name")]
    added = rng.sample(parties, delta)
    added_ids = {e["id"] for e in added}
    v1, v2 = home / "v1.ftm.json", home / "v2.ftm.json"
    with v1.open("w", encoding="utf-8") as one, v2.open("w", encoding="utf-8") as two:
        for e in entities:
            line = json.dumps(e, ensure_ascii=False) + "\n"
            two.write(line)
            if e["id"] not in added_ids:
                one.write(line)
    return v1, v2, added


def _fill(store: Any, cases: int, per_case: int, added: list[dict[str, Any]], rng: random.Random) -> int:
    from hrdd.store.tables import case_parties
    from hrdd.store.tables import cases as case_table

    now = dt.datetime.now(dt.UTC)
    planted = 0
    for start in range(0, cases, 1000):
        case_rows, party_rows = [], []
        for n in range(start, min(start + 1000, cases)):
            case_id = f"CASE-BENCH-{n:06d}"
            end_user = _org(rng)
            case_rows.append({"id": case_id, "title": "bench", "state": "active", "case_text": "-",
                              "country": "BR", "end_user": end_user, "created_by": "bench", "created_at": now,
                              "updated_at": now, "revision": 1})
            for position in range(per_case):
                role = ROLES[position % len(ROLES)]
                name = end_user if position == 0 else (_person(rng) if rng.random() < 0.3 else _org(rng))
                if rng.random() < 0.005:
                    name = _respell(rng.choice(added)["properties"]["name"][0], rng)
                    planted += 1
                party_rows.append({"case_id": case_id, "position": position, "revision": 1, "role": role,
                                   "party_index": position - 3 if role == "intermediary" else None, "name": name,
                                   "countries": [rng.choice(COUNTRIES)], "identifiers": []})
        with store.transaction() as conn:
            conn.execute(case_table.insert(), case_rows)
            conn.execute(case_parties.insert(), party_rows)
    return planted


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its reaped children (the forked
    screening processes): on a shared machine this, not wall time, is what the work costs."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _pairs(index: Any, queries: list[Any], candidates: int) -> int:
    """Candidate pairs the screener scores for these queries (each candidate is one matcher comparison)."""
    return sum(len(index.candidates(q, candidates)) for q in queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--parties-per-case", type=int, default=5)
    parser.add_argument("--delta", type=int, default=1000)
    parser.add_argument("--naive-sample", type=int, default=3000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--processes", type=int, default=2, help="screening processes of each run (both paths)")
    parser.add_argument("--write", help="append the figures (markdown) to this file, e.g. bench/results/rescreen.md")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    load = os.getloadavg()
    home = Path(tempfile.mkdtemp(prefix="hrdd-bench-rescreen-"))
    os.environ["HRDD_HOME"] = str(home)
    os.environ["HRDD_RESCREEN_PROCESSES"] = str(args.processes)
    import sqlalchemy as sa

    if args.database_url:
        engine = sa.create_engine(args.database_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        os.environ["HRDD_DATABASE_URL"] = args.database_url

    from hrdd.screening.delta_index import DeltaIndex
    from hrdd.screening.record import Record
    from hrdd.services.lists import import_list
    from hrdd.services.rescreen import party_record, rescreen_version, screen_parties
    from hrdd.services.screening import open_screener
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings
    from hrdd.store import lists as version_rows
    from hrdd.store import parties as party_rows
    from hrdd.store.tables import list_versions

    settings = get_settings()
    store = get_store(settings)
    v1, v2, added = _write_versions(home, args.delta, rng)
    started = time.perf_counter()
    import_list("opensanctions", [v1], settings)
    first_import = time.perf_counter() - started
    screener = open_screener(settings)
    assert screener is not None
    screener.warm()  # the analysis caches as a running worker has them
    planted = _fill(store, args.cases, args.parties_per_case, added, rng)
    with store.transaction() as conn:  # version 1 counts as screened: the cases are new to the bench
        conn.execute(sa.update(list_versions).values(rescreened_at=dt.datetime.now(dt.UTC)))
    started = time.perf_counter()
    report = import_list("opensanctions", [v2], settings)
    second_import = time.perf_counter() - started
    assert report.added == args.delta, report

    load_before = os.getloadavg()
    started, cpu = time.perf_counter(), _cpu()
    delta_run = rescreen_version(store, "opensanctions", report.version, settings)
    delta_seconds, delta_cpu = time.perf_counter() - started, _cpu() - cpu
    load_after = os.getloadavg()

    screener = open_screener(settings)  # the new version's full index (built here, not timed)
    assert screener is not None
    screener.warm()
    with store.transaction() as conn:
        parties = list(party_rows.iter_parties(conn))
        changes = list(version_rows.iter_changes(conn, "opensanctions", report.version, screened_only=True))
    sample = rng.sample(parties, min(args.naive_sample, len(parties)))
    started, cpu = time.perf_counter(), _cpu()
    naive_hits, _ = screen_parties(store, screener, sample, scope="naive", changes={},
                                   keep=lambda entry: True, processes=args.processes)
    naive_seconds, naive_cpu = time.perf_counter() - started, _cpu() - cpu
    sample_queries = list({(p.name, p.countries, p.identifiers): party_record(p) for p in sample}.values())
    delta_index = DeltaIndex([Record.from_payload(c.payload) for c in changes if c.payload], "pairs")
    delta_pairs = _pairs(delta_index, sample_queries, screener.candidates) * len(parties) / len(sample)
    naive_pairs = _pairs(screener.index, sample_queries, screener.candidates)
    naive_rate = len(sample) / naive_seconds
    naive_all = len(parties) / naive_rate
    delta_rate = delta_run.parties / delta_seconds
    distinct = len({(p.name, p.countries) for p in parties})

    database = "PostgreSQL" if args.database_url else "SQLite"
    verdict = "met" if delta_seconds <= 60 else "MISSED"
    lines = [
        (f"## Re-screening ({dt.date.today().isoformat()}, {os.cpu_count()} cores, {database}, "
        f"{args.processes} screening processes)"),
        "",
        (f"- list: OFAC SDN as FtM entities, {report.entries} listed parties; version 1 imported in "
         f"{first_import:.1f} s, version 2 (+{args.delta}) in {second_import:.1f} s including its delta"),
        (f"- monitored: {args.cases} active cases, {delta_run.parties} parties, {distinct} distinct names "
         f"({planted} respelled delta names planted); load average (1 min) at the start {load[0]:.1f}, "
         f"before the delta run {load_before[0]:.1f}, after it {load_after[0]:.1f} (the machine is shared: "
         "compare the rows of one run, and CPU seconds across runs)"),
        ("- CPU s: user + system of the run's process and its screening processes; pairs: candidate "
        f"(party, entry) comparisons, counted on the {len(sample)} sampled parties and scaled to all"),
        "",
        "| path | parties | wall s | CPU s | parties/s | pairs scored | hits | alerts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        (f"| delta ({delta_run.entries} entries, in-memory index) | {delta_run.parties} | {delta_seconds:.1f} | "
         f"{delta_cpu:.1f} | {delta_rate:,.0f} | {delta_pairs:,.0f} | {delta_run.hits} | {len(delta_run.alerts)} |"),
        (f"| naive = full re-screen (whole index, {screener.index.count()} entries), sample | {len(sample)} | "
         f"{naive_seconds:.1f} | {naive_cpu:.1f} | {naive_rate:,.0f} | {naive_pairs:,} | {naive_hits} | - |"),
        (f"| naive, extrapolated to all parties | {len(parties)} | {naive_all:.0f} | "
         f"{naive_cpu * len(parties) / len(sample):.0f} | {naive_rate:,.0f} | "
         f"{naive_pairs * len(parties) / len(sample):,.0f} | - | - |"),
        "",
        (f"Delta path vs naive path for the same parties: {naive_all / delta_seconds:.1f}x faster. "
         f"Target: {len(parties)} parties against a {args.delta}-entity delta in <= 60 s: "
         f"{verdict} ({delta_seconds:.1f} s wall, {delta_cpu:.1f} CPU s on {os.cpu_count()} cores)."),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        with Path(args.write).open("a", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
