"""The maker-checker walk in a real browser against a real server.

An analyst logs in, creates a case through the intake form (and another by pasting a case
file), assesses it, reads the recommendation and proposes a decision; the analyst cannot
approve it; an approver logs in, approves it and downloads the PDF report.
"""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import LiveServer, Steps
from tests.browser.pages import case_id_from_url, csrf_token, flash, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _fill_intake_form(page: Any, title: str) -> None:
    """The first page of the guided intake: scope, product and who will use it."""
    page.get_by_label("Case title").fill(title)
    page.locator("#f-seller-name").fill("Example Cameras GmbH")
    page.get_by_label("Seller's country").fill("DE")
    page.get_by_label("Kind of transaction").select_option("sale")
    page.get_by_label("Product name").fill("CityVision 4")
    page.get_by_label("What it does, as configured for this customer").fill(
        "Fixed network cameras with face matching against a watch list")
    for capability in ("network_camera", "facial_recognition"):
        page.check(f"input[name='products[0].capabilities'][value={capability}]")
    page.get_by_label("End user's name").fill("Polícia Militar do Estado de São Paulo")
    page.get_by_label("End user's country").fill("Brazil")
    page.get_by_label("Kind of end user").select_option("government")
    page.get_by_label("Sector").select_option("police")


def _fill_end_use(page: Any) -> None:
    """The guided steps up to the end use, which is filled in and saved."""
    for _ in ("end user", "country"):
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    page.get_by_label("Stated end use").fill("Crowd monitoring at public events")
    page.check("input[name='end_use.purposes'][value=public_order]")
    page.get_by_label("Scale of deployment").select_option("city")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()


def _api_case(page: Any, case_id: str) -> dict[str, Any]:
    """The case as the API reports it, fetched with the page's own session cookie."""
    response = page.request.get(f"/api/cases/{case_id}")
    assert response.status == 200, response.text()
    case: dict[str, Any] = response.json()
    return case


def _assess(page: Any, steps: Steps, case_id: str) -> str:
    """Press "Assess now"; return the recommendation the page shows, checked against the API."""
    page.get_by_role("button", name="Assess now").click()
    page.wait_for_load_state()
    assert flash(page).startswith("Assessed:"), flash(page)
    steps.snap(page, "assessed")
    recommendation = _api_case(page, case_id)["recommendation"]
    assert recommendation in ("proceed", "proceed_with_conditions", "escalate", "do_not_proceed")
    shown = page.locator("#assessment + p .badge").first.inner_text()
    assert shown == recommendation.replace("_", " ")
    assert f"Assessed: {recommendation.replace('_', ' ')}." == flash(page)
    return str(recommendation)


def test_analyst_proposes_and_a_second_person_approves(open_session: Any, live_server: LiveServer,
                                                       steps: Steps) -> None:
    # --- the analyst (maker)
    analyst = open_session().new_page()
    log_in(analyst, "analyst")
    assert analyst.url == f"{live_server.url}/", "login should land on the case list"
    assert analyst.get_by_role("heading", level=1).inner_text() == "Cases"
    steps.snap(analyst, "analyst-case-list")

    analyst.get_by_role("link", name="New case").click()
    assert analyst.get_by_role("heading", level=1).inner_text() == "New case"
    title = "Face matching cameras for state police"
    _fill_intake_form(analyst, title)
    steps.snap(analyst, "intake-form-filled")
    analyst.get_by_role("button", name="Create case and continue").click()
    analyst.wait_for_load_state()
    case_id = analyst.url.split("/cases/", 1)[1].split("/", 1)[0]
    assert flash(analyst).startswith(f"Case {case_id} created as a draft (revision 1).")
    _fill_end_use(analyst)
    assert flash(analyst).startswith("Saved “End use” as revision")
    analyst.get_by_role("link", name="back to the case").click()
    analyst.wait_for_load_state()
    assert analyst.get_by_role("heading", level=1).inner_text() == f"{case_id}: {title}"
    assert "Not assessed yet." in analyst.inner_text("section[aria-labelledby=assessment]")
    # the form's answers reached the stored case file
    case_file = yaml.safe_load(_api_case_text(analyst, case_id))
    assert case_file["end_user"]["country"] == "Brazil"
    assert sorted(case_file["products"][0]["capabilities"]) == ["facial_recognition", "network_camera"]
    assert case_file["end_use"]["purposes"] == ["public_order"]
    steps.snap(analyst, "case-created")

    recommendation = _assess(analyst, steps, case_id)

    # the proposal defaults to the recommendation; the analyst writes the rationale
    outcome = analyst.get_by_label("Proposed decision")
    assert outcome.input_value() == recommendation
    analyst.get_by_label("Rationale").fill("Follows the assessment; conditions agreed with the customer.")
    analyst.get_by_role("button", name="Propose for approval").click()
    analyst.wait_for_load_state()
    assert flash(analyst) == "Decision proposed for approval."
    decision_row = analyst.locator("section[aria-labelledby=decision] tbody tr").first
    assert "proposed" in decision_row.inner_text() and "analyst" in decision_row.inner_text()
    steps.snap(analyst, "decision-proposed")

    # the maker cannot check: no approve button, and the routes refuse
    assert analyst.get_by_role("button", name="Approve").count() == 0
    decisions = analyst.request.get(f"/api/cases/{case_id}/decisions").json()["decisions"]
    assert [d["status"] for d in decisions] == ["proposed"]
    decision_id = decisions[0]["id"]
    token = csrf_token(analyst)
    by_form = analyst.request.post(f"/decisions/{decision_id}/resolve",
                                   form={"csrf_token": token, "approve": "1", "note": "approving my own work"})
    assert by_form.status == 403, by_form.text()
    by_api = analyst.request.post(f"/api/decisions/{decision_id}/approve", data={"note": "approving my own work"},
                                  headers={"X-CSRF-Token": token})
    assert by_api.status == 403, by_api.text()
    analyst.reload()
    assert "proposed" in analyst.locator("section[aria-labelledby=decision] tbody tr").first.inner_text()
    analyst.get_by_role("button", name="Log out").click()
    analyst.wait_for_load_state()
    assert analyst.url == f"{live_server.url}/login"
    assert analyst.request.get("/api/me").status == 401

    # --- the approver (checker), in a separate browser session
    approver = open_session().new_page()
    log_in(approver, "approver")
    assert approver.get_by_role("link", name="New case").count() == 0, "approvers do not prepare cases"
    approver.get_by_role("link", name=case_id).click()
    approver.wait_for_load_state()
    assert approver.get_by_role("button", name="Assess now").count() == 0
    steps.snap(approver, "approver-sees-proposal")
    approver.get_by_role("link", name="Weigh the proposal and approve or reject it").click()
    approver.wait_for_load_state()
    steps.snap(approver, "approval-page")
    for box in approver.locator("textarea[name^=justification_]").all():
        box.fill("Weighed with the committee; accepted for this sale.")
    approver.get_by_label("Note").fill("Checked the findings and the conditions.")
    approver.get_by_role("button", name="Approve").click()
    approver.wait_for_load_state()
    assert flash(approver) == "Decision approved."
    row = approver.locator("section[aria-labelledby=decision] tbody tr").first.inner_text()
    assert "approved" in row and "approver: Checked the findings" in row
    assert "state approved" in approver.get_by_role("main").inner_text()
    steps.snap(approver, "decision-approved")

    # --- the approver downloads the PDF report
    # (PDF layout is CPU-bound: on a loaded CI machine it can take far longer than a page)
    with approver.expect_download(timeout=180_000) as download_info:
        approver.get_by_role("link", name="PDF").click(timeout=180_000)
    download = download_info.value
    assert download.suggested_filename == f"{case_id}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    steps.keep(f"{case_id}.pdf", pdf)
    # what a reader of the PDF finds in it: the decision record and every finding of the assessment
    text = " ".join(pdf_text(pdf).split())
    assert "Decision record" in text and "Draft:" not in text, text[:2000]
    assert "Follows the assessment; conditions agreed with the customer." in text
    assert "Checked the findings and the conditions." in text
    assert "Weighed with the committee; accepted for this sale." in text
    record = approver.request.get(f"/api/cases/{case_id}/report?format=json").json()
    assert [(d["proposed_by"], d["resolved_by"], d["status"]) for d in record["decision_record"]["decisions"]] == [
        ("analyst", "approver", "approved")]
    for finding in record["findings"]:
        assert " ".join(finding["title"].split()) in text, finding["title"]

    # --- the audit log shows who did what, in order
    approver.get_by_role("link", name="Audit log").click()
    approver.wait_for_load_state()
    rows = [r.split("\t") for r in approver.locator("tbody tr").all_inner_texts()]
    on_case = [(cells[2], cells[3]) for cells in rows if len(cells) > 4 and case_id in cells[4]]
    assert list(reversed(on_case)) == [("analyst", "case.create"), ("analyst", "case.update"), ("analyst", "case.assess"),
                                       ("analyst", "decision.propose"), ("approver", "decision.approve")]
    steps.snap(approver, "audit-log")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext extracts it in the order it was written (a table cell's
    lines stay together): what a reader copies or searches."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _api_case_text(page: Any, case_id: str) -> str:
    response = page.request.get(f"/api/cases/{case_id}")
    assert response.status == 200, response.text()
    text: str = response.json()["case_text"]
    return text


@pytest.mark.parametrize("example", ["05-body-cameras-police-gb.yaml", "03-spyware-state-security-sa.yaml"])
def test_case_from_a_pasted_case_file(open_session: Any, steps: Steps, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    title = yaml.safe_load(text)["title"]
    page = open_session().new_page()
    log_in(page, "analyst")
    page.goto("/cases/new")
    page.get_by_label("Case file (YAML or JSON, schema hrdd.case/1)").fill(text)
    steps.snap(page, "case-file-pasted")
    page.get_by_role("button", name="Create case from file").click()
    page.wait_for_load_state()
    case_id = case_id_from_url(page)
    assert page.get_by_role("heading", level=1).inner_text() == f"{case_id}: {title}"
    assert _api_case_text(page, case_id) == text, "the stored case file is the pasted text, unchanged"
    _assess(page, steps, case_id)
    page.goto("/")
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=case_id))
    assert title in listed.inner_text()
    steps.snap(page, "case-listed")


def test_a_broken_case_file_is_explained_next_to_the_form(open_session: Any, steps: Steps) -> None:
    text = (EXAMPLES / "05-body-cameras-police-gb.yaml").read_text(encoding="utf-8")
    case = yaml.safe_load(text)
    case["end_user"]["country"] = "Atlantis"
    page = open_session().new_page()
    log_in(page, "analyst")
    page.goto("/cases/new")
    page.get_by_label("Case file (YAML or JSON, schema hrdd.case/1)").fill(yaml.safe_dump(case, sort_keys=False))
    page.get_by_role("button", name="Create case from file").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert").inner_text()
    assert "end_user.country" in alert and "Atlantis" in alert, alert
    assert page.get_by_role("heading", level=1).inner_text() == "New case"
    steps.snap(page, "case-file-problems")


def test_a_wrong_password_keeps_the_person_out(open_session: Any, live_server: LiveServer, steps: Steps) -> None:
    page = open_session().new_page()
    log_in(page, "analyst", "not the password at all")
    assert page.url == f"{live_server.url}/login"
    assert page.get_by_role("alert").count() == 1
    steps.snap(page, "login-refused")
    page.goto("/")
    assert page.url == f"{live_server.url}/login", "pages need a session"
