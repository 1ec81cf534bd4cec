"""An open condition past its due date raises one alert, addressed to its owner too."""

import datetime as dt
from pathlib import Path

from hrdd.services.alerts import CONDITION_OVERDUE, addressees, list_alerts
from hrdd.services.duedates import raise_overdue
from hrdd.services.permissions import Actor, Role
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import work
from tests.services.rescreen_fixtures import add_case


def test_overdue_condition_raises_one_alert(tmp_path: Path, database_url: str) -> None:
    store = get_store(Settings(home=tmp_path / "home", database_url=database_url))
    case_id = add_case(store)
    today = dt.date(2026, 12, 6)
    with store.transaction() as conn:
        late = work.insert_condition(conn, case_id=case_id, safeguard="end_use_audit", owner="ana",
                                     due=today - dt.timedelta(days=3))
        work.insert_condition(conn, case_id=case_id, safeguard="end_use_audit", owner="ana", due=today)
        done = work.insert_condition(conn, case_id=case_id, safeguard="end_use_audit", owner="ana",
                                     due=today - dt.timedelta(days=9))
        work.update_condition(conn, done.id, status="done")
    (alert_id,) = raise_overdue(store, today)
    assert raise_overdue(store, today) == []
    rows, _ = list_alerts(store, Actor("ana", Role.ANALYST), case_id=case_id)
    (row,) = rows
    assert row.id == alert_id and row.kind == CONDITION_OVERDUE and "user:ana" in addressees(row.audience)
    assert row.explanation["condition"] == late.id and row.explanation["days_overdue"] == 3
