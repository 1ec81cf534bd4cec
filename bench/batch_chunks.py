"""Workbench batch in chunks: wall time of one uploaded file screened by 1 and by N ``hrdd worker``
processes on PostgreSQL, side by side with the web process's thread (``run_batch``, the SQLite path).

    python -m bench.batch_chunks --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench \
        [--rows 10000] [--chunk-rows 500] [--workers 1,2]

Set-up (a temporary HRDD_HOME; the database's public schema is dropped first): the OFAC SDN
list (``shared/data/ofac_sdn``) as FtM entities imported through ``import_list``, its index built
and every listed name analysed in this process; a file of ``--rows`` parties named as customers
are (``bench.rescreen``'s synthetic company and person names, one in 50 a listed name respelled).
Timed, each from the upload's return to the batch's ``done``: ``run_batch`` in this (warm)
process, then the same file uploaded again for each worker count, screened by that many
``hrdd worker --burst`` processes started together (their start-up, cold index opening and
name analysis included: what a fresh deployment pays). Every run's result rows are compared
with ``run_batch``'s. Prints a Markdown table; asserts nothing but equal results.
"""

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _file(rows: int, listed: list[str], rng: random.Random) -> bytes:
    from bench.rescreen import _org, _person, _respell

    lines = ["name,country,schema"]
    for n in range(rows):
        if n % 50 == 0:
            lines.append(f'"{_respell(rng.choice(listed), rng)}",,LegalEntity')
        elif n % 3:
            lines.append(f'"{_org(rng)}",{rng.choice(("de", "br", "ae", ""))},Company')
        else:
            lines.append(f'"{_person(rng)}",,Person')
    return ("\n".join(lines) + "\n").encode()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--chunk-rows", type=int, default=500)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="hrdd-bench-chunks-"))
    os.environ.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": args.database_url, "HRDD_LIST_REFRESH": "false",
                       "HRDD_BATCH_CHUNK_ROWS": str(args.chunk_rows)})
    import sqlalchemy as sa

    engine = sa.create_engine(args.database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()

    from bench.ofac_records import default_paths, ofac_sdn_entities
    from bench.rescreen import SHARED
    from hrdd.jobs.worker import queue_batch
    from hrdd.services import batches
    from hrdd.services.lists import import_list
    from hrdd.services.permissions import Actor, Role
    from hrdd.services.screening import warm_screening
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    paths = default_paths(SHARED)
    if paths is None:
        sys.exit(f"the OFAC SDN files are not under {SHARED}/ofac_sdn")
    import json

    entities = [e.to_dict() for e in ofac_sdn_entities(*paths)]
    listed = [e["properties"]["name"][0] for e in entities if e["properties"].get("name")
              and e["schema"] in ("Organization", "Company", "LegalEntity")]
    version = home / "sdn.ftm.json"
    version.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
    settings = get_settings()
    import_list("opensanctions", [version], settings)
    warm_screening(settings)
    store = get_store(settings)
    actor = Actor("bench", Role.ANALYST)
    data = _file(args.rows, listed, random.Random(14))

    def wait_done(batch_id: str) -> list[dict[str, object]]:
        while True:
            batch = batches.get_batch(store, actor, batch_id)
            if batch.status == "done":
                return list(batch.results or [])
            if batch.status == "failed":
                sys.exit(f"batch failed: {batch.error}")
            time.sleep(0.2)

    started = time.perf_counter()
    batch_id = batches.start_batch(store, actor, "parties.csv", data, settings=settings, runner=lambda _: None)
    batches.run_batch(store, batch_id, settings)
    thread_seconds = time.perf_counter() - started
    expected = wait_done(batch_id)
    load = os.getloadavg()[0]
    print(f"\n{args.rows:,} parties, {len(expected)} hit rows, {len(entities):,} list entities, "
          f"chunks of {args.chunk_rows}; load average {load:.1f} at the start\n")
    print("| run | wall s | parties/s | same results |\n|---|---|---|---|")
    print(f"| web process thread (`run_batch`, warm) | {thread_seconds:.1f} | {args.rows / thread_seconds:.0f} | - |")
    env = {**os.environ}
    for count in (int(n) for n in args.workers.split(",")):
        batch_id = batches.start_batch(store, actor, "parties.csv", data, settings=settings, chunked=True)
        started = time.perf_counter()
        asyncio.run(queue_batch(settings, batch_id))
        workers = [subprocess.Popen([sys.executable, "-m", "hrdd", "worker", "--burst"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]
        rows = wait_done(batch_id)
        seconds = time.perf_counter() - started
        for worker in workers:
            worker.wait()
        print(f"| {count} `hrdd worker` process(es), cold | {seconds:.1f} | {args.rows / seconds:.0f} | "
              f"{rows == expected} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
