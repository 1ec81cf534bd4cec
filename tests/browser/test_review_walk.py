"""Hit reviews and the approver's page in a real browser against a real server with two lists
loaded (OFAC SDN and the US Consolidated Screening List, which repeats the SDN entry under the
same number): the analyst reviews the entity once for both lists, assesses again and the review
stays; the approver weighs the warnings, approves with a written justification of each, and the
exported report carries the justifications."""

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import case_id_from_url, flash, keep_screenshot
from tests.services.rescreen_fixtures import case_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _hits_panel(page: Any) -> str:
    text: str = page.locator("section[aria-labelledby=hits]").inner_text()
    return text


def _assess(page: Any) -> None:
    page.get_by_role("button", name="Assess now").click()
    page.wait_for_load_state()
    assert flash(page).startswith("Assessed:"), flash(page)


def test_review_once_across_lists_and_re_assessment_then_approve_with_justifications(browse: Any,
                                                                                     steps: Steps) -> None:
    analyst = browse("analyst")
    analyst.goto("/cases/new")
    analyst.get_by_label("Case file (YAML or JSON, schema hrdd.case/1)").fill(case_text())
    analyst.get_by_role("button", name="Create case from file").click()
    analyst.wait_for_load_state()
    case_id = case_id_from_url(analyst)
    assert "Not screened. The case has not been assessed yet" in _hits_panel(analyst)
    _assess(analyst)

    # one row for the entity on both lists, one review
    rows = analyst.locator("section[aria-labelledby=hits] tbody tr")
    assert rows.count() == 1 and "ofac-sdn 36 · us-csl 36" in rows.first.inner_text()
    assert "Not reviewed" in rows.first.inner_text()
    steps.snap(analyst, "one-entity-two-lists")
    analyst.get_by_label("Reason").fill("Other company: different registry number and city")
    analyst.get_by_role("button", name="No match").click()
    analyst.wait_for_load_state()
    assert flash(analyst) == "Hit reviewed."
    for _ in range(2):  # reviewed once; assessing again keeps it
        panel = _hits_panel(analyst)
        assert "no match by analyst: Other company: different registry number and city" in panel, panel
        assert "Not reviewed" not in panel
        _assess(analyst)
    steps.snap(analyst, "review-kept-after-re-assessment")
    analyst.locator("#hits").scroll_into_view_if_needed()
    keep_screenshot(analyst, "case-hits")

    analyst.get_by_label("Proposed decision").select_option("proceed_with_conditions")
    analyst.get_by_label("Rationale").fill("Known customer; conditions agreed.")
    analyst.get_by_role("button", name="Propose for approval").click()
    analyst.wait_for_load_state()
    assert flash(analyst) == "Decision proposed for approval."

    approver = browse("approver")
    approver.goto(f"/cases/{case_id}")
    approver.get_by_role("link", name="Weigh the proposal and approve or reject it").click()
    approver.wait_for_load_state()
    assert approver.get_by_role("heading", level=1).inner_text().startswith(f"Approval of {case_id}")
    warnings = approver.locator("#warnings ~ .warning, section[aria-labelledby=warnings] .warning")
    titles = [w.locator("h3").inner_text() for w in warnings.all()]
    assert "Data older than its refresh cycle" in titles, titles
    assert "Screening hits nobody has reviewed" not in titles, "the hit was reviewed"
    stale = approver.locator("#warning-stale_data").inner_text()
    assert "U.S. Consolidated Screening List" in stale and "refreshed every 14 days" in stale, stale
    steps.snap(approver, "approval-page")

    justifications = {}
    for box in approver.locator("textarea[name^=justification_]").all():
        code = str(box.get_attribute("name")).removeprefix("justification_")
        justifications[code] = f"Accepted by the committee on review ({len(justifications) + 1})"
        box.fill(justifications[code])
    assert set(justifications) >= {"stale_data"}
    approver.get_by_label("Note").fill("Approved with the conditions.")
    approver.get_by_role("button", name="Approve").click()
    approver.wait_for_load_state()
    assert flash(approver) == "Decision approved."
    decision = approver.locator("section[aria-labelledby=decision]").inner_text()
    assert all(text in decision for text in justifications.values()), decision
    steps.snap(approver, "approved-with-justifications")

    # the exported report carries the decision with each justification
    with approver.expect_download() as download_info:
        approver.get_by_role("link", name="Markdown").click()
    report = Path(download_info.value.path()).read_text(encoding="utf-8")
    steps.keep(f"{case_id}.md", report.encode())
    for text in justifications.values():
        assert text in report, text
    assert "Other company: different registry number and city" in report
