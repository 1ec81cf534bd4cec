"""The chunks of a screening batch that the PostgreSQL workers screen (any worker, any machine).

A chunk's status moves queued -> running -> done, running -> queued (a retry, or its worker went
silent) and running -> failed; each move is a compare-and-set that starts with its write (no read
first), so two workers never both hold a chunk. ``attempts`` counts the times a chunk was taken:
a move out of ``running`` names the attempt that holds it, so a worker that was given up on and
comes back late changes nothing.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import screening_batch_chunks as chunks
from hrdd.store.tables import screening_batches as batches

OPEN = ("queued", "running")  # a batch whose chunks may still be taken


@dataclass(frozen=True, slots=True)
class ChunkRow:
    batch_id: str
    chunk: int
    first_line: int
    last_line: int
    parties: int
    status: str
    attempts: int
    results: list[dict[str, Any]] | None
    versions: dict[str, Any] | None
    error: str | None
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Taken:
    attempt: int  # this taking's number: name it to move the chunk on
    first_line: int
    last_line: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _held(batch_id: str, chunk: int, attempt: int) -> list[sa.ColumnElement[bool]]:
    return [chunks.c.batch_id == batch_id, chunks.c.chunk == chunk, chunks.c.status == "running",
            chunks.c.attempts == attempt]


def insert_chunks(conn: sa.Connection, batch_id: str, spans: list[tuple[int, int, int]]) -> None:
    """One queued chunk per (first line, last line, parties), numbered in input order."""
    now = _now()
    conn.execute(chunks.insert(), [{"batch_id": batch_id, "chunk": n, "first_line": first, "last_line": last,
                                    "parties": count, "status": "queued", "attempts": 0, "updated_at": now}
                                   for n, (first, last, count) in enumerate(spans)])


def take_chunk(conn: sa.Connection, batch_id: str, chunk: int) -> Taken | None:
    """queued -> running while the batch is still open; None when another worker has it, it is
    done or failed, or the batch is over."""
    batch_open = sa.exists().where(batches.c.id == batch_id, batches.c.status.in_(OPEN))
    row = conn.execute(chunks.update()
                       .where(chunks.c.batch_id == batch_id, chunks.c.chunk == chunk, chunks.c.status == "queued",
                              batch_open)
                       .values(status="running", attempts=chunks.c.attempts + 1, updated_at=_now())
                       .returning(chunks.c.attempts, chunks.c.first_line, chunks.c.last_line)).first()
    return Taken(row.attempts, row.first_line, row.last_line) if row else None


def touch_chunk(conn: sa.Connection, batch_id: str, chunk: int, attempt: int) -> bool:
    """The holder is alive (a heartbeat); False when the chunk was given to another worker."""
    result = conn.execute(chunks.update().where(*_held(batch_id, chunk, attempt)).values(updated_at=_now()))
    return result.rowcount == 1


def finish_chunk(conn: sa.Connection, batch_id: str, chunk: int, attempt: int, results: list[dict[str, Any]],
                 versions: dict[str, Any]) -> int | None:
    """running -> done with its results; the chunk's party count, None when it was not held."""
    row = conn.execute(chunks.update().where(*_held(batch_id, chunk, attempt))
                       .values(status="done", results=results, versions=versions, error=None, updated_at=_now())
                       .returning(chunks.c.parties)).first()
    return int(row.parties) if row else None


def release_chunk(conn: sa.Connection, batch_id: str, chunk: int, attempt: int, status: str, error: str) -> bool:
    """running -> queued (to be retried) or failed, recording the error; False when not held."""
    result = conn.execute(chunks.update().where(*_held(batch_id, chunk, attempt))
                          .values(status=status, error=error, updated_at=_now()))
    return result.rowcount == 1


def requeue_stalled(conn: sa.Connection, before: dt.datetime) -> int:
    """running -> queued for every chunk of an open batch not heard from since ``before`` (its
    worker died or hangs); returns how many."""
    batch_open = sa.exists().where(batches.c.id == chunks.c.batch_id, batches.c.status.in_(OPEN))
    result = conn.execute(chunks.update()
                          .where(chunks.c.status == "running", chunks.c.updated_at < before, batch_open)
                          .values(status="queued", updated_at=_now()))
    return int(result.rowcount)


def queued_chunks(conn: sa.Connection, batch_id: str | None = None) -> list[tuple[str, int]]:
    """(batch id, chunk) of every queued chunk of an open batch (of one batch), oldest first."""
    query = (sa.select(chunks.c.batch_id, chunks.c.chunk).join(batches, batches.c.id == chunks.c.batch_id)
             .where(chunks.c.status == "queued", batches.c.status.in_(OPEN))
             .order_by(batches.c.created_at, chunks.c.batch_id, chunks.c.chunk))
    if batch_id is not None:
        query = query.where(chunks.c.batch_id == batch_id)
    return [(row.batch_id, row.chunk) for row in conn.execute(query)]


def list_chunks(conn: sa.Connection, batch_id: str) -> list[ChunkRow]:
    """A batch's chunks in input order."""
    rows = conn.execute(sa.select(chunks).where(chunks.c.batch_id == batch_id).order_by(chunks.c.chunk))
    return [row_as(ChunkRow, row) for row in rows]


def count_chunks(conn: sa.Connection, batch_id: str) -> tuple[int, int]:
    """(chunks done, chunks) of a batch; (0, 0) for a batch not in chunks."""
    done, total, _ = chunk_activity(conn, batch_id)
    return done, total


def chunk_activity(conn: sa.Connection, batch_id: str) -> tuple[int, int, dt.datetime | None]:
    """(chunks done, chunks, when a chunk last moved or its holder last sent a heartbeat)."""
    done = sa.func.count().filter(chunks.c.status == "done")
    row = conn.execute(sa.select(done, sa.func.count(), sa.func.max(chunks.c.updated_at))
                       .where(chunks.c.batch_id == batch_id)).one()
    return int(row[0]), int(row[1]), row[2]
