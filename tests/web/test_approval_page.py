"""The approver's page: the engine against the proposal, the blocking warnings, and an approval
refused (and the page shown again with what is missing) until each warning is justified."""

import re

import pytest

from tests.web.test_hit_reviews import _tag
from tests.web.test_pages import _browser_login

pytestmark = pytest.mark.postgres


def test_the_approver_must_justify_each_warning_on_the_page(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, csrf = _browser_login(app, "analyst")
    case_url = analyst.post("/cases/new", data={"csrf_token": csrf, "case_text": case_text},
                            follow_redirects=False).headers["location"]
    analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(analyst.get(case_url).text)})
    analyst.post(f"{case_url}/decisions", data={"csrf_token": csrf, "revision_tag": _tag(analyst.get(case_url).text),
                                                "outcome": "proceed", "rationale": "Known customer"})
    assert f'href="{case_url}/approval">What the approver will weigh' in analyst.get(case_url).text
    seen_by_analyst = analyst.get(f"{case_url}/approval").text
    assert "Questions the assessment could not answer" in seen_by_analyst and "/resolve" not in seen_by_analyst
    approver, approver_csrf = _browser_login(app, "approver")
    assert f'href="{case_url}/approval"' in approver.get(case_url).text
    page = approver.get(f"{case_url}/approval").text
    assert "The proposal is more lenient than the engine" in page
    assert "Questions the assessment could not answer" in page
    codes = re.findall(r'name="justification_(\w+)"', page)
    assert codes[:1] == ["departure"] and "open_questions" in codes
    decision_id = re.search(r'action="/decisions/(\d+)/resolve"', page)
    assert decision_id is not None
    form = {"csrf_token": approver_csrf, "revision_tag": _tag(page), "case_id": case_url.rsplit("/", 1)[1],
            "approve": "1", "note": "Agreed with the analyst"}
    refused = approver.post(f"/decisions/{decision_id[1]}/resolve", data={
        **form, "justification_departure": "The customer is long known to us and audited."})
    assert refused.status_code == 422
    assert "justifications.open_questions" in refused.text and "justifications.departure" not in refused.text
    assert "The customer is long known to us and audited." in refused.text, "what was typed is kept"
    assert "state <strong>proposed</strong>" in approver.get(case_url).text
    approved = approver.post(f"/decisions/{decision_id[1]}/resolve", follow_redirects=False, data={
        **form, **{f"justification_{c}": f"Weighed with the committee ({c})" for c in codes}})
    assert approved.status_code == 303
    page = approver.get(case_url).text
    assert "state <strong>approved</strong>" in page and "Weighed with the committee (open_questions)" in page
