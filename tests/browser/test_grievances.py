"""The grievance mechanism in a real browser against ``hrdd serve``: an anonymous reporter sends
the public form with a file, gets the receipt code, follows the report on the status page; the
grievance officer works the queue (overdue marked), acknowledges, writes to the reporter, links
the grievance to a case and closes it; the reporter sees the answer and the outcome."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.browser.conftest import LiveServer, Steps, serve
from tests.browser.pages import accessibility_problems, axe_violations, flash, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "01-city-police-video-analytics-br.yaml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEY = Fernet.generate_key().decode()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``hrdd serve`` with a contact key, and one grievance received ten days ago (overdue)."""
    with serve(tmp_path_factory.mktemp("grievance-home"), grievance_keys=KEY) as server:
        from hrdd.services import grievances as intake
        from hrdd.settings import Settings
        from hrdd.store import open_store

        database_url = f"sqlite:///{server.home / 'hrdd.sqlite3'}"
        store = open_store(database_url)
        try:
            intake.submit(store, Settings(home=server.home, database_url=database_url),
                          intake.NewGrievance(about="product", category="privacy",
                                              description="An older report nobody acknowledged."),
                          "198.51.100.1", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
        finally:
            store.engine.dispose()
        yield server


def _checked(page: Any, steps: Steps, name: str) -> None:
    steps.snap(page, name)
    assert accessibility_problems(page) == [], name
    assert axe_violations(page) == [], name


def test_anonymous_report_receipt_status_and_the_officers_answer(open_session: Any, steps: Steps,
                                                                  tmp_path: Path) -> None:
    reporter = open_session().new_page()
    reporter.goto("/report")
    _checked(reporter, steps, "report-form")
    reporter.get_by_label("A customer").check()
    reporter.get_by_label("Which product, customer or place?").fill("Civil Police of the State of Example")
    reporter.get_by_label("Country concerned").fill("BR")
    reporter.get_by_label("Which right is at risk?").select_option("expression")
    reporter.get_by_label("What happened?").fill("The cameras sold last year are used to follow journalists.")
    photo = tmp_path / "photo.pdf"
    photo.write_bytes(PDF)
    reporter.get_by_label("Files").set_input_files(str(photo))
    reporter.get_by_role("button", name="Send the report").click()
    reporter.wait_for_load_state()
    _checked(reporter, steps, "receipt")
    code = reporter.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 32 and "only this once" in reporter.content()

    reporter.get_by_role("link", name="Follow your report").click()
    reporter.get_by_label("Receipt code").fill(code.lower())
    reporter.get_by_role("button", name="Show my report").click()
    reporter.wait_for_load_state()
    assert reporter.locator("#report-state").inner_text() == "Received"
    assert code not in reporter.url
    _checked(reporter, steps, "status-received")

    officer = open_session().new_page()
    log_in(officer, "grievance_officer")
    officer.get_by_role("link", name="Grievances").click()
    officer.wait_for_load_state()
    _checked(officer, steps, "queue")
    overdue_row = officer.locator("tr.overdue")
    assert overdue_row.count() == 1 and "overdue" in overdue_row.inner_text()
    officer.get_by_role("link", name="Grievance 2").click()
    officer.wait_for_load_state()
    _checked(officer, steps, "grievance")
    assert "journalists" in officer.content() and "photo.pdf" in officer.content()
    officer.get_by_role("button", name="Acknowledge receipt").click()
    assert flash(officer) == "Grievance 2 acknowledged."
    officer.get_by_label("Message to the reporter").fill("Thank you. Which unit uses them?")
    officer.get_by_label("This is feedback on the action taken").check()
    officer.get_by_role("button", name="Send").click()
    assert flash(officer) == "Message sent to the reporter."

    analyst = open_session().new_page()
    log_in(analyst, "analyst")
    token = analyst.request.get("/api/me").json()["csrf_token"]
    created = analyst.request.post("/api/cases", data={"case_text": EXAMPLE.read_text(encoding="utf-8")},
                                   headers={"X-CSRF-Token": token})
    assert created.status == 201, created.text()
    case_id = created.json()["id"]
    assert analyst.goto("/grievances/2") is not None and analyst.locator("h1").inner_text() == "Not allowed"

    officer.get_by_label("Link to case").fill(case_id)
    officer.get_by_role("button", name="Link").click()
    assert flash(officer) == f"Grievance 2 linked to {case_id}."
    officer.get_by_label("substantiated —", exact=False).first.check()
    officer.get_by_label("What was done and why").fill("We stopped support for the system while we review it.")
    officer.get_by_role("button", name="Close the grievance").click()
    assert flash(officer) == "Grievance 2 closed."
    assert officer.locator("#grievance-state").inner_text() == "closed"
    _checked(officer, steps, "grievance-closed")

    reporter.goto("/report/status")
    reporter.get_by_label("Receipt code").fill(code)
    reporter.get_by_role("button", name="Show my report").click()
    reporter.wait_for_load_state()
    assert reporter.locator("#report-state").inner_text() == "Closed"
    page = reporter.content()
    assert "Which unit uses them?" in page and "We stopped support" in page and "grievance_officer" not in page
    _checked(reporter, steps, "status-closed")
