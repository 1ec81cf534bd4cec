"""Screening batches: a file of parties, its progress and its results.

The status moves queued -> running -> done | failed; each move is a compare-and-set on the
status it expects, so two processes can never both run one batch.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import screening_batches as batches


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: str
    filename: str
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    status: str
    total: int
    done: int
    parties: list[dict[str, Any]]
    results: list[dict[str, Any]] | None
    versions: dict[str, Any] | None
    error: str | None


def insert_batch(conn: sa.Connection, *, batch_id: str, filename: str, created_by: str,
                 parties: list[dict[str, Any]]) -> None:
    now = dt.datetime.now(dt.UTC)
    conn.execute(batches.insert().values(id=batch_id, filename=filename, created_by=created_by, created_at=now,
                                         updated_at=now, status="queued", total=len(parties), done=0,
                                         parties=parties))


def get_batch(conn: sa.Connection, batch_id: str) -> BatchRow | None:
    row = conn.execute(sa.select(batches).where(batches.c.id == batch_id)).first()
    return row_as(BatchRow, row) if row else None


def list_batches(conn: sa.Connection, created_by: str | None, limit: int = 20) -> list[BatchRow]:
    """The newest batches (of one user, or of everyone), without their parties and results."""
    columns = [c for c in batches.c if c.name not in ("parties", "results")]
    query = sa.select(*columns).order_by(batches.c.created_at.desc(), batches.c.id).limit(limit)
    if created_by is not None:
        query = query.where(batches.c.created_by == created_by)
    return [BatchRow(**{**row._asdict(), "parties": [], "results": None}) for row in conn.execute(query)]


def move_batch(conn: sa.Connection, batch_id: str, expected: str, new: str, **values: Any) -> bool:
    """Set the status to ``new`` if it is still ``expected``; False when another process moved it."""
    result = conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.status == expected)
                          .values(status=new, updated_at=dt.datetime.now(dt.UTC), **values))
    return result.rowcount == 1


def record_progress(conn: sa.Connection, batch_id: str, done: int) -> None:
    conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.status == "running")
                 .values(done=done, updated_at=dt.datetime.now(dt.UTC)))


def add_progress(conn: sa.Connection, batch_id: str, parties: int) -> tuple[int, int] | None:
    """Count ``parties`` more as screened on a running batch; (done, total) after it, None when the
    batch is not running. The row is locked until the transaction ends, so of the finishers of the
    last chunks exactly one sees done == total."""
    row = conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.status == "running")
                       .values(done=batches.c.done + parties, updated_at=dt.datetime.now(dt.UTC))
                       .returning(batches.c.done, batches.c.total)).first()
    return (int(row.done), int(row.total)) if row else None


def touch_batch(conn: sa.Connection, batch_id: str) -> bool:
    """A running batch was heard from (a chunk taken): it is not shown as interrupted."""
    result = conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.status == "running")
                          .values(updated_at=dt.datetime.now(dt.UTC)))
    return result.rowcount == 1
