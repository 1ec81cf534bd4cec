"""The grievance pages: the public form and status page without login (limits, CSRF, no code in
URLs) and the officer's queue and grievance page (overdue marked, actions, who may see it)."""

import datetime as dt
import re

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from hrdd.services import grievances as intake
from hrdd.settings import Settings
from tests.web.test_pages import _browser_login, _csrf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {"about": "country", "category": "assembly", "country": "BR",
        "description": "Protesters were <b>identified</b> with the cameras."}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"grievance_keys": Fernet.generate_key().decode()})


def _code(html: str) -> str:
    match = re.search(r'id="receipt-code">([A-Z2-7-]+)<', html)
    assert match, "the receipt page shows no code"
    return match.group(1)


def _report(client: TestClient, **changes: object) -> str:
    csrf = _csrf(client.get("/report").text)
    response = client.post("/report", data={**FORM, "csrf_token": csrf, **changes},  # type: ignore[arg-type]
                           files=[("attachments", ("photo.pdf", PDF, "application/pdf"))])
    assert response.status_code == 200, response.text
    return response.text


def test_a_reporter_without_an_account_reports_and_follows_with_the_code(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    form = client.get("/report")
    assert form.status_code == 200 and "no-store" in form.headers["cache-control"]
    assert "within 7 days" in form.text and 'name="contact"' in form.text and "disabled" not in form.text
    receipt = _report(client)
    code = _code(receipt)
    assert "only this once" in receipt
    status = client.post("/report/status", data={"receipt_code": code.lower(), "csrf_token": _csrf(form.text)})
    assert status.status_code == 200 and "Received" in status.text
    assert "&lt;b&gt;identified&lt;/b&gt;" in status.text and "photo.pdf" in status.text
    assert code not in str(status.url)  # the code travels in the body only
    replied = client.post("/report/status/messages", data={"receipt_code": code, "body": "More photos exist",
                                                           "csrf_token": _csrf(status.text)})
    assert replied.status_code == 200 and "More photos exist" in replied.text


def test_the_public_form_refuses_without_half_storing(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    csrf = _csrf(client.get("/report").text)
    empty = client.post("/report", data={**FORM, "description": "", "csrf_token": csrf})
    assert empty.status_code == 422 and "description is required" in empty.text
    assert "Protesters" not in empty.text or 'name="description"' in empty.text
    files = [("attachments", (f"{i}.pdf", PDF, "application/pdf")) for i in range(6)]
    too_many = client.post("/report", data={**FORM, "csrf_token": csrf}, files=files)
    assert too_many.status_code == 413 and "too many files" in too_many.text
    forged = client.post("/report", data={**FORM, "csrf_token": "forged"})
    assert forged.status_code == 403
    with app.state.store.transaction() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM grievances")).scalar_one() == 0


def test_without_a_key_the_form_says_contact_details_are_not_accepted(app) -> None:  # type: ignore[no-untyped-def]
    app.state.settings = app.state.settings.model_copy(update={"grievance_keys": ""})
    client = TestClient(app)
    page = client.get("/report").text
    assert "cannot keep contact details safely" in page
    refused = client.post("/report", data={**FORM, "contact": "me@example.org", "csrf_token": _csrf(page)})
    assert refused.status_code == 422 and "no encryption key" in refused.text
    assert _code(_report(client))  # anonymous still works


def test_a_wrong_code_is_404_on_the_status_page(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    csrf = _csrf(client.get("/report/status").text)
    response = client.post("/report/status", data={"receipt_code": "ABCD-EFGH", "csrf_token": csrf})
    assert response.status_code == 404 and "no report has this receipt code" in response.text


def test_the_officer_queue_marks_overdue_and_handles_a_grievance(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    settings = app.state.settings
    old = intake.submit(app.state.store, settings, intake.NewGrievance(**FORM), "198.51.100.7",  # type: ignore[arg-type]
                        now=dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
    analyst, analyst_csrf = _browser_login(app, "analyst")
    case_id = analyst.post("/api/cases", json={"case_text": case_text},
                           headers={"X-CSRF-Token": analyst_csrf}).json()["id"]
    assert analyst.get("/grievances").status_code == 403
    assert analyst.get(f"/grievances/{old.grievance_id}").status_code == 403
    officer, csrf = _browser_login(app, "grievance_officer")
    queue = officer.get("/grievances").text
    assert f'href="/grievances/{old.grievance_id}"' in queue and 'class="overdue"' in queue and ">overdue<" in queue
    url = f"/grievances/{old.grievance_id}"
    assert "acknowledgement overdue" in officer.get(url).text
    for data in ({"action": "acknowledge", "revision": "1"}, {"action": "review", "revision": "2"}):
        assert officer.post(f"{url}/transition", data={**data, "csrf_token": csrf}, follow_redirects=False).status_code == 303
    officer.post(f"{url}/messages", data={"body": "We asked the customer.", "feedback": "1", "csrf_token": csrf})
    linked = officer.post(f"{url}/link", data={"case_id": case_id, "revision": "3", "csrf_token": csrf})
    assert linked.status_code == 200 and f"linked to {case_id}" in linked.text
    stale = officer.post(f"{url}/transition", data={"action": "close", "revision": "3", "outcome": "substantiated",
                                                    "note": "x", "csrf_token": csrf})
    assert stale.status_code == 412
    closed = officer.post(f"{url}/transition", data={"action": "close", "revision": "4", "outcome": "substantiated",
                                                     "note": "Support stopped.", "csrf_token": csrf})
    assert closed.status_code == 200 and "closed" in closed.text and "Support stopped." in closed.text
    assert f'href="/grievances/{old.grievance_id}"' not in officer.get("/grievances").text  # open only by default
    assert f'href="/grievances/{old.grievance_id}"' in officer.get("/grievances?show=all").text


def test_the_queue_puts_the_next_deadline_first_and_says_when_it_is_empty(app, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from hrdd.services import grievance_office as office
    from hrdd.services.permissions import Actor, Role

    officer, _ = _browser_login(app, "grievance_officer")
    assert "nothing waits for an answer" in officer.get("/grievances").text
    assert "No grievance has been received" in officer.get("/grievances?show=all").text
    store = app.state.store
    now = dt.datetime.now(dt.UTC)
    older = intake.submit(store, settings, intake.NewGrievance(about="product", category="privacy",
                                                               description="An older report."),
                          "198.51.100.7", now=now - dt.timedelta(days=10)).grievance_id
    newer = intake.submit(store, settings, intake.NewGrievance(about="product", category="privacy",
                                                               description="A newer report."),
                          "198.51.100.8", now=now - dt.timedelta(days=1)).grievance_id
    # the older one is acknowledged: its next date is the feedback, weeks away; the newer one's
    # acknowledgement falls due within days
    office.transition(store, Actor("grievance_officer", Role.GRIEVANCE_OFFICER), settings, older, "acknowledge", 1)

    def order(query: str) -> list[int]:
        return [int(n) for n in re.findall(r'<td data-label="Grievance"><a href="/grievances/(\d+)"',
                                           officer.get(f"/grievances{query}").text)]

    assert order("") == [newer, older]  # next deadline first, by default
    assert order("?order=received") == [older, newer]
    page = officer.get("/grievances").text
    assert 'option value="deadline" selected' in page
    assert re.search(r'href="/grievances">Grievances <span class="count">2<', page)  # open, in the navigation
