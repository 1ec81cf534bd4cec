"""An open condition past its due date raises one alert, addressed to its owner too."""

import datetime as dt
from pathlib import Path

from hrdd.services.alerts import CONDITION_OVERDUE, addressees, list_alerts
from hrdd.services.duedates import missing_alerts, raise_overdue
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


def test_a_due_date_without_its_alert_is_pending_work_until_the_scan_raised_it(tmp_path: Path, database_url: str,
                                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``hrdd worker --burst`` and the sweep queue the due-date scan when (and only when) a due date
    lacks its alert: a cron-style deployment raises it without the hourly schedule."""
    from hrdd.jobs import inline
    from hrdd.jobs import work as jobs

    settings = Settings(home=tmp_path / "home", database_url=database_url)
    monkeypatch.setenv("HRDD_HOME", str(settings.home))
    monkeypatch.setenv("HRDD_DATABASE_URL", database_url)
    from hrdd.settings import get_settings

    get_settings.cache_clear()
    store = get_store(settings)
    case_id = add_case(store)
    assert missing_alerts(store) == 0 and "scan_due_dates" not in [w.task for w in jobs.pending(settings)]
    with store.transaction() as conn:
        work.insert_condition(conn, case_id=case_id, safeguard="end_use_audit", owner="ana",
                              due=dt.date.today() - dt.timedelta(days=2))
        work.insert_condition(conn, case_id=case_id, safeguard="end_use_audit", owner="ana", due=dt.date.today())
    assert missing_alerts(store) == 1
    assert "scan_due_dates" in inline.run_pending(settings)
    rows, _ = list_alerts(store, Actor("ana", Role.ANALYST), case_id=case_id)
    assert [r.kind for r in rows] == [CONDITION_OVERDUE] and rows[0].explanation["days_overdue"] == 2
    assert missing_alerts(store) == 0 and inline.run_pending(settings) == []
