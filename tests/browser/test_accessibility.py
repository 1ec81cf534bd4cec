"""Accessibility of every page of the web UI (the list in ``tests.browser.pages.PAGES``), as each
role sees it: axe-core's rules (0 violations) and the suite's own probe (a lang attribute,
exactly one h1, a label for every input, no duplicate ids, aria-labelledby pointing at a heading).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, Steps
from tests.browser.pages import PAGES, accessibility_problems, axe_violations, keep_screenshot, log_in

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


def _engaged_case(analyst: Any, approver: Any) -> str:
    """An approved case activated with its contract, with a suspension waiting for approval."""
    from tests.browser.test_engagement_walk import approved_case

    case_id = approved_case(analyst, approver)
    headers = {"X-CSRF-Token": analyst.request.get("/api/me").json()["csrf_token"]}
    activated = analyst.request.post(f"/api/engagements/{case_id}/activate", headers=headers, data={
        "contract_ref": "C-1", "contract_start": "2026-01-01", "reason": "Contract signed"})
    assert activated.status == 201, activated.text()
    requested = analyst.request.post(f"/api/engagements/{case_id}/requests", headers=headers,
                                     data={"action": "suspend", "reason": "Credible report of misuse"})
    assert requested.status == 201, requested.text()
    return case_id


def _reassessed(analyst: Any, case_id: str) -> str:
    """A post-sale signal recorded on the engaged case, and the path of the re-assessment it made."""
    headers = {"X-CSRF-Token": analyst.request.get("/api/me").json()["csrf_token"]}
    recorded = analyst.request.post(f"/api/cases/{case_id}/signals", headers=headers, data={
        "kind": "misuse_report", "severity": "high", "source": "UN report, 2026-11",
        "description": "The cameras were used to identify protesters at a rally."})
    assert recorded.status == 201, recorded.text()
    (row, *_) = analyst.request.get(f"/api/cases/{case_id}/reassessments").json()["reassessments"]
    return f"{case_id}/reassessments/{row['id']}"


def _published_period(analyst: Any, approver: Any) -> str:
    """A transparency report proposed by the analyst and published by the approver (last year's)."""
    import datetime as dt

    period = str(dt.date.today().year - 1)
    proposed = analyst.request.post("/api/transparency-reports", data={"period": period},
                                    headers={"X-CSRF-Token": analyst.request.get("/api/me").json()["csrf_token"]})
    assert proposed.status == 201, proposed.text()
    published = approver.request.post(f"/api/transparency-reports/{proposed.json()['report']['id']}/publish",
                                      data={}, headers={"X-CSRF-Token": approver.request.get("/api/me").json()["csrf_token"]})
    assert published.status == 200, published.text()
    return period


@pytest.fixture(scope="module")
def visits(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """``visits()`` yields (name, path, page) for every page of ``PAGES``, each opened by its role."""
    contexts = []
    pages: dict[str, Any] = {}

    def _page(role: str) -> Any:
        if role not in pages:
            context = chromium.new_context(base_url=live_server.url, locale="en-GB",
                                           viewport={"width": 1280, "height": 900})
            context.set_default_timeout(30_000)
            contexts.append(context)
            pages[role] = context.new_page()
            if role != "anonymous":
                log_in(pages[role], role)
        return pages[role]

    case_id = _prepared_case(_page("analyst"))
    engaged = _engaged_case(_page("analyst"), _page("approver"))
    published = _published_period(_page("analyst"), _page("approver"))
    reassessed = _reassessed(_page("analyst"), engaged)

    def _visits() -> Iterator[tuple[str, str, Any]]:
        for role, template, name, status in PAGES:
            page = _page(role)
            path = template.format(case=case_id, engaged=engaged, published=published, reassessed=reassessed)
            response = page.goto(path)
            assert response is not None and response.status == status, (path, response and response.status)
            yield name, f"{path} ({name}, {role})", page

    yield _visits
    for context in contexts:
        context.close()


def test_every_page_has_no_axe_core_violations(visits: Any, steps: Steps) -> None:
    problems: list[str] = []
    for name, where, page in visits():
        steps.snap(page, name)
        keep_screenshot(page, name)
        problems += [f"{where}: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_every_page_holds_the_basic_accessibility_facts(visits: Any) -> None:
    problems: list[str] = []
    seen_approve = False
    for name, where, page in visits():
        problems += [f"{where}: {p}" for p in accessibility_problems(page)]
        if name == "approval":
            seen_approve = page.get_by_role("button", name="Approve").count() == 1
    assert seen_approve, "the approver sees the approve form on the approver's page"
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_page_that_breaks_them(open_session: Any) -> None:
    """The probe and axe-core must be able to fail: a page with every fault is reported for each."""
    page = open_session().new_page()
    page.set_content('<html><body><h1>a</h1><h1>b</h1><input name="q"><h2 id="x">x</h2><input id="x" name="y">'
                     '<section aria-labelledby="x"></section><img src="data:,"></body></html>')
    problems = accessibility_problems(page)
    assert any("lang" in p for p in problems)
    assert any("2 <h1>" in p for p in problems)
    assert any('name="q" has no label' in p for p in problems)
    assert any('id "x" is used 2 times' in p for p in problems)
    assert any("has no alt" in p for p in problems)
    rules = {v.split(":", 1)[0] for v in axe_violations(page)}
    assert {"html-has-lang", "label", "image-alt", "document-title"} <= rules, rules
