"""Reviews of screening hits, kept per case by screened name and listed entity (not by hit row).

A hit row is written anew at every screening; its review lives here, keyed by the case, the
screened name and the listed entity (``{source}-{entry_id}``), with the content hash and the
content of the entity as the reviewer saw it. A later screening that finds the same entity with
the same content shows it reviewed; with other content it shows it open again, with this review
and what changed.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import is_postgres, row_as
from hrdd.store.tables import hit_reviews


@dataclass(frozen=True, slots=True)
class ReviewRow:
    case_id: str
    query: str
    entity_key: str
    content_hash: str  # "" for a review recorded before the content was kept (migration 0015)
    content: dict[str, Any] | None
    status: str
    reason: str
    reviewed_by: str
    reviewed_at: dt.datetime
    reviewed_revision: int | None


def reviews_of(conn: sa.Connection, case_id: str) -> dict[tuple[str, str], ReviewRow]:
    """The case's reviews by (screened name, entity key)."""
    rows = conn.execute(sa.select(hit_reviews).where(hit_reviews.c.case_id == case_id))
    found = [row_as(ReviewRow, r) for r in rows]
    return {(r.query, r.entity_key): r for r in found}


def put_review(conn: sa.Connection, review: ReviewRow) -> None:
    """Record (or replace) the review of one screened name against one listed entity."""
    values = {name: getattr(review, name) for name in ReviewRow.__slots__}
    keys = ["case_id", "query", "entity_key"]
    changed = {k: v for k, v in values.items() if k not in keys}
    if is_postgres(conn.engine):
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(hit_reviews).values(**values).on_conflict_do_update(index_elements=keys, set_=changed))
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    conn.execute(sqlite_insert(hit_reviews).values(**values).on_conflict_do_update(index_elements=keys,
                                                                                  set_=changed))
