"""Grievances, their messages and attachments. Every state change is a compare-and-set on
(state, revision): of two officers acting on the same revision exactly one changes the row."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import grievance_attachments as ga
from hrdd.store.tables import grievance_messages as gm
from hrdd.store.tables import grievances as g


@dataclass(frozen=True, slots=True)
class GrievanceRow:
    id: int
    state: str
    revision: int
    about: str
    category: str
    subject: str
    country: str | None
    description: str
    contact: str | None  # the Fernet token, never the plain text
    received_at: dt.datetime
    acknowledge_due: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None
    feedback_due: dt.datetime
    feedback_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_by: str | None
    outcome: str | None
    outcome_note: str | None
    case_id: str | None
    linked_by: str | None
    linked_at: dt.datetime | None
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: int
    grievance_id: int
    sender: str
    officer: str | None
    body: str
    feedback: bool
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    grievance_id: int
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class GrievanceFilter:
    state: str | None = None
    open_only: bool = False  # not closed
    case_id: str | None = None
    case_ids: tuple[str, ...] | None = None  # only grievances linked to one of these (None: any)


def insert_grievance(conn: sa.Connection, values: dict[str, Any]) -> int:
    now = values["received_at"]
    result = conn.execute(g.insert().values(**values, revision=1, updated_at=now))
    (row_id,) = result.inserted_primary_key or (0,)
    return int(row_id)


def insert_attachment(conn: sa.Connection, *, grievance_id: int, filename: str, content_type: str, data: bytes,
                      sha256: str) -> None:
    conn.execute(ga.insert().values(grievance_id=grievance_id, filename=filename, content_type=content_type,
                                    size=len(data), sha256=sha256, data=data))


def insert_message(conn: sa.Connection, *, grievance_id: int, sender: str, officer: str | None, body: str,
                   feedback: bool, sent_at: dt.datetime) -> int:
    result = conn.execute(gm.insert().values(grievance_id=grievance_id, sender=sender, officer=officer, body=body,
                                             feedback=feedback, sent_at=sent_at))
    (row_id,) = result.inserted_primary_key or (0,)
    return int(row_id)


def get_grievance(conn: sa.Connection, grievance_id: int) -> GrievanceRow | None:
    row = conn.execute(sa.select(g).where(g.c.id == grievance_id)).first()
    return row_as(GrievanceRow, row) if row else None


def find_by_receipt(conn: sa.Connection, digests: list[str]) -> tuple[GrievanceRow, str] | None:
    """The grievance whose stored receipt hash is one of ``digests``, with that hash."""
    row = conn.execute(sa.select(g).where(g.c.receipt_hash.in_(digests)).limit(1)).first()
    return (row_as(GrievanceRow, row), str(row.receipt_hash)) if row else None


def _filtered(query: sa.Select[Any], f: GrievanceFilter) -> sa.Select[Any]:
    if f.state is not None:
        query = query.where(g.c.state == f.state)
    if f.open_only:
        query = query.where(g.c.state != "closed")
    if f.case_id is not None:
        query = query.where(g.c.case_id == f.case_id)
    if f.case_ids is not None:
        query = query.where(g.c.case_id.in_(f.case_ids))
    return query


ORDERS = ("received", "deadline")


def list_grievances(conn: sa.Connection, f: GrievanceFilter = GrievanceFilter(), *, limit: int = 100,
                    offset: int = 0, order: str = "received") -> tuple[list[GrievanceRow], int]:
    """Oldest received first (the queue is worked from its oldest end), or with ``order="deadline"``
    the one whose next date (acknowledgement, then feedback) comes first, those with none left last."""
    total = conn.execute(_filtered(sa.select(sa.func.count()).select_from(g), f)).scalar_one()
    keys: list[Any] = [g.c.received_at, g.c.id]
    if order == "deadline":
        deadline = sa.case((g.c.acknowledged_at.is_(None), g.c.acknowledge_due),
                           (g.c.feedback_at.is_(None), g.c.feedback_due), else_=None)
        keys = [deadline.is_(None), deadline, *keys]
    rows = conn.execute(_filtered(sa.select(g), f).order_by(*keys).limit(limit).offset(offset))
    return [row_as(GrievanceRow, r) for r in rows], int(total)


def list_messages(conn: sa.Connection, grievance_id: int) -> list[MessageRow]:
    rows = conn.execute(sa.select(gm).where(gm.c.grievance_id == grievance_id).order_by(gm.c.id))
    return [row_as(MessageRow, r) for r in rows]


def list_attachments(conn: sa.Connection, grievance_id: int) -> list[AttachmentRow]:
    query = sa.select(*(ga.c[name] for name in AttachmentRow.__slots__)).where(ga.c.grievance_id == grievance_id)
    return [row_as(AttachmentRow, r) for r in conn.execute(query.order_by(ga.c.id))]


def read_attachment(conn: sa.Connection, grievance_id: int, attachment_id: int) -> tuple[AttachmentRow, bytes] | None:
    row = conn.execute(sa.select(ga).where(ga.c.id == attachment_id, ga.c.grievance_id == grievance_id)).first()
    return (row_as(AttachmentRow, row), bytes(row.data)) if row else None


def update_if(conn: sa.Connection, grievance_id: int, *, state: str, revision: int, values: dict[str, Any]) -> bool:
    """Compare-and-set: change the row only if it is still in ``state`` at ``revision``; True if it was."""
    result = conn.execute(g.update().where(g.c.id == grievance_id, g.c.state == state, g.c.revision == revision)
                          .values(**values, revision=revision + 1))
    return result.rowcount == 1


def set_feedback_once(conn: sa.Connection, grievance_id: int, at: dt.datetime) -> None:
    """Record the first feedback to the reporter (later ones leave the date as it is)."""
    conn.execute(g.update().where(g.c.id == grievance_id, g.c.feedback_at.is_(None)).values(feedback_at=at))


def overdue_acknowledgements(conn: sa.Connection, now: dt.datetime) -> list[GrievanceRow]:
    query = sa.select(g).where(g.c.state == "received", g.c.acknowledge_due < now).order_by(g.c.id)
    return [row_as(GrievanceRow, r) for r in conn.execute(query)]


def overdue_feedback(conn: sa.Connection, now: dt.datetime) -> list[GrievanceRow]:
    query = sa.select(g).where(g.c.feedback_at.is_(None), g.c.feedback_due < now).order_by(g.c.id)
    return [row_as(GrievanceRow, r) for r in conn.execute(query)]


def approvers_of(conn: sa.Connection, case_id: str) -> tuple[set[str], bool]:
    """Who approved or rejected a decision on the case, and whether a proposal waits there."""
    from hrdd.store.tables import decisions

    rows = conn.execute(sa.select(decisions.c.approved_by, decisions.c.status).where(decisions.c.case_id == case_id))
    deciders, waiting = set(), False
    for r in rows:
        if r.status in ("approved", "rejected") and r.approved_by:
            deciders.add(str(r.approved_by))
        waiting = waiting or r.status == "proposed"
    return deciders, waiting


def cases_decided_by(conn: sa.Connection, username: str) -> list[str]:
    """The cases on which this user approved or rejected a decision, or where a proposal waits."""
    from hrdd.store.tables import decisions

    query = sa.select(decisions.c.case_id).where(sa.or_(
        sa.and_(decisions.c.approved_by == username, decisions.c.status.in_(("approved", "rejected"))),
        decisions.c.status == "proposed")).distinct()
    return [str(r.case_id) for r in conn.execute(query)]


def contacts(conn: sa.Connection) -> list[tuple[int, str]]:
    """Every stored contact token, by grievance id."""
    return [(int(r.id), str(r.contact)) for r in conn.execute(sa.select(g.c.id, g.c.contact)
                                                               .where(g.c.contact.is_not(None)).order_by(g.c.id))]


def set_contact(conn: sa.Connection, grievance_id: int, token: str) -> None:
    conn.execute(g.update().where(g.c.id == grievance_id).values(contact=token))
