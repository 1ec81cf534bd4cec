"""A screening batch in chunks (what the PostgreSQL workers run), here in this process on SQLite
and PostgreSQL: the same results as screening each party alone, one taker per chunk, one
completion per batch, a silent worker's chunk taken again, a failing chunk retried."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hrdd.screening.screener import Screener
from hrdd.services import batch_chunks, batches
from hrdd.services.permissions import Actor, Role
from hrdd.services.screening_reuse import RowScreener
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store import batch_chunks as chunk_rows
from hrdd.store.tables import screening_batch_chunks
from tests.screening.entities import write_list
from tests.services.batch_fixtures import one_at_a_time, party_file
from tests.services.engagement_fixtures import at_once

ANALYST = Actor("analyst", Role.ANALYST)


@pytest.fixture
def lists(_isolated_home: Path, database_url: str) -> Settings:
    write_list(_isolated_home / "lists")
    return Settings(home=_isolated_home, database_url=database_url, batch_chunk_rows=10)


def _start(store: Store, settings: Settings, rows: int) -> str:
    return batches.start_batch(store, ANALYST, "parties.csv", party_file(rows), settings=settings, chunked=True)


def _chunks(store: Store, batch_id: str) -> list[chunk_rows.ChunkRow]:
    with store.transaction() as conn:
        return chunk_rows.list_chunks(conn, batch_id)


def test_chunks_give_what_screening_each_party_alone_gives(store: Store, lists: Settings) -> None:
    batch_id = _start(store, lists, 95)
    chunks = _chunks(store, batch_id)
    assert [(c.chunk, c.parties, c.status) for c in chunks] == [(n, 10 if n < 9 else 5, "queued") for n in range(10)]
    assert chunks[0].first_line == 2 and chunks[-1].last_line == 96  # file lines, after the header
    assert batch_chunks.queued_chunks(store, batch_id) == [(batch_id, n) for n in range(10)]
    assert batch_chunks.chunk_counts(store, batch_id) == (0, 10)
    outcomes = [batch_chunks.run_chunk(store, batch_id, n, lists) for n in reversed(range(10))]  # any order
    assert outcomes == ["done"] * 9 + ["completed"]
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    expected = one_at_a_time(party_file(95), lists)
    assert len(expected) >= 30 and rows == expected  # input order, same hits, scores and explanations
    assert batch.done == batch.total == 95
    assert batch.versions == batches.screening_versions(lists) and batch.versions["lists"][0]["source"] == "test-list"
    assert batch_chunks.queued_chunks(store) == []
    assert batch_chunks.run_chunk(store, batch_id, 3, lists) == "skipped"  # a done chunk is not taken again


def test_threads_racing_to_take_a_chunk_one_wins(store: Store, lists: Settings) -> None:
    batch_id = _start(store, lists, 25)
    taken = at_once(8, lambda _: batch_chunks.take_chunk(store, batch_id, 1))
    winners = [t for t in taken if t is not None]
    assert len(winners) == 1
    (chunk, parties) = winners[0]
    assert chunk.attempt == 1 and [p.line for p in parties] == list(range(12, 22))
    assert batches.get_batch(store, ANALYST, batch_id).status == "running"
    outcomes = at_once(8, lambda _: batch_chunks.run_chunk(store, batch_id, 1, lists))
    assert outcomes == ["skipped"] * 8  # running elsewhere: nobody takes it


def test_threads_finishing_the_last_chunks_complete_the_batch_once(store: Store, lists: Settings) -> None:
    batch_id = _start(store, lists, 60)  # six chunks, all taken, then finished together
    taken = [batch_chunks.take_chunk(store, batch_id, n) for n in range(6)]
    versions = batches.screening_versions(lists)
    results = [[{"line": p.line, "query": p.name}] for _, parties in filter(None, taken) for p in parties[:1]]
    outcomes = at_once(6, lambda n: batch_chunks.finish_chunk(store, batch_id, n, 1, results[n], versions))
    assert sorted(outcomes) == ["completed"] + ["done"] * 5
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    assert batch.done == 60 and rows == [r for part in results for r in part]  # in input order
    again = at_once(3, lambda n: batch_chunks.finish_chunk(store, batch_id, n, 1, results[n], versions))
    assert again == ["lost"] * 3  # done chunks are not finished twice


def test_a_silent_workers_chunk_is_taken_again_and_its_late_finish_changes_nothing(store: Store,
                                                                                  lists: Settings) -> None:
    batch_id = _start(store, lists, 20)
    dead = batch_chunks.take_chunk(store, batch_id, 0)
    assert dead is not None
    assert batch_chunks.requeue_stalled(store, 3600) == 0  # heard from just now
    with store.transaction() as conn:  # its worker went silent an hour ago
        conn.execute(screening_batch_chunks.update().where(screening_batch_chunks.c.batch_id == batch_id)
                     .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    assert batch_chunks.requeue_stalled(store, 60) == 1
    assert batch_chunks.queued_chunks(store, batch_id) == [(batch_id, 0), (batch_id, 1)]
    later = dt.datetime.now(dt.UTC) + batches.STALLED_AFTER * 2  # a batch in chunks is never shown as interrupted
    assert not batches.is_stalled(batches.get_batch(store, ANALYST, batch_id), later, chunked=True)
    assert batches.is_stalled(batches.get_batch(store, ANALYST, batch_id), later)
    assert [batch_chunks.run_chunk(store, batch_id, n, lists) for n in (0, 1)] == ["done", "completed"]
    assert batch_chunks.finish_chunk(store, batch_id, 0, dead[0].attempt, [], {}) == "lost"
    _, rows = batches.batch_results(store, ANALYST, batch_id)
    assert rows == one_at_a_time(party_file(20), lists) and _chunks(store, batch_id)[0].attempts == 2


def test_a_batch_no_worker_works_on_says_so_until_one_does(store: Store, lists: Settings) -> None:
    batch_id = _start(store, lists, 20)
    progress = batch_chunks.chunk_progress(store, batch_id)
    batch = batches.get_batch(store, ANALYST, batch_id)
    assert progress[:2] == (0, 2) and not batch_chunks.is_waiting_for_a_worker(batch, progress)  # just queued
    later = dt.datetime.now(dt.UTC) + batch_chunks.WORKERLESS_AFTER * 2
    assert batch_chunks.is_waiting_for_a_worker(batch, progress, later)  # nobody came
    held = batch_chunks.take_chunk(store, batch_id, 0)
    assert held is not None
    progress = batch_chunks.chunk_progress(store, batch_id)
    assert not batch_chunks.is_waiting_for_a_worker(batches.get_batch(store, ANALYST, batch_id), progress)
    with store.transaction() as conn:  # its holder sends no heartbeat any more
        conn.execute(screening_batch_chunks.update().where(screening_batch_chunks.c.batch_id == batch_id)
                     .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    progress = batch_chunks.chunk_progress(store, batch_id)
    assert batch_chunks.is_waiting_for_a_worker(batches.get_batch(store, ANALYST, batch_id), progress)
    assert batch_chunks.requeue_stalled(store, 60) == 1
    assert [batch_chunks.run_chunk(store, batch_id, n, lists) for n in (0, 1)] == ["done", "completed"]
    done = batches.get_batch(store, ANALYST, batch_id)
    assert not batch_chunks.is_waiting_for_a_worker(done, batch_chunks.chunk_progress(store, batch_id), later)


def test_a_holder_given_up_on_stops_at_its_next_heartbeat(store: Store, lists: Settings,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    settings = lists.model_copy(update={"worker_heartbeat_seconds": 0.0})  # a heartbeat after every party
    batch_id = _start(store, settings, 10)
    screen = RowScreener.screen
    others: list[Any] = []

    def given_up_on(self: RowScreener, *args: Any, **kwargs: Any) -> Any:
        if not others:  # while the first party is screened, the sweep gives the chunk to another worker
            with store.transaction() as conn:
                conn.execute(screening_batch_chunks.update().values(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
            assert batch_chunks.requeue_stalled(store, 60) == 1
            others.append(batch_chunks.take_chunk(store, batch_id, 0))
        return screen(self, *args, **kwargs)

    monkeypatch.setattr(RowScreener, "screen", given_up_on)
    assert batch_chunks.run_chunk(store, batch_id, 0, settings) == "lost"
    chunk = _chunks(store, batch_id)[0]
    assert (chunk.status, chunk.attempts, chunk.results) == ("running", 2, None)  # the other worker's now


def test_a_failing_chunk_is_retried_then_fails_the_batch(store: Store, lists: Settings,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    batch_id = _start(store, lists, 20)

    def broken(*_a: object, **_k: object) -> list[object]:
        raise OSError("index unreadable")

    with monkeypatch.context() as patch:
        patch.setattr(Screener, "screen_among", broken)
        with pytest.raises(OSError, match="index unreadable"):  # raised: the job is retried
            batch_chunks.run_chunk(store, batch_id, 0, lists)
    chunk = _chunks(store, batch_id)[0]
    assert (chunk.status, chunk.attempts) == ("queued", 1) and "index unreadable" in (chunk.error or "")
    assert batch_chunks.run_chunk(store, batch_id, 0, lists) == "done"  # the retry succeeds

    monkeypatch.setattr(Screener, "screen_among", broken)
    for _ in range(batch_chunks.CHUNK_ATTEMPTS - 1):
        with pytest.raises(OSError):
            batch_chunks.run_chunk(store, batch_id, 1, lists)
    assert batch_chunks.run_chunk(store, batch_id, 1, lists) == "failed"  # the last attempt
    batch = batches.get_batch(store, ANALYST, batch_id)
    assert batch.status == "failed" and "index unreadable" in (batch.error or "")
    assert batch_chunks.queued_chunks(store) == []


def test_chunks_screened_against_other_lists_fail_the_batch(store: Store, lists: Settings) -> None:
    batch_id = _start(store, lists, 20)
    assert batch_chunks.run_chunk(store, batch_id, 0, lists) == "done"
    write_list(lists.lists_dir, as_of="2026-12-01")  # a new version of the list comes in meanwhile
    assert batch_chunks.run_chunk(store, batch_id, 1, lists) == "completed"
    batch = batches.get_batch(store, ANALYST, batch_id)
    assert batch.status == "failed" and batch.error == batch_chunks.LISTS_CHANGED


def test_a_batch_not_chunked_runs_here_as_before(store: Store, lists: Settings) -> None:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", party_file(30), settings=lists,
                                   runner=lambda _: None)
    assert _chunks(store, batch_id) == [] and batch_chunks.queued_chunks(store) == []
    assert batch_chunks.chunk_counts(store, batch_id) == (0, 0)
    assert batches.run_batch(store, batch_id, lists)
    assert batches.batch_results(store, ANALYST, batch_id)[1] == one_at_a_time(party_file(30), lists)
