"""A screening batch screened in chunks by the PostgreSQL workers, on any number of machines.

:func:`hrdd.services.batches.start_batch` (``chunked``) stores the batch with its chunks of
``batch_chunk_rows`` parties; one job per chunk runs :func:`run_chunk`. Every move is a
compare-and-set in one transaction (:mod:`hrdd.store.batch_chunks`):

- *taking* a chunk moves it queued -> running (and the batch queued -> running): one worker wins;
- while screening, the holder records a heartbeat on the chunk every ``worker_heartbeat_seconds``
  (between two parties); a chunk not heard from for six times that (its worker died, as for
  procrastinate's own jobs) goes back to queued (:func:`requeue_stalled`, from the jobs' sweep)
  and the holder, should it come back, stops;
- *finishing* writes the chunk's results, moves it running -> done and counts its parties on the
  batch, whose row stays locked until the commit: the finisher that brings the count to the
  total assembles the results in input order and moves the batch running -> done (exactly one);
- a failure puts the chunk back in the queue and raises, so the job is retried; after
  ``CHUNK_ATTEMPTS`` takings the chunk and the batch fail, with the error.

Within a chunk, rows with the same name and schema share the candidates' main features
(:class:`hrdd.services.screening_reuse.RowScreener`); rows with a birth date or an identifier are
screened alone. Either way each row gets what ``screen_name`` gives it alone.
"""

import datetime as dt
import time
from typing import Any, NamedTuple

from hrdd.logs import get_logger
from hrdd.screening.screener import Screener
from hrdd.services.batches import party_results, result_row, screening_versions
from hrdd.services.store import Store
from hrdd.settings import Settings, get_settings
from hrdd.sources.parties import PartyRow
from hrdd.store import batch_chunks as chunk_rows
from hrdd.store import batches as batch_rows
from hrdd.store.batches import BatchRow

log = get_logger(__name__)
CHUNK_ATTEMPTS = 3  # takings of a chunk before it, and its batch, fail
WORKERLESS_AFTER = dt.timedelta(minutes=10)  # no chunk activity for this long: say no worker is at it
LISTS_CHANGED = ("the lists or the matcher changed while the batch was screened (its chunks were screened "
                 "against different versions): upload the file again")


def plan_chunks(parties: list[PartyRow], rows: int) -> list[tuple[int, int, int]]:
    """(first line, last line, parties) of each chunk of at most ``rows`` parties, in input order."""
    return [(part[0].line, part[-1].line, len(part))
            for part in (parties[i:i + rows] for i in range(0, len(parties), rows))]


def queued_chunks(store: Store, batch_id: str | None = None) -> list[tuple[str, int]]:
    """(batch id, chunk) of the chunks waiting for a worker (of one batch, or of all)."""
    with store.transaction() as conn:
        return chunk_rows.queued_chunks(conn, batch_id)


class ChunkProgress(NamedTuple):
    done: int  # chunks done
    total: int  # chunks; 0 for a batch screened whole (SQLite)
    last_activity: dt.datetime | None  # a chunk last taken, finished or heard from


def chunk_counts(store: Store, batch_id: str) -> tuple[int, int]:
    """(chunks done, chunks) of a batch; (0, 0) for a batch screened whole (SQLite)."""
    with store.transaction() as conn:
        return chunk_rows.count_chunks(conn, batch_id)


def chunk_progress(store: Store, batch_id: str) -> ChunkProgress:
    with store.transaction() as conn:
        return ChunkProgress(*chunk_rows.chunk_activity(conn, batch_id))


def is_waiting_for_a_worker(batch: BatchRow, progress: ChunkProgress, now: dt.datetime | None = None) -> bool:
    """An open batch in chunks that no worker has taken, finished or worked on (heartbeat) for
    ``WORKERLESS_AFTER``: its parts are kept and wait, but nothing is screening them (is an
    ``hrdd worker`` running?). Not an interruption: a worker that starts takes them."""
    if not progress.total or progress.last_activity is None or batch.status not in ("queued", "running"):
        return False
    now = now or dt.datetime.now(dt.UTC)
    last = progress.last_activity
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
    return now - last > WORKERLESS_AFTER


def requeue_stalled(store: Store, stalled: float) -> int:
    """Put back in the queue the running chunks not heard from for ``stalled`` seconds."""
    with store.transaction() as conn:
        count = chunk_rows.requeue_stalled(conn, dt.datetime.now(dt.UTC) - dt.timedelta(seconds=stalled))
    if count:
        log.warning("stalled batch chunks queued again", extra={"ctx": {"chunks": count}})
    return count


def take_chunk(store: Store, batch_id: str, chunk: int) -> tuple[chunk_rows.Taken, list[PartyRow]] | None:
    """Take a queued chunk of an open batch, with its parties; None when another worker has it,
    it is done or failed, or the batch is over."""
    with store.transaction() as conn:
        taken = chunk_rows.take_chunk(conn, batch_id, chunk)
        if taken is None:
            return None
        if not batch_rows.move_batch(conn, batch_id, "queued", "running"):
            batch_rows.touch_batch(conn, batch_id)
        batch = batch_rows.get_batch(conn, batch_id)
    assert batch is not None  # a chunk's batch is never deleted
    return taken, [PartyRow(**p) for p in batch.parties if taken.first_line <= p["line"] <= taken.last_line]


def finish_chunk(store: Store, batch_id: str, chunk: int, attempt: int, results: list[dict[str, Any]],
                 versions: dict[str, Any]) -> str:
    """Record a chunk's results: "lost" when the chunk was given to another worker meanwhile,
    "completed" when this finish completed the batch, else "done"."""
    with store.transaction() as conn:
        parties = chunk_rows.finish_chunk(conn, batch_id, chunk, attempt, results, versions)
        if parties is None:
            return "lost"
        progress = batch_rows.add_progress(conn, batch_id, parties)
        if progress is None or progress[0] < progress[1]:
            return "done"
        parts = chunk_rows.list_chunks(conn, batch_id)
        if any(part.versions != versions for part in parts):
            moved = batch_rows.move_batch(conn, batch_id, "running", "failed", error=LISTS_CHANGED)
        else:
            rows = [row for part in parts for row in part.results or []]
            moved = batch_rows.move_batch(conn, batch_id, "running", "done", results=rows, versions=versions)
    return "completed" if moved else "done"


def _screen(store: Store, batch_id: str, chunk: int, attempt: int, parties: list[PartyRow],
            screener: Screener | None, settings: Settings) -> list[dict[str, Any]] | None:
    """The result rows of a chunk's parties, in order; None when the chunk was given to another
    worker meanwhile (a heartbeat found it no longer held)."""
    from hrdd.services.screening import judgement_store
    from hrdd.services.screening_reuse import RowScreener

    rows = RowScreener(screener, judgement_store(settings), None) if screener is not None else None
    results: list[dict[str, Any]] = []
    beat = time.monotonic()
    for party in parties:
        if rows is None or party.birth_date or party.identifier:
            results.extend(party_results(party, settings))
        else:
            hits, _ = rows.screen(party.name, party.country, party.schema)
            results.extend(result_row(hit, party.line) for hit in hits)
        if time.monotonic() - beat >= settings.worker_heartbeat_seconds:
            with store.transaction() as conn:
                if not chunk_rows.touch_chunk(conn, batch_id, chunk, attempt):
                    return None
            beat = time.monotonic()
    return results


def run_chunk(store: Store, batch_id: str, chunk: int, settings: Settings | None = None) -> str:
    """Take and screen one chunk: "skipped" when it was not queued (another worker has it, it is
    done, or its batch is over), else what :func:`finish_chunk` says. A failure puts the chunk
    back in the queue and is raised again (the job is retried), or, at the last attempt, fails
    the chunk and the batch ("failed")."""
    from hrdd.services.screening import open_screener

    settings = settings or get_settings()
    screener = open_screener(settings)  # before taking: a first opening is not screening time
    took = take_chunk(store, batch_id, chunk)
    if took is None:
        return "skipped"
    taken, parties = took
    try:
        results = _screen(store, batch_id, chunk, taken.attempt, parties, screener, settings)
        if results is None:
            return "lost"
        versions = screening_versions(settings)
    except Exception as err:
        last = taken.attempt >= CHUNK_ATTEMPTS
        error = f"{type(err).__name__}: {err}"[:2000]
        log.warning("screening batch chunk failed", extra={"ctx": {"batch": batch_id, "chunk": chunk,
                                                                   "attempt": taken.attempt, "last": last}})
        with store.transaction() as conn:
            if chunk_rows.release_chunk(conn, batch_id, chunk, taken.attempt, "failed" if last else "queued",
                                        error) and last:
                batch_rows.move_batch(conn, batch_id, "running", "failed", error=error)
        if last:
            return "failed"
        raise
    return finish_chunk(store, batch_id, chunk, taken.attempt, results, versions)


__all__ = ["CHUNK_ATTEMPTS", "WORKERLESS_AFTER", "ChunkProgress", "chunk_counts", "chunk_progress", "finish_chunk",
           "is_waiting_for_a_worker", "plan_chunks", "queued_chunks", "requeue_stalled", "run_chunk", "take_chunk"]
