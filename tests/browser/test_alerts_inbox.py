"""The alerts inbox in a real browser against ``hrdd serve``: a list update adds a monitored case's
end user under another spelling and one of its conditions is overdue; the analyst finds both in
the inbox, explained, marks one read and acknowledges the other; the approver sees the
acknowledgement (one closes it for everyone); the auditor reads but cannot acknowledge."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, Steps, serve
from tests.browser.pages import accessibility_problems, axe_violations, flash, log_in, sideways_overflow
from tests.services.rescreen_fixtures import RESPELLED, UNRELATED, add_case, write_version

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``hrdd serve`` with one monitored case, re-screened after a list version that adds its end
    user respelled, and one of its conditions overdue: two alerts waiting."""
    with serve(tmp_path_factory.mktemp("alerts-home")) as server:
        from hrdd.services.duedates import raise_overdue
        from hrdd.services.lists import import_list
        from hrdd.services.rescreen import rescreen_pending
        from hrdd.settings import Settings
        from hrdd.store import open_store, work

        database_url = f"sqlite:///{server.home / 'hrdd.sqlite3'}"
        settings = Settings(home=server.home, database_url=database_url)
        store = open_store(database_url)
        files = tmp_path_factory.mktemp("alerts-lists")
        try:
            import_list("opensanctions", [write_version(files / "v1.ftm.json", UNRELATED)], settings)
            rescreen_pending(store, settings)
            case_id = add_case(store)
            with store.transaction() as conn:
                work.insert_condition(conn, case_id=case_id, safeguard="audit_logging", owner="analyst",
                                      due=dt.date.today() - dt.timedelta(days=3))
            import_list("opensanctions", [write_version(files / "v2.ftm.json", [*UNRELATED, RESPELLED])], settings)
            rescreen_pending(store, settings)
            raise_overdue(store)
        finally:
            store.engine.dispose()
        yield server


def _checked(page: Any, steps: Steps, name: str) -> None:
    steps.snap(page, name)
    assert accessibility_problems(page) == [], name
    assert axe_violations(page) == [], name


def _row(page: Any, kind: str) -> Any:
    row = page.locator("tbody tr", has_text=kind)
    assert row.count() == 1, page.content()
    return row


def test_find_read_and_acknowledge_alerts_in_the_inbox(open_session: Any, steps: Steps) -> None:
    analyst = open_session().new_page()
    log_in(analyst, "analyst")
    analyst.get_by_role("link", name="Alerts").click()
    analyst.wait_for_load_state()
    _checked(analyst, steps, "inbox")
    assert "2 open and 2 unread" in analyst.locator(".hint").first.inner_text()
    nav = analyst.get_by_role("navigation", name="Main").get_by_role("link", name="Alerts")
    assert " ".join(nav.inner_text().split()) == "Alerts 2 unread"  # the count, and what it counts for a screen reader
    hit = _row(analyst, "screening.hit")
    text = hit.inner_text()
    assert "unread" in text and "Open" in text and "entry added" in text
    listed = RESPELLED["properties"]["name"][0]
    assert f"end_user may match {listed}" in text and "'vision'~'vizion'" in text  # who, and why
    case_id = hit.get_by_role("link").first.inner_text()
    late = _row(analyst, "condition.overdue")
    assert "Owner analyst" in late.inner_text() and "3 days overdue" in late.inner_text()

    late.get_by_role("button", name="Mark read").click()
    analyst.wait_for_load_state()
    assert flash(analyst).startswith("Alert ") and flash(analyst).endswith(" marked read.")
    assert "2 open and 1 unread" in analyst.locator(".hint").first.inner_text()
    late = _row(analyst, "condition.overdue")
    assert "unread" not in late.inner_text() and late.get_by_role("button", name="Mark read").count() == 0
    _checked(analyst, steps, "one-read")

    # one kind at a time: the filter keeps itself across an acknowledgement
    analyst.get_by_label("Kind").select_option(label="Screening hit (1 open)")
    analyst.get_by_role("button", name="Filter").click()
    analyst.wait_for_load_state()
    assert analyst.locator("tbody tr").count() == 1 and "1 alert of kind “Screening hit”, open" in analyst.inner_text("main")
    _row(analyst, "screening.hit").get_by_role("button", name="Acknowledge").click()
    analyst.wait_for_load_state()
    assert flash(analyst).endswith(" acknowledged.")
    assert "kind=screening.hit" in analyst.url
    empty = analyst.locator("p.empty").inner_text()  # the open list of that kind is empty now, and says what to do
    assert "nothing waits for you" in empty, empty
    _checked(analyst, steps, "kind-done")
    analyst.get_by_role("link", name="Show the acknowledged ones too").click()
    analyst.wait_for_load_state()
    hit = _row(analyst, "screening.hit")
    assert "Acknowledged by analyst" in hit.inner_text() and hit.get_by_role("button", name="Acknowledge").count() == 0
    _checked(analyst, steps, "acknowledged")

    analyst.get_by_role("link", name=case_id).first.click()
    analyst.wait_for_load_state()
    assert case_id in analyst.locator("h1").inner_text() or case_id in analyst.title()

    approver = open_session().new_page()
    log_in(approver, "approver")
    approver.goto("/alerts?show=all")
    seen = _row(approver, "screening.hit")
    assert "Acknowledged by analyst" in seen.inner_text()  # one acknowledgement closes it for everyone
    assert "unread" in seen.inner_text()  # read marks are each person's own

    auditor = open_session().new_page()
    log_in(auditor, "auditor")
    auditor.goto("/alerts?show=all")
    assert auditor.locator("tbody tr").count() == 2
    assert auditor.get_by_role("button", name="Acknowledge").count() == 0  # auditors read, they do not act
    _checked(auditor, steps, "auditor")


def test_an_alert_acknowledged_meanwhile_is_refused_on_the_inbox(open_session: Any, steps: Steps) -> None:
    """Two people with the inbox open: the second acknowledgement is refused (409) on the inbox itself,
    which says who acknowledged it and shows the alerts as they now are."""
    first, second = open_session().new_page(), open_session().new_page()
    log_in(first, "admin")
    log_in(second, "approver")
    first.goto("/alerts")
    second.goto("/alerts")
    _row(first, "condition.overdue").get_by_role("button", name="Acknowledge").click()
    first.wait_for_load_state()
    assert flash(first).endswith(" acknowledged.")
    response = _row(second, "condition.overdue").get_by_role("button", name="Acknowledge")
    with second.expect_navigation() as navigation:
        response.click()
    assert navigation.value is not None and navigation.value.status == 409
    assert second.locator("h1").inner_text() == "Alerts"
    refusal = second.get_by_role("alert").inner_text()
    assert "already acknowledged by admin" in refusal, refusal
    assert second.locator("tbody tr", has_text="condition.overdue").count() == 0  # no longer open
    _checked(second, steps, "conflict")


@pytest.mark.parametrize("path", ["/alerts?show=all", "/engagements", "/grievances?show=all"])
def test_post_sale_lists_fit_a_phone(open_session: Any, steps: Steps, path: str) -> None:
    page = open_session().new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "admin")
    page.goto(path)
    steps.snap(page, "phone")
    overflow, wide = sideways_overflow(page)
    assert overflow <= 1, f"{path} is {overflow}px wider than the phone's screen: {wide}"
