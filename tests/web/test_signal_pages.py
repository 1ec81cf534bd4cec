"""The signals section of the case and engagement pages (record through the form, no JavaScript) and
a re-assessment's diff as a page."""

import re

import pytest

from hrdd.settings import Settings
from tests.api.test_signals import run_jobs
from tests.services.signal_fixtures import approved_case


def test_record_a_signal_from_the_case_page_and_read_the_diff(app, login, settings: Settings,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = approved_case(app.state.store, settings)
    analyst = login("analyst")
    page = analyst.get(f"/cases/{case_id}")
    assert page.status_code == 200 and 'id="signals"' in page.text and "No signals recorded." in page.text
    assert 'name="kind"' in page.text and "Credible report of misuse" in page.text
    posted = analyst.post(f"/cases/{case_id}/signals", data={
        "csrf_token": analyst.csrf, "kind": "misuse_report", "severity": "high", "back": "case",
        "description": "Cameras used to identify protesters at a rally.", "source": "UN report, 2026-11"},
        follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == f"/cases/{case_id}#signals"
    run_jobs(settings, monkeypatch)  # PostgreSQL: the workers re-assess; SQLite: done in the request
    page = analyst.get(f"/cases/{case_id}").text
    assert "Cameras used to identify protesters" in page and "Terminate" in page and "Suspend" in page
    (link,) = set(re.findall(rf'href="(/cases/{case_id}/reassessments/\d+)"', page))
    diff = login("auditor").get(link)
    assert diff.status_code == 200 and "What changed" in diff.text
    assert "Red flag End user has a record of misuse" in diff.text or "End user has a record of misuse" in diff.text
    inbox = analyst.get("/alerts").text
    # a high-severity report of misuse moves this case's risk: the inbox links the diff
    assert "reassessment.moved" in inbox and f'href="{link}"' in inbox and "What changed" in inbox
    engagement = analyst.get(f"/engagements/{case_id}")
    assert engagement.status_code == 200 and 'id="signals"' in engagement.text and "Cameras used to identify" in engagement.text


def test_an_auditor_sees_signals_but_no_form_and_cannot_post(app, login, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    case_id = approved_case(app.state.store, settings)
    auditor = login("auditor")
    page = auditor.get(f"/cases/{case_id}").text
    assert 'id="signals"' in page and 'action="/cases/' + case_id + '/signals"' not in page
    refused = auditor.post(f"/cases/{case_id}/signals", data={"csrf_token": auditor.csrf, "kind": "misuse_report",
                                                              "description": "x" * 20, "source": "abc"},
                           follow_redirects=False)
    assert refused.status_code == 403
    analyst = login("analyst")
    bad = analyst.post(f"/cases/{case_id}/signals", data={"csrf_token": analyst.csrf, "kind": "nope",
                                                          "description": "short", "source": ""},
                       follow_redirects=False)
    assert bad.status_code == 422 and "kind" in bad.text and "description" in bad.text
