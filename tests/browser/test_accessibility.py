"""Basic accessibility facts on every page, as each role sees it: a lang attribute, exactly
one h1, a label for every input, no duplicate ids, aria-labelledby pointing at a heading."""

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import accessibility_problems, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "06-imsi-catcher-via-distributor-ae.yaml"


def _prepared_case(page: Any) -> str:
    """A case created, assessed and proposed for approval through the API with the page's session."""
    token = page.request.get("/api/me").json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    created = page.request.post("/api/cases", data={"case_text": EXAMPLE.read_text(encoding="utf-8")},
                                headers=headers)
    assert created.status == 201, created.text()
    case_id: str = created.json()["id"]
    assessed = page.request.post(f"/api/cases/{case_id}/assess", headers=headers)
    assert assessed.status == 200, assessed.text()
    headers["If-Match"] = page.request.get(f"/api/cases/{case_id}").headers["etag"]
    proposed = page.request.post(f"/api/cases/{case_id}/decisions", headers=headers,
                                 data={"outcome": assessed.json()["recommendation"], "rationale": "As assessed."})
    assert proposed.status == 201, proposed.text()
    return case_id


def _check(page: Any, steps: Steps, path: str, name: str, status: int = 200) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == status, (path, response and response.status)
    steps.snap(page, name)
    return [f"{path} ({name}): {p}" for p in accessibility_problems(page)]


def test_every_page_holds_the_basic_accessibility_facts(open_session: Any, steps: Steps) -> None:
    problems: list[str] = []
    anonymous = open_session().new_page()
    problems += _check(anonymous, steps, "/login", "login")

    analyst = open_session().new_page()
    log_in(analyst, "analyst")
    case_id = _prepared_case(analyst)
    for path, name in [("/", "case-list"), ("/cases/new", "intake-form"), (f"/cases/{case_id}", "case-analyst"),
                       ("/dashboard", "dashboard"), ("/countries", "country-index"), ("/countries/IR", "country-page"),
                       ("/alerts", "alerts-inbox"), ("/screen", "screening")]:
        problems += _check(analyst, steps, path, name)
    problems += _check(analyst, steps, "/cases/CASE-1900-0001", "not-found", 404)

    approver = open_session().new_page()
    log_in(approver, "approver")
    assert approver.goto(f"/cases/{case_id}") is not None
    assert approver.get_by_role("button", name="Approve").count() == 1, "the approver sees the approve form"
    for path, name in [(f"/cases/{case_id}", "case-approver"), ("/audit", "audit-log")]:
        problems += _check(approver, steps, path, name)
    problems += _check(approver, steps, "/cases/new", "intake-forbidden", 403)
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_page_that_breaks_them(open_session: Any) -> None:
    """The probe itself must be able to fail: a page with every fault is reported for each."""
    page = open_session().new_page()
    page.set_content('<html><body><h1>a</h1><h1>b</h1><input name="q"><h2 id="x">x</h2><input id="x" name="y">'
                     '<section aria-labelledby="x"></section><img src="data:,"></body></html>')
    problems = accessibility_problems(page)
    assert any("lang" in p for p in problems)
    assert any("2 <h1>" in p for p in problems)
    assert any('name="q" has no label' in p for p in problems)
    assert any('id "x" is used 2 times' in p for p in problems)
    assert any("has no alt" in p for p in problems)
