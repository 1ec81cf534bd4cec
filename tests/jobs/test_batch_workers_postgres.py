"""Real ``hrdd worker`` processes on PostgreSQL screen an uploaded batch in chunks: two workers
together give what screening each party alone gives, and a chunk whose worker died (killed with
SIGKILL while screening it) is taken again."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from hrdd.jobs.worker import queue_batch
from hrdd.services import batch_chunks, batches
from hrdd.services.permissions import Actor, Role
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store import batch_chunks as chunk_rows
from tests.screening.entities import write_list
from tests.services.batch_fixtures import one_at_a_time, party_file

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
ANALYST = Actor("analyst", Role.ANALYST)
HEARTBEAT = 0.5  # a chunk not heard from for 6 x 0.5 s is taken again


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    if not database_url.startswith("postgresql"):
        pytest.skip("procrastinate runs on PostgreSQL")
    home = tmp_path / "home"
    write_list(home / "lists")
    return Settings(home=home, database_url=database_url, batch_chunk_rows=25)


def _worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HRDD_HOME": str(settings.home), "HRDD_DATABASE_URL": settings.db_url,
           "HRDD_LIST_REFRESH": "false", "HRDD_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT)}
    return subprocess.Popen([sys.executable, "-m", "hrdd", "worker", "--burst"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _finish(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        out, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0, out.decode(errors="replace")


def _start(store: Store, settings: Settings, rows: int) -> str:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", party_file(rows), settings=settings, chunked=True)
    assert asyncio.run(queue_batch(settings, batch_id)) == -(-rows // settings.batch_chunk_rows)
    return batch_id


def _jobs(store: Store) -> list[str]:
    with store.transaction() as conn:
        return list(conn.execute(sa.text("SELECT status FROM procrastinate_jobs "
                                         "WHERE task_name = 'hrdd:screen_batch_chunk'")).scalars())


def test_two_worker_processes_screen_a_batch_as_each_party_alone(settings: Settings) -> None:
    store = get_store(settings)
    expected = one_at_a_time(party_file(300), settings)  # also builds the index the workers open
    batch_id = _start(store, settings, 300)  # twelve chunks of 25
    _finish([_worker(settings), _worker(settings)])
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    assert len(expected) >= 100 and rows == expected
    assert batch.done == batch.total == 300 and batch.versions == batches.screening_versions(settings)
    # every job succeeded and each of the twelve chunks was screened once: a worker starting while
    # another holds a chunk's job may queue that chunk again (procrastinate's queueing lock covers
    # queued jobs only); the second job finds the chunk taken and skips it
    jobs = _jobs(store)
    assert len(jobs) >= 12 and set(jobs) == {"succeeded"}
    with store.transaction() as conn:
        assert [(c.status, c.attempts) for c in chunk_rows.list_chunks(conn, batch_id)] == [("done", 1)] * 12


def test_a_chunk_left_running_by_a_dead_worker_is_taken_again(settings: Settings) -> None:
    store = get_store(settings)
    expected = one_at_a_time(party_file(60), settings)
    batch_id = _start(store, settings, 60)
    dead = batch_chunks.take_chunk(store, batch_id, 1)  # a worker took it, then died
    assert dead is not None
    time.sleep(6 * HEARTBEAT + 1)  # its heartbeat goes stale
    _finish([_worker(settings)])  # the worker's sweep at start-up queues it again
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    assert rows == expected and batch.done == 60
    with store.transaction() as conn:
        chunks = chunk_rows.list_chunks(conn, batch_id)
    assert [c.attempts for c in chunks] == [1, 2, 1]


def test_a_worker_killed_while_screening_a_chunk_leaves_it_to_the_next(settings: Settings) -> None:
    store = get_store(settings)
    expected = one_at_a_time(party_file(60), settings)
    batch_id = _start(store, settings, 60)
    engine = sa.create_engine(settings.db_url)
    waiting = sa.text("SELECT count(*) FROM pg_locks WHERE relation = 'judgements'::regclass AND NOT granted")
    with engine.connect() as blocker:  # the worker's first hit waits for its judgement: it is mid-chunk
        blocker.execute(sa.text("LOCK TABLE judgements IN ACCESS EXCLUSIVE MODE"))
        worker = _worker(settings)
        deadline = time.monotonic() + 240
        with engine.connect() as probe:
            while not probe.execute(waiting).scalar_one():
                assert worker.poll() is None and time.monotonic() < deadline, "the worker never got to a hit"
                time.sleep(0.05)
                probe.rollback()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        assert worker.stdout is not None
        worker.stdout.close()
        blocker.rollback()
    engine.dispose()
    with store.transaction() as conn:
        killed = [c.chunk for c in chunk_rows.list_chunks(conn, batch_id) if c.status == "running"]
    assert killed == [0] and batches.get_batch(store, ANALYST, batch_id).status == "running"

    time.sleep(6 * HEARTBEAT + 1)  # the dead worker's heartbeats go stale: its job and its chunk are retried
    _finish([_worker(settings)])
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    assert rows == expected and batch.done == 60
    with store.transaction() as conn:
        assert [c.attempts for c in chunk_rows.list_chunks(conn, batch_id)] == [2, 1, 1]
    assert _jobs(store).count("succeeded") == 3 and "doing" not in _jobs(store)
