"""List versions and their deltas: what each import of a list added, changed and removed."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import list_changes, list_versions

_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ListVersionRow:
    source: str
    version: int
    entities_sha256: str
    as_of: str
    imported_at: dt.datetime
    entries: int
    added: int
    changed: int
    removed: int
    baseline: bool
    rescreened_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ChangeRow:
    entity_id: str
    change: str  # added | changed | removed
    content_hash: str
    payload: str | None  # the screening record of an added or changed listed party


def latest_version(conn: sa.Connection, source: str) -> ListVersionRow | None:
    row = conn.execute(sa.select(list_versions).where(list_versions.c.source == source)
                       .order_by(list_versions.c.version.desc()).limit(1)).first()
    return row_as(ListVersionRow, row) if row else None


def get_version(conn: sa.Connection, source: str, version: int) -> ListVersionRow | None:
    row = conn.execute(sa.select(list_versions).where(list_versions.c.source == source,
                                                      list_versions.c.version == version)).first()
    return row_as(ListVersionRow, row) if row else None


def insert_version(conn: sa.Connection, row: ListVersionRow, changes: Iterable[ChangeRow]) -> None:
    """The version and its delta rows, in the caller's transaction (a second import racing for
    the same version number fails on the primary key and rolls back)."""
    values = {name: getattr(row, name) for name in ListVersionRow.__slots__}
    conn.execute(list_versions.insert().values(**values))
    batch: list[dict[str, Any]] = []
    for change in changes:
        batch.append({"source": row.source, "version": row.version, "entity_id": change.entity_id,
                      "change": change.change, "content_hash": change.content_hash, "payload": change.payload})
        if len(batch) >= _BATCH:
            conn.execute(list_changes.insert(), batch)
            batch = []
    if batch:
        conn.execute(list_changes.insert(), batch)


def iter_changes(conn: sa.Connection, source: str, version: int, *, screened_only: bool = False
                 ) -> Iterator[ChangeRow]:
    query = sa.select(list_changes.c.entity_id, list_changes.c.change, list_changes.c.content_hash,
                      list_changes.c.payload).where(list_changes.c.source == source,
                                                    list_changes.c.version == version)
    if screened_only:
        query = query.where(list_changes.c.payload.is_not(None))
    for r in conn.execute(query.order_by(list_changes.c.entity_id)):
        yield ChangeRow(r.entity_id, r.change, r.content_hash, r.payload)


def list_versions_of(conn: sa.Connection, source: str | None = None, *, pending_only: bool = False
                     ) -> list[ListVersionRow]:
    query = sa.select(list_versions).order_by(list_versions.c.source, list_versions.c.version)
    if source is not None:
        query = query.where(list_versions.c.source == source)
    if pending_only:
        query = query.where(list_versions.c.rescreened_at.is_(None))
    return [row_as(ListVersionRow, r) for r in conn.execute(query)]


def mark_rescreened(conn: sa.Connection, source: str, version: int) -> bool:
    """Record that every monitored party was screened against this version (once)."""
    result = conn.execute(list_versions.update().where(
        list_versions.c.source == source, list_versions.c.version == version,
        list_versions.c.rescreened_at.is_(None)).values(rescreened_at=dt.datetime.now(dt.UTC)))
    return result.rowcount > 0
