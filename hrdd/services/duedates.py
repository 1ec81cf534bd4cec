"""Due dates: a condition of a decision still open after its due date raises an alert; so does an
engagement whose periodic review fell due, and a grievance not acknowledged, or whose reporter
has had no feedback, by its deadline.

Each scan first lists what is due (:class:`Due`, with the alert's dedupe key) and then raises it;
:func:`missing_alerts` counts what is due but not yet raised, so the job runners queue the scan
only when it has something to do (``hrdd.jobs.work.pending``): a burst worker, or the sweep of a
running one, raises a due date's alert without waiting for the hourly schedule.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hrdd.model.lifecycle import ENGAGED
from hrdd.services.alerts import (
    CONDITION_OVERDUE,
    GRIEVANCE_ACK_OVERDUE,
    GRIEVANCE_FEEDBACK_OVERDUE,
    REVIEW_DUE,
    audience,
    raise_alert,
)
from hrdd.store import Store, work
from hrdd.store import alerts as alert_rows
from hrdd.store import engagements as engagement_rows
from hrdd.store import grievances as grievance_rows

_When = TypeVar("_When", dt.date, dt.datetime)


@dataclass(frozen=True, slots=True)
class Due:
    """One alert a due date calls for (raised at most once: ``dedupe_key`` is unique)."""

    kind: str
    case_id: str | None
    subject: str
    dedupe_key: str
    title: str
    to: str
    explanation: dict[str, Any] = field(default_factory=dict)


def _overdue_conditions(conn: Any, today: dt.date) -> list[Due]:
    return [Due(kind=CONDITION_OVERDUE, case_id=c.case_id, subject=f"condition:{c.id}",
                dedupe_key=f"condition-overdue:{c.id}:{c.due.isoformat()}",
                title=f"{c.case_id}: condition {c.safeguard} was due on {c.due.isoformat()}",
                to=audience("analyst", "approver", users=(c.owner,)),
                explanation={"condition": c.id, "safeguard": c.safeguard, "owner": c.owner,
                             "due": c.due.isoformat(), "days_overdue": (today - c.due).days})
            for c in work.list_conditions(conn, due_before=today - dt.timedelta(days=1), status="open")]


def _reviews_due(conn: Any, today: dt.date) -> list[Due]:
    return [Due(kind=REVIEW_DUE, case_id=e.case_id, subject=f"engagement:{e.case_id}",
                dedupe_key=f"engagement-review-due:{e.case_id}:{e.next_review.isoformat()}",
                title=f"{e.case_id}: the periodic review was due on {e.next_review.isoformat()}",
                to=audience("analyst", "approver", users=(e.activated_by,)),
                explanation={"case": e.case_id, "contract_ref": e.contract_ref, "next_review": e.next_review.isoformat(),
                             "last_review": e.last_review.isoformat() if e.last_review else None,
                             "review_months": e.review_months, "residual_level": e.residual_level,
                             "days_overdue": (today - e.next_review).days})
            for e in engagement_rows.due_reviews(conn, today, [s.value for s in ENGAGED])]


def _grievances_overdue(conn: Any, now: dt.datetime) -> list[Due]:
    late = [(g.id, GRIEVANCE_ACK_OVERDUE, "acknowledgement", "acknowledged", g.acknowledge_due)
            for g in grievance_rows.overdue_acknowledgements(conn, now)]
    late += [(g.id, GRIEVANCE_FEEDBACK_OVERDUE, "feedback", "answered", g.feedback_due)
             for g in grievance_rows.overdue_feedback(conn, now)]
    found = []
    for grievance_id, kind, deadline, verb, due in late:
        due_utc = due if due.tzinfo else due.replace(tzinfo=dt.UTC)
        found.append(Due(kind=kind, case_id=None, subject=f"grievance:{grievance_id}",
                         dedupe_key=f"grievance-{deadline}-overdue:{grievance_id}:{due_utc.date().isoformat()}",
                         title=f"Grievance {grievance_id} was not {verb} by {due_utc.date().isoformat()}",
                         to=audience("grievance_officer"),
                         explanation={"grievance": grievance_id, "deadline": deadline,
                                      "due": due_utc.date().isoformat(), "days_overdue": (now - due_utc).days}))
    return found


def _raise(store: Store, find: Callable[[Any, _When], list[Due]], when: _When) -> list[int]:
    raised = []
    with store.transaction() as conn:
        for d in find(conn, when):
            alert = raise_alert(conn, kind=d.kind, case_id=d.case_id, subject=d.subject, dedupe_key=d.dedupe_key,
                                title=d.title, to=d.to, explanation=d.explanation)
            if alert is not None:
                raised.append(alert)
    return raised


def raise_overdue(store: Store, today: dt.date | None = None) -> list[int]:
    """One alert per open condition past its due date (once per condition and due date)."""
    return _raise(store, _overdue_conditions, today or dt.date.today())


def raise_reviews_due(store: Store, today: dt.date | None = None) -> list[int]:
    """One alert per running engagement (active or suspended) whose next review is due, once per
    engagement and review date: recording the review moves the date, and the next one alerts again."""
    return _raise(store, _reviews_due, today or dt.date.today())


def raise_grievances_overdue(store: Store, now: dt.datetime | None = None) -> list[int]:
    """One alert to the grievance officers per missed deadline of a grievance (once per grievance,
    deadline and due date). The alert names the grievance's number and the deadline only: admins
    and auditors see every alert, and the grievance's content is not for them."""
    return _raise(store, _grievances_overdue, now or dt.datetime.now(dt.UTC))


def missing_alerts(store: Store, now: dt.datetime | None = None) -> int:
    """How many due dates call for an alert that was not raised yet (0: the scan has nothing to do)."""
    now = now or dt.datetime.now(dt.UTC)
    today = dt.date.today()
    with store.transaction() as conn:
        keys = [d.dedupe_key for d in (*_overdue_conditions(conn, today), *_reviews_due(conn, today),
                                        *_grievances_overdue(conn, now))]
        return len(set(keys) - alert_rows.existing_keys(conn, keys))
