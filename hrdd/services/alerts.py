"""Alerts: what needs someone's attention after the sale, addressed to roles or users.

An alert is raised at most once per dedupe key (the database refuses the second insert), so
a job that is retried after its worker died raises nothing twice. Each user sees the alerts
addressed to their role or to them (admins and auditors see every alert), marks them read,
and one person acknowledges an alert for everyone (compare-and-set, audited).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hrdd.exc import Conflict, NotFound
from hrdd.services.permissions import Actor, Role, require
from hrdd.store import Store, audit
from hrdd.store import alerts as alert_rows
from hrdd.store.alerts import AlertFilter, AlertRow

# kinds of alert (docs/glossary.md)
SCREENING_HIT = "screening.hit"  # a new or stronger hit on a monitored case's party
LIST_IMPORT_FAILED = "list.import_failed"  # a list file did not parse; the previous version stays
CASE_UNREADABLE = "rescreen.case_unreadable"  # a monitored case could not be read for re-screening
CONDITION_OVERDUE = "condition.overdue"  # a condition of a decision passed its due date, still open
REVIEW_DUE = "engagement.review_due"  # an engagement's periodic review fell due
GRIEVANCE_ACK_OVERDUE = "grievance.acknowledgement_overdue"  # a grievance not acknowledged in time
GRIEVANCE_FEEDBACK_OVERDUE = "grievance.feedback_overdue"  # a reporter without feedback in time
REASSESSMENT_MOVED = "reassessment.moved"  # a decided case's re-assessment moved its recommendation or risk level

SEE_ALL = frozenset({Role.ADMIN, Role.AUDITOR})

# each kind in the words the inbox shows
KIND_WORDS: dict[str, str] = {
    SCREENING_HIT: "Screening hit", LIST_IMPORT_FAILED: "List import failed",
    CASE_UNREADABLE: "Case not re-screened", CONDITION_OVERDUE: "Condition overdue", REVIEW_DUE: "Review due",
    GRIEVANCE_ACK_OVERDUE: "Grievance not acknowledged", GRIEVANCE_FEEDBACK_OVERDUE: "Grievance feedback late",
    REASSESSMENT_MOVED: "Re-assessment moved",
}


def audience(*roles: str, users: Iterable[str] = ()) -> str:
    """The stored form of an alert's addressees: ``,analyst,approver,user:ana,``."""
    names = [*roles, *(f"user:{u}" for u in users)]
    return "," + ",".join(names) + ","


def addressees(stored: str) -> list[str]:
    return [a for a in stored.split(",") if a]


@dataclass(frozen=True, slots=True)
class InboxItem:
    alert: AlertRow
    read: bool


def raise_alert(conn: Any, *, kind: str, case_id: str | None, subject: str, dedupe_key: str, title: str,
                to: str, explanation: dict[str, Any]) -> int | None:
    """Insert the alert in the caller's transaction; None when this dedupe key was raised before."""
    return alert_rows.insert_alert(conn, kind=kind, case_id=case_id, subject=subject, dedupe_key=dedupe_key,
                                   title=title, audience=to, explanation=explanation)


def _scope(actor: Actor) -> tuple[str, ...]:
    return () if actor.role in SEE_ALL else (str(actor.role), f"user:{actor.username}")


def list_alerts(store: Store, actor: Actor, *, case_id: str | None = None, open_only: bool = False,
                limit: int = 100, offset: int = 0) -> tuple[list[AlertRow], int]:
    """The alerts the actor may see, newest first."""
    require(actor, "alert.read")
    filters = AlertFilter(case_id=case_id, open_only=open_only, audience=_scope(actor))
    with store.transaction() as conn:
        return alert_rows.list_alerts(conn, filters, limit=min(max(limit, 1), 500), offset=max(offset, 0))


def inbox(store: Store, actor: Actor, *, limit: int = 100, offset: int = 0) -> tuple[list[InboxItem], int, int]:
    """The actor's inbox: (items with their read flag, total, unread)."""
    page = inbox_page(store, actor, limit=limit, offset=offset)
    return page.items, page.total, page.unread


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of the inbox as filtered, with the counts the page and the navigation show."""

    items: list[InboxItem]
    total: int  # matching the filter
    unread: int  # in the whole inbox
    open: int  # not acknowledged, in the whole inbox
    open_by_kind: dict[str, int]


def inbox_page(store: Store, actor: Actor, *, kind: str | None = None, open_only: bool = False, limit: int = 100,
               offset: int = 0) -> InboxPage:
    """The actor's inbox, optionally one kind and only the open alerts, newest first."""
    require(actor, "alert.read")
    scope = _scope(actor)
    with store.transaction() as conn:
        rows, total = alert_rows.list_alerts(conn, AlertFilter(audience=scope, kind=kind, open_only=open_only),
                                             limit=min(max(limit, 1), 500), offset=max(offset, 0))
        read = alert_rows.read_ids(conn, actor.username, [r.id for r in rows])
        unread = alert_rows.unread_count(conn, actor.username, scope)
        by_kind = alert_rows.open_counts(conn, scope)
    return InboxPage([InboxItem(r, r.id in read) for r in rows], total, unread, sum(by_kind.values()), by_kind)


def unread_count(store: Store, actor: Actor) -> int:
    """How many alerts in the actor's inbox the actor has not read (the navigation's count)."""
    with store.transaction() as conn:
        return alert_rows.unread_count(conn, actor.username, _scope(actor))


def _visible(conn: Any, actor: Actor, alert_id: int) -> AlertRow:
    row = alert_rows.get_alert(conn, alert_id)
    scope = _scope(actor)
    if row is None or (scope and not set(scope) & set(addressees(row.audience))):
        raise NotFound(f"no alert {alert_id}")
    return row


def get_alert(store: Store, actor: Actor, alert_id: int) -> AlertRow:
    require(actor, "alert.read")
    with store.transaction() as conn:
        return _visible(conn, actor, alert_id)


def mark_read(store: Store, actor: Actor, alert_id: int) -> None:
    require(actor, "alert.read")
    with store.transaction() as conn:
        _visible(conn, actor, alert_id)
        alert_rows.mark_read(conn, alert_id, actor.username)


def acknowledge(store: Store, actor: Actor, alert_id: int) -> AlertRow:
    """Acknowledge an open alert (once: a second acknowledgement is a Conflict), audited."""
    require(actor, "alert.ack")
    with store.transaction() as conn:
        row = _visible(conn, actor, alert_id)
        if not alert_rows.acknowledge(conn, alert_id, actor.username):
            raise Conflict(f"alert {alert_id} was already acknowledged by {row.acknowledged_by}")
        alert_rows.mark_read(conn, alert_id, actor.username)
        audit.append(conn, actor=actor.username, action="alert.ack", entity="alert", entity_id=str(alert_id),
                     before={"kind": row.kind, "case": row.case_id, "acknowledged": False},
                     after={"kind": row.kind, "case": row.case_id, "acknowledged": True})
        done = alert_rows.get_alert(conn, alert_id)
    assert done is not None
    return done


def alert_dict(row: AlertRow, *, read: bool | None = None) -> dict[str, Any]:
    """The JSON form of an alert (API, ``hrdd alerts list --format json``, webhooks)."""
    data: dict[str, Any] = {
        "id": row.id, "kind": row.kind, "case_id": row.case_id, "subject": row.subject, "title": row.title,
        "dedupe_key": row.dedupe_key, "audience": addressees(row.audience), "explanation": row.explanation,
        "created_at": _iso(row.created_at), "acknowledged_by": row.acknowledged_by,
        "acknowledged_at": _iso(row.acknowledged_at) if row.acknowledged_at else None,
    }
    if read is not None:
        data["read"] = read
    return data


def _iso(value: dt.datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat(timespec="seconds")
