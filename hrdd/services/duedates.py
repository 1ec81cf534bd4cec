"""Due dates: a condition of a decision still open after its due date raises an alert; so does an
engagement whose periodic review fell due, and a grievance not acknowledged, or whose reporter
has had no feedback, by its deadline."""

import datetime as dt

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
from hrdd.store import engagements as engagement_rows
from hrdd.store import grievances as grievance_rows


def raise_overdue(store: Store, today: dt.date | None = None) -> list[int]:
    """One alert per open condition past its due date (once per condition and due date)."""
    today = today or dt.date.today()
    raised = []
    with store.transaction() as conn:
        for c in work.list_conditions(conn, due_before=today - dt.timedelta(days=1), status="open"):
            alert = raise_alert(
                conn, kind=CONDITION_OVERDUE, case_id=c.case_id, subject=f"condition:{c.id}",
                dedupe_key=f"condition-overdue:{c.id}:{c.due.isoformat()}",
                title=f"{c.case_id}: condition {c.safeguard} was due on {c.due.isoformat()}",
                to=audience("analyst", "approver", users=(c.owner,)),
                explanation={"condition": c.id, "safeguard": c.safeguard, "owner": c.owner,
                             "due": c.due.isoformat(), "days_overdue": (today - c.due).days})
            if alert is not None:
                raised.append(alert)
    return raised


def raise_reviews_due(store: Store, today: dt.date | None = None) -> list[int]:
    """One alert per running engagement (active or suspended) whose next review is due, once per
    engagement and review date: recording the review moves the date, and the next one alerts again."""
    today = today or dt.date.today()
    raised = []
    with store.transaction() as conn:
        for e in engagement_rows.due_reviews(conn, today, [s.value for s in ENGAGED]):
            alert = raise_alert(
                conn, kind=REVIEW_DUE, case_id=e.case_id, subject=f"engagement:{e.case_id}",
                dedupe_key=f"engagement-review-due:{e.case_id}:{e.next_review.isoformat()}",
                title=f"{e.case_id}: the periodic review was due on {e.next_review.isoformat()}",
                to=audience("analyst", "approver", users=(e.activated_by,)),
                explanation={"case": e.case_id, "contract_ref": e.contract_ref, "next_review": e.next_review.isoformat(),
                             "last_review": e.last_review.isoformat() if e.last_review else None,
                             "review_months": e.review_months, "residual_level": e.residual_level,
                             "days_overdue": (today - e.next_review).days})
            if alert is not None:
                raised.append(alert)
    return raised


def raise_grievances_overdue(store: Store, now: dt.datetime | None = None) -> list[int]:
    """One alert to the grievance officers per missed deadline of a grievance (once per grievance,
    deadline and due date). The alert names the grievance's number and the deadline only: admins
    and auditors see every alert, and the grievance's content is not for them."""
    now = now or dt.datetime.now(dt.UTC)
    raised = []
    with store.transaction() as conn:
        late = [(g.id, GRIEVANCE_ACK_OVERDUE, "acknowledgement", "acknowledged", g.acknowledge_due)
                for g in grievance_rows.overdue_acknowledgements(conn, now)]
        late += [(g.id, GRIEVANCE_FEEDBACK_OVERDUE, "feedback", "answered", g.feedback_due)
                 for g in grievance_rows.overdue_feedback(conn, now)]
        for grievance_id, kind, deadline, verb, due in late:
            due_utc = due if due.tzinfo else due.replace(tzinfo=dt.UTC)
            alert = raise_alert(
                conn, kind=kind, case_id=None, subject=f"grievance:{grievance_id}",
                dedupe_key=f"grievance-{deadline}-overdue:{grievance_id}:{due_utc.date().isoformat()}",
                title=f"Grievance {grievance_id} was not {verb} by {due_utc.date().isoformat()}",
                to=audience("grievance_officer"),
                explanation={"grievance": grievance_id, "deadline": deadline, "due": due_utc.date().isoformat(),
                             "days_overdue": (now - due_utc).days})
            if alert is not None:
                raised.append(alert)
    return raised
