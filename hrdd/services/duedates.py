"""Due dates: a condition of a decision still open after its due date raises an alert."""

import datetime as dt

from hrdd.services.alerts import CONDITION_OVERDUE, audience, raise_alert
from hrdd.store import Store, work


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
