"""The engagement pages without JavaScript: activate from the page, upload the proof of an
obligation, request a suspension, approve it as a second person, tick the exit checklist; the list
shows what is due first, and the case page links to the engagement."""

import hashlib
import re

from tests.api.test_engagements import _approved
from tests.web.test_pages import _browser_login


def test_an_engagement_through_its_pages(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _approved(login("analyst"), login("approver"), case_text)
    analyst, csrf = _browser_login(app, "analyst")
    assert f'href="/engagements/{case_id}">Activate the engagement' in analyst.get(f"/cases/{case_id}").text
    page = analyst.get(f"/engagements/{case_id}").text
    tag = re.search(r'name="revision_tag" value="([^"]+)"', page)
    assert tag is not None and "Activate the engagement" in page
    bad = analyst.post(f"/engagements/{case_id}/activate", data={
        "csrf_token": csrf, "revision_tag": tag[1], "contract_ref": "C-5", "contract_start": "2026-13-01",
        "reason": "Contract signed"}, follow_redirects=False)
    assert bad.status_code == 422 and "contract_start" in bad.text
    assert analyst.post(f"/engagements/{case_id}/activate", data={
        "csrf_token": csrf, "revision_tag": tag[1], "contract_ref": "C-5", "contract_start": "2025-01-01",
        "reason": "Contract signed"}, follow_redirects=False).status_code == 303
    analyst.post(f"/cases/{case_id}/conditions", data={"csrf_token": csrf, "safeguard": "audit_logging",
                                                      "owner": "analyst", "due": "2025-06-30"})
    listing = analyst.get("/engagements").text
    assert f'href="/engagements/{case_id}"' in listing and "review due" in listing and "1 overdue" in listing

    page = analyst.get(f"/engagements/{case_id}").text
    condition = re.search(rf'action="/engagements/{case_id}/obligations/(\d+)"', page)
    assert condition is not None
    done = analyst.post(f"/engagements/{case_id}/obligations/{condition[1]}", follow_redirects=False,
                        data={"csrf_token": csrf, "status": "done", "revision": "1"},
                        files={"file": ("audit.txt", b"audit logging verified on site", "text/plain")})
    assert done.status_code == 303, done.text
    page = analyst.get(f"/engagements/{case_id}").text
    assert hashlib.sha256(b"audit logging verified on site").hexdigest() in page

    assert analyst.post(f"/engagements/{case_id}/requests", follow_redirects=False, data={
        "csrf_token": csrf, "action": "suspend", "from": "active", "reason": "Credible report of misuse"}).status_code == 303
    page = analyst.get(f"/engagements/{case_id}").text
    request_id = re.search(rf'action="/engagements/{case_id}/requests/(\d+)/withdraw"', page)
    assert request_id is not None and "/approve" not in page  # the requester is offered no approval
    approver, approver_csrf = _browser_login(app, "approver")
    approved = approver.post(f"/engagements/{case_id}/requests/{request_id[1]}/approve", follow_redirects=False,
                             data={"csrf_token": approver_csrf, "note": "Suspend pending the review"})
    assert approved.status_code == 303
    page = analyst.get(f"/engagements/{case_id}").text
    assert "state <strong>suspended</strong>" in page
    item = re.search(rf'action="/engagements/{case_id}/checklist/(\d+)"', page)
    assert item is not None
    assert analyst.post(f"/engagements/{case_id}/checklist/{item[1]}", follow_redirects=False, data={
        "csrf_token": csrf, "revision": "1", "done": "yes", "note": "Customer told in writing on 2 March"}
    ).status_code == 303
    page = approver.get(f"/engagements/{case_id}").text
    assert "Done: Customer told in writing on 2 March (analyst)" in page and "case.suspend" in page


def test_a_due_review_alert_links_to_the_engagement(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    from hrdd.services.duedates import raise_reviews_due

    analyst = login("analyst")
    case_id = _approved(analyst, login("approver"), case_text)
    assert analyst.post(f"/api/engagements/{case_id}/activate", json={
        "contract_ref": "C-8", "contract_start": "2024-01-01", "reason": "Contract signed"}).status_code == 201
    assert len(raise_reviews_due(app.state.store)) == 1
    browser, _ = _browser_login(app, "analyst")
    inbox = browser.get("/alerts").text
    assert "engagement.review_due" in inbox and f'href="/engagements/{case_id}#reviews">Record the review' in inbox
