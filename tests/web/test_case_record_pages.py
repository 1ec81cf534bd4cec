"""The case page carries the revision it showed: a form posted from an old page is refused
with 412; an approver reopens a decided case from the page."""

import re

from tests.web.test_pages import _browser_login


def _tag(html: str) -> str:
    found = re.search(r'name="revision_tag" value="([^"]+)"', html)
    assert found, "the form has no revision field"
    return found[1]


def test_a_form_from_an_old_page_is_refused_and_an_approver_reopens(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, csrf = _browser_login(app, "analyst")
    created = analyst.post("/cases/new", data={"csrf_token": csrf, "case_text": case_text}, follow_redirects=False)
    case_url = created.headers["location"]
    old_page = analyst.get(case_url).text
    assert analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(old_page)},
                        follow_redirects=False).status_code == 303
    page = analyst.get(case_url).text
    assert "state <strong>assessed</strong>" in page
    proposed = analyst.post(f"{case_url}/decisions", follow_redirects=False, data={
        "csrf_token": csrf, "revision_tag": "r0-0000000000000000", "outcome": "escalate", "rationale": "As assessed"})
    assert proposed.status_code == 412 and "Changed in the meantime" in proposed.text
    assert analyst.post(f"{case_url}/decisions", follow_redirects=False, data={
        "csrf_token": csrf, "revision_tag": _tag(page), "outcome": "escalate",
        "rationale": "As assessed"}).status_code == 303
    approver, approver_csrf = _browser_login(app, "approver")
    page = approver.get(f"{case_url}/approval").text
    decision_id = re.search(r'action="/decisions/(\d+)/resolve"', page)
    assert decision_id is not None
    justifications = {f"justification_{code}": f"Weighed and accepted: {code}"
                      for code in re.findall(r'name="justification_(\w+)"', page)}
    assert approver.post(f"/decisions/{decision_id[1]}/resolve", follow_redirects=False, data={
        "csrf_token": approver_csrf, "revision_tag": _tag(page), "approve": "1",
        "note": "Agreed with the analyst", **justifications}).status_code == 303
    page = approver.get(case_url).text
    assert "state <strong>approved</strong>" in page and "Reopen the case" in page
    assert "Assess now" not in analyst.get(case_url).text
    reopened = approver.post(f"{case_url}/reopen", follow_redirects=False, data={
        "csrf_token": approver_csrf, "revision_tag": _tag(page), "reason": "buyer changed the end user"})
    assert reopened.status_code == 303
    page = approver.get(case_url).text
    assert "state <strong>draft</strong>" in page and "revision 2" in page
