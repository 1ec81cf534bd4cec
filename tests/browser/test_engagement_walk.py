"""After the sale, in a real browser: the analyst activates an approved case with its contract,
uploads the proof of an obligation and marks it fulfilled, requests a suspension; the analyst is
offered no approval; an approver approves it; the analyst ticks the exit checklist."""

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import flash, log_in, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "06-imsi-catcher-via-distributor-ae.yaml"
WARNINGS = ("hard_stop", "departure", "unreviewed_hits", "open_questions", "overridden_evidence", "stale_data")


def approved_case(analyst: Any, approver: Any) -> str:
    """A case created, assessed and proposed by the analyst and approved by the approver (through the
    API with each page's session), with one condition."""
    headers = {"X-CSRF-Token": analyst.request.get("/api/me").json()["csrf_token"]}
    created = analyst.request.post("/api/cases", data={"case_text": EXAMPLE.read_text(encoding="utf-8")},
                                   headers=headers)
    assert created.status == 201, created.text()
    case_id: str = created.json()["id"]
    assessed = analyst.request.post(f"/api/cases/{case_id}/assess", headers=headers)
    assert assessed.status == 200, assessed.text()
    added = analyst.request.post(f"/api/cases/{case_id}/conditions", headers=headers,
                                 data={"safeguard": "audit_logging", "owner": "analyst", "due": "2027-01-31"})
    assert added.status == 201, added.text()
    tagged = {**headers, "If-Match": analyst.request.get(f"/api/cases/{case_id}").headers["etag"]}
    proposed = analyst.request.post(f"/api/cases/{case_id}/decisions", headers=tagged,
                                    data={"outcome": assessed.json()["recommendation"], "rationale": "As assessed."})
    assert proposed.status == 201, proposed.text()
    approved = approver.request.post(
        f"/api/decisions/{proposed.json()['decision']['id']}/approve",
        headers={"X-CSRF-Token": approver.request.get("/api/me").json()["csrf_token"]},
        data={"note": "Agreed by the approver", "justifications": {c: f"Weighed in the browser test ({c})" for c in WARNINGS}})
    assert approved.status == 200, approved.text()
    return case_id


def test_activate_prove_suspend_approve_and_tick(open_session: Any, steps: Steps, tmp_path: Path) -> None:
    analyst, approver = open_session().new_page(), open_session().new_page()
    log_in(analyst, "analyst")
    log_in(approver, "approver")
    case_id = approved_case(analyst, approver)

    analyst.goto(f"/cases/{case_id}")
    analyst.get_by_role("link", name="Activate the engagement").click()
    analyst.get_by_label("Contract reference").fill("C-2026-042")
    analyst.get_by_label("Contract start").fill("2026-11-01")
    analyst.get_by_label("Why activate now").fill("Contract signed; delivery accepted")
    analyst.get_by_role("button", name="Activate the engagement").click()
    analyst.wait_for_load_state()
    assert flash(analyst) == "Engagement activated."
    assert "state active" in " ".join(analyst.locator("main").inner_text().split())
    steps.snap(analyst, "activated")

    proof = tmp_path / "audit-logging.txt"
    proof.write_bytes(b"Audit logging enabled and verified on site, 2 December")
    analyst.get_by_label("Upload the proof").set_input_files(str(proof))
    analyst.get_by_role("button", name="Mark fulfilled").click()
    analyst.wait_for_load_state()
    assert flash(analyst).endswith(": done.")
    assert hashlib.sha256(proof.read_bytes()).hexdigest() in analyst.locator("#obligations ~ table, section:has(#obligations)").first.inner_text()
    steps.snap(analyst, "obligation-fulfilled")

    analyst.get_by_label("Request", exact=True).select_option("suspend")
    analyst.get_by_label("Reason for the request").fill("Credible report of misuse by the end user")
    analyst.get_by_role("button", name="Request approval").click()
    analyst.wait_for_load_state()
    assert "a second person must approve it" in flash(analyst)
    assert analyst.get_by_role("button", name="Approve").count() == 0  # not one's own request
    steps.snap(analyst, "suspension-requested")

    approver.goto(f"/engagements/{case_id}")
    approver.get_by_label("Note", exact=True).fill("Suspend pending the review of the report")
    approver.get_by_role("button", name="Approve").click()
    approver.wait_for_load_state()
    assert flash(approver).endswith("approved.")
    steps.snap(approver, "suspension-approved")

    analyst.goto(f"/engagements/{case_id}")
    assert "state suspended" in " ".join(analyst.locator("main").inner_text().split())
    checklist = analyst.locator("section:has(#checklist)")
    assert "Remote access revoked" in checklist.inner_text()
    first = checklist.locator("form").first
    first.get_by_label("Note").fill("Customer notified in writing on 3 December")
    first.get_by_role("button", name="Save").click()
    analyst.wait_for_load_state()
    assert flash(analyst) == "Exit step customer_notified ticked."
    assert "Done: Customer notified in writing on 3 December (analyst)" in analyst.locator(
        "section:has(#checklist)").inner_text()
    steps.snap(analyst, "checklist-ticked")

    # the whole page, forms and all, fits a phone: nothing makes the page scroll sideways
    analyst.set_viewport_size({"width": 375, "height": 740})
    analyst.reload()
    steps.snap(analyst, "on-a-phone")
    overflow, wide = sideways_overflow(analyst)
    assert overflow <= 1, f"the engagement page is {overflow}px wider than the phone's screen: {wide}"
