"""Case revisions: one immutable row per version of a case's text.

Revision rows are only ever inserted (triggers refuse UPDATE and DELETE, migration 0003);
``(case_id, number)`` is unique, so two writers cannot both create revision n.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import case_revisions


@dataclass(frozen=True, slots=True)
class RevisionRow:
    case_id: str
    number: int
    sha256: str
    author: str
    created_at: dt.datetime
    reason: str
    case_text: str


def text_digest(case_text: str) -> str:
    return hashlib.sha256(case_text.encode("utf-8")).hexdigest()


def _row(r: Any) -> RevisionRow:
    return row_as(RevisionRow, r)


def insert_revision(conn: sa.Connection, *, case_id: str, number: int, case_text: str, author: str, reason: str,
                    at: dt.datetime) -> RevisionRow:
    row = RevisionRow(case_id, number, text_digest(case_text), author, at, reason, case_text)
    conn.execute(case_revisions.insert().values(case_id=case_id, number=number, sha256=row.sha256, author=author,
                                                created_at=at, reason=reason, case_text=case_text))
    return row


def get_revision(conn: sa.Connection, case_id: str, number: int) -> RevisionRow | None:
    row = conn.execute(sa.select(case_revisions).where(case_revisions.c.case_id == case_id,
                                                       case_revisions.c.number == number)).first()
    return _row(row) if row else None


def list_revisions(conn: sa.Connection, case_id: str, *, after: int = 0, with_text: bool = False) -> list[RevisionRow]:
    """The revisions of a case numbered above ``after``, oldest first (texts left out unless asked)."""
    columns = [c for c in case_revisions.c if c.name != "case_text"]
    text = case_revisions.c.case_text if with_text else sa.literal("").label("case_text")
    query = (sa.select(*columns, text).where(case_revisions.c.case_id == case_id, case_revisions.c.number > after)
             .order_by(case_revisions.c.number))
    return [_row(r) for r in conn.execute(query)]
