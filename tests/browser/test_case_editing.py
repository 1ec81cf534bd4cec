"""Editing a case in a real browser with JavaScript switched off: two people edit the same
case, the second is told what the first changed and keeps what they typed; the history
shows the revisions and a readable diff; every new page holds the accessibility facts."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import LiveServer, Steps
from tests.browser.pages import accessibility_problems, axe_violations, flash, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "06-imsi-catcher-via-distributor-ae.yaml"


@pytest.fixture
def no_script(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """``no_script()`` gives a fresh browser context with JavaScript disabled."""
    contexts: list[Any] = []

    def _open() -> Any:
        context = chromium.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB",
                                       viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def _new_case(page: Any) -> str:
    token = page.request.get("/api/me").json()["csrf_token"]
    created = page.request.post("/api/cases", data={"case_text": EXAMPLE.read_text(encoding="utf-8")},
                                headers={"X-CSRF-Token": token})
    assert created.status == 201, created.text()
    case_id: str = created.json()["id"]
    return case_id


def _save(page: Any, button: str = "Save") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def _axe(open_session: Any, page: Any) -> list[str]:
    """axe-core's violations on what ``page`` shows (axe needs JavaScript: the page's HTML is
    loaded into a scripted page of the same server, styles and all)."""
    scripted = open_session().new_page()
    scripted.goto(page.url.split("?")[0] if page.url.endswith("/history") else "/login")
    scripted.set_content(page.content())
    return axe_violations(scripted)


def test_two_people_edit_at_once_and_the_second_keeps_their_input(no_script: Any, open_session: Any,
                                                                   steps: Steps) -> None:
    analyst, admin = no_script(), no_script()
    log_in(analyst, "analyst")
    log_in(admin, "admin")
    case_id = _new_case(analyst)

    analyst.goto(f"/cases/{case_id}")
    analyst.get_by_role("link", name="Edit the case").click()
    analyst.wait_for_load_state()
    analyst.get_by_role("navigation", name="Steps").get_by_role("link", name="End user").click()
    analyst.wait_for_load_state()
    assert analyst.get_by_role("heading", level=1).inner_text() == f"Edit {case_id}: End user"
    analyst.get_by_label("Ties to the government").fill("Reports to the federal cabinet")
    analyst.get_by_label("Reason for this change").fill("The customer described its reporting line")
    steps.snap(analyst, "analyst-editing")

    # meanwhile the admin changes the end user's country and saves
    admin.goto(f"/cases/{case_id}/edit/country")
    admin.get_by_label("End user's country").fill("Qatar")
    admin.get_by_label("Reason for this change").fill("The contract is with the Doha office")
    _save(admin)
    assert flash(admin) == "Saved “Country” as revision 2 (draft)."

    # the analyst saves the page opened at revision 1: refused, explained, nothing lost
    _save(analyst)
    alert = analyst.locator("section.conflict")
    assert "Someone else saved this case after you opened this page" in alert.inner_text()
    assert "Revision 2 saved by admin" in alert.inner_text() and "Doha office" in alert.inner_text()
    changed = alert.get_by_role("row").filter(has_text="End user's country").inner_text()
    assert "United Arab Emirates" in changed and "Qatar" in changed
    assert analyst.get_by_label("Ties to the government").input_value() == "Reports to the federal cabinet"
    assert analyst.get_by_label("Reason for this change").input_value() == "The customer described its reporting line"
    steps.snap(analyst, "conflict-explained")
    assert not accessibility_problems(analyst), accessibility_problems(analyst)
    assert not _axe(open_session, analyst), _axe(open_session, analyst)

    _save(analyst)
    assert flash(analyst) == "Saved “End user” as revision 3 (draft)."
    case = analyst.request.get(f"/api/cases/{case_id}").json()
    assert "country: Qatar" in case["case_text"] and "Reports to the federal cabinet" in case["case_text"]

    # the history lists the three revisions and shows what changed between 1 and 3 in words
    analyst.goto(f"/cases/{case_id}/history")
    rows = analyst.locator("form table tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == ["3", "2", "1"]
    assert "The customer described its reporting line" in rows[0] and "admin" in rows[1]
    analyst.get_by_label("Compare from revision 1").check()
    analyst.get_by_label("Compare to revision 3").check()
    analyst.get_by_role("button", name="Compare").click()
    analyst.wait_for_load_state()
    diff = analyst.locator("table.changes")
    assert "2 fields changed" in diff.inner_text()
    ties = diff.get_by_role("row").filter(has_text="Ties to the government").inner_text()
    assert "Reports to the federal cabinet" in ties
    steps.snap(analyst, "history-diff")
    assert not accessibility_problems(analyst), accessibility_problems(analyst)


def test_every_step_and_the_history_hold_the_accessibility_facts(no_script: Any, open_session: Any,
                                                                 steps: Steps) -> None:
    page = no_script()
    log_in(page, "analyst")
    case_id = _new_case(page)
    problems: list[str] = []
    for step in ("scope", "end_user", "country", "end_use", "third_parties", "tailoring", "safeguards", "sources"):
        response = page.goto(f"/cases/{case_id}/edit/{step}")
        assert response is not None and response.status == 200
        steps.snap(page, f"step-{step}")
        problems += [f"{step}: {p}" for p in accessibility_problems(page)]
        problems += [f"{step} (axe-core): {v}" for v in _axe(open_session, page)]
    # a page with errors: every error is tied to its field
    page.goto(f"/cases/{case_id}/edit/scope")
    page.get_by_label("Seller's country").fill("Atlantis")
    _save(page)
    error = page.locator("#f-seller-country-error")
    assert "unknown country" in error.inner_text()
    assert "f-seller-country-error" in (page.get_by_label("Seller's country").get_attribute("aria-describedby") or "")
    steps.snap(page, "step-errors")
    problems += [f"errors: {p}" for p in accessibility_problems(page)]
    problems += [f"errors (axe-core): {v}" for v in _axe(open_session, page)]
    for path in (f"/cases/{case_id}/history", "/glossary"):
        page.goto(path)
        problems += [f"{path}: {p}" for p in accessibility_problems(page)]
        problems += [f"{path} (axe-core): {v}" for v in _axe(open_session, page)]
    assert not problems, "\n".join(problems)


def _continue(page: Any, expect_h1: str) -> None:
    _save(page, "Save and continue")
    errors = page.locator("section.errors")
    assert page.get_by_role("heading", level=1).inner_text().endswith(expect_h1), (
        page.url, errors.inner_text() if errors.count() else "")


def test_intake_through_the_guided_steps_without_javascript(no_script: Any, steps: Steps) -> None:
    page = no_script()
    log_in(page, "analyst")
    page.get_by_role("link", name="New case").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "New case"
    assert page.locator("nav.steps [aria-current=step]").inner_text().endswith("Scope and product")
    page.get_by_label("Case title").fill("Plate readers and a data platform for a city police")
    page.locator("#f-seller-name").fill("Example Mobility AB")
    page.get_by_label("Seller's country").fill("SE")
    page.get_by_label("Kind of transaction").select_option("sale")
    page.get_by_label("Product name").fill("PlateScan 3")
    page.check("input[name='products[0].capabilities'][value=licence_plate_recognition]")
    # a second product row, added with a plain form button
    page.get_by_role("button", name="Add a product").click()
    page.wait_for_load_state()
    assert page.get_by_label("Case title").input_value() == "Plate readers and a data platform for a city police"
    page.locator("#f-products-1-name").fill("CityData Hub")
    page.check("input[name='products[1].capabilities'][value=data_fusion_platform]")
    page.get_by_label("End user's name").fill("Polícia Municipal de Exemplo")
    page.get_by_label("Kind of end user").select_option("government")
    page.get_by_label("Sector").select_option("municipal")
    page.get_by_label("End user's country").fill("Brazil")
    steps.snap(page, "intake-1-scope")
    _save(page, "Create case and continue")
    assert "created as a draft (revision 1)" in flash(page)
    assert page.locator("nav.steps [aria-current=step]").inner_text().endswith("End user")
    case_id = page.url.split("/cases/")[1].split("/")[0]

    page.get_by_label("Parent body").fill("Secretaria Municipal de Segurança")
    page.get_by_role("button", name="Add an identifier").click()
    page.wait_for_load_state()
    page.get_by_label("Kind of identifier 1").fill("cnpj")
    page.get_by_label("Identifier 1", exact=True).fill("00.000.000/0001-00")
    steps.snap(page, "intake-2-end-user")
    _continue(page, "Country")
    assert "Intake: country" in page.get_by_label("Reason for this change").input_value()
    _continue(page, "End use")
    page.get_by_label("Stated end use").fill("Find stolen cars at the city's entrances")
    page.check("input[name='end_use.purposes'][value=criminal_investigation]")
    page.get_by_label("Scale of deployment").select_option("city")
    fact = page.locator("#f-facts-end_use_statement_refused")
    fact.get_by_label("No", exact=True).check()
    _continue(page, "Third parties")
    page.get_by_label("Yes, listed below").check()
    page.get_by_role("button", name="Add a third party").click()
    page.wait_for_load_state()
    page.locator("#f-intermediaries-0-name").fill("Exemplo Integração Ltda")
    page.locator("#f-intermediaries-0-role").select_option("integrator")
    page.locator("#f-intermediaries-0-country").fill("BR")
    steps.snap(page, "intake-5-third-parties")
    _continue(page, "Tailoring")
    page.get_by_role("button", name="Add a safeguard").click()
    page.wait_for_load_state()
    page.locator("#f-safeguards-tailoring-0-id").select_option("audit_logging")
    page.locator("#f-safeguards-tailoring-0-status").select_option("agreed")
    _continue(page, "Safeguards")
    # going back saves too, and the step shows what was saved
    _save(page, "Save and go back")
    assert page.locator("#f-safeguards-tailoring-0-id").input_value() == "audit_logging"
    _continue(page, "Safeguards")
    page.get_by_role("button", name="Add a safeguard").click()
    page.wait_for_load_state()
    page.locator("#f-safeguards-safeguards-0-id").select_option("human_rights_clause")
    page.locator("#f-safeguards-safeguards-0-status").select_option("planned")
    _continue(page, "Sources")
    page.get_by_role("button", name="Add a source").click()
    page.wait_for_load_state()
    page.get_by_label("Title").fill("Municipal procurement notice 14/2026")
    page.get_by_label("Date").fill("2026-10-01")
    steps.snap(page, "intake-8-sources")
    _save(page, "Save and finish")
    assert page.url.endswith(f"/cases/{case_id}")
    case = yaml.safe_load(page.request.get(f"/api/cases/{case_id}").json()["case_text"])
    assert [p["name"] for p in case["products"]] == ["PlateScan 3", "CityData Hub"]
    assert case["end_user"]["identifiers"] == {"cnpj": "00.000.000/0001-00"}
    assert case["end_use"]["scale"] == "city" and case["facts"]["end_use_statement_refused"] is False
    assert case["intermediaries"] == [{"name": "Exemplo Integração Ltda", "role": "integrator", "country": "BR"}]
    assert {s["id"]: s["status"] for s in case["safeguards"]} == {"audit_logging": "agreed",
                                                                  "human_rights_clause": "planned"}
    assert case["evidence"][0]["title"] == "Municipal procurement notice 14/2026"
    reasons = [r["reason"] for r in page.request.get(f"/api/cases/{case_id}/revisions").json()["revisions"]]
    assert reasons[0] == "intake: scope and product" and "Intake: sources" in reasons
    steps.snap(page, "intake-done")
