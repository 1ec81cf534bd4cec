"""Exported reports carry the human decision: proposer, approver, times, justification,
conditions with owners and due dates, evidence with hashes, revisions; drafts say so."""

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hrdd.reports.render import render_html, render_json, render_markdown
from hrdd.services import cases, review
from hrdd.services.dossier import case_dossier
from hrdd.services.evidence import add_evidence
from hrdd.services.permissions import Actor, Role
from hrdd.settings import Settings
from hrdd.store import Store
from tests.service_fixtures import JUSTIFY_ALL

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "05-body-cameras-police-gb.yaml"
ANALYST = Actor("ana", Role.ANALYST)
APPROVER = Actor("appr", Role.APPROVER)
AUDITOR = Actor("aud", Role.AUDITOR)


@pytest.fixture
def assessed(store: Store, tmp_path: Path) -> tuple[str, Settings]:
    settings = Settings(home=tmp_path / "home")
    case_id = cases.create_case(store, ANALYST, EXAMPLE.read_text(encoding="utf-8")).id
    cases.assess_stored_case(store, ANALYST, case_id, settings=settings, screen=False)
    return case_id, settings


def test_an_approved_case_exports_its_whole_decision_record(store: Store, assessed: tuple[str, Settings]) -> None:
    case_id, settings = assessed
    review.add_condition(store, ANALYST, case_id, "audit_logging", "Head of compliance", dt.date(2027, 3, 1))
    data = b"%PDF-1.4 signed end-use assurance"
    add_evidence(store, ANALYST, case_id, "assurance.pdf", data, "signed by the chief constable", settings)
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed_with_conditions", "Conditions agreed.")
    review.resolve_decision(store, APPROVER, proposal.id, True, "Approved with the audit-logging condition.",
                            justifications=JUSTIFY_ALL)

    report = case_dossier(store, AUDITOR, case_id)
    record = report["decision_record"]
    assert record["final"] is True and record["draft_reason"] == ""
    assert (record["case_state"], record["case_revision"], record["report_revision"]) == ("approved", 1, 1)
    (decision,) = record["decisions"]
    assert (decision["proposed_by"], decision["resolved_by"], decision["status"]) == ("ana", "appr", "approved")
    assert decision["rationale"] == "Conditions agreed."
    assert decision["resolution_note"] == "Approved with the audit-logging condition."
    assert decision["proposed_at"] and decision["resolved_at"] >= decision["proposed_at"]
    (condition,) = record["conditions"]
    assert (condition["owner"], condition["due"], condition["status"]) == ("Head of compliance", "2027-03-01", "open")
    (evidence,) = record["evidence"]
    assert evidence["sha256"] == hashlib.sha256(data).hexdigest() and evidence["filename"] == "assurance.pdf"
    assert report["versions"]  # the method and data versions stay with the decision
    assert record["exported_by"] == "aud"

    html = render_html(report)
    assert 'class="draft"' not in html and "Decision record" in html and hashlib.sha256(data).hexdigest() in html
    assert "Head of compliance" in html and "Approved with the audit-logging condition." in html
    md = render_markdown(report)
    assert "## Decision record" in md and "DRAFT" not in md and "proposed by ana" in md and "resolved by appr" in md
    assert json.loads(render_json(report))["decision_record"]["decisions"][0]["resolved_by"] == "appr"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_holds_the_decision_record_and_every_finding(store: Store, assessed: tuple[str, Settings]) -> None:
    """What a reader finds in the PDF (pdftotext), and the same bytes whether the garbage collector
    runs during layout or is paused (hrdd.reports.pdf: the pause changes the time, not the PDF)."""
    from hrdd.reports.pdf import html_to_pdf

    case_id, _ = assessed
    review.add_condition(store, ANALYST, case_id, "audit_logging", "Head of compliance", dt.date(2027, 3, 1))
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed_with_conditions", "Conditions agreed.")
    review.resolve_decision(store, APPROVER, proposal.id, True, "Approved with the audit-logging condition.",
                            justifications=JUSTIFY_ALL)
    report = case_dossier(store, AUDITOR, case_id)
    html = render_html(report)
    pdf = html_to_pdf(html)
    assert html_to_pdf(html, pause_gc=False) == pdf
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")
    text = " ".join(text.split())
    assert "Decision record" in text and "Draft" not in text
    for said in ("Conditions agreed.", "Approved with the audit-logging condition.", "Head of compliance",
                 "2027-03-01", *(w["justification"] for w in report["decision_record"]["decisions"][0]["warnings"])):
        assert " ".join(said.split()) in text, said
    assert report["findings"]
    for finding in report["findings"]:
        assert " ".join(finding["title"].split()) in text, finding["title"]


def test_a_case_waiting_for_approval_exports_as_a_draft(store: Store, assessed: tuple[str, Settings]) -> None:
    case_id, _ = assessed
    review.propose_decision(store, ANALYST, case_id, "proceed_with_conditions", "Conditions agreed.")
    report = case_dossier(store, ANALYST, case_id)
    assert report["decision_record"]["final"] is False
    assert "waits for a second person's approval" in report["decision_record"]["draft_reason"]
    html = render_html(report)
    assert '<body class="draft">' in html and "Draft, not a decision" in html
    assert "**DRAFT, not a decision:**" in render_markdown(report)


def test_an_edit_after_assessment_makes_the_export_a_draft(store: Store, assessed: tuple[str, Settings]) -> None:
    case_id, _ = assessed
    row = cases.get_case(store, ANALYST, case_id)
    text = row.case_text.replace("title: ", "title: Edited ", 1)
    cases.update_case(store, ANALYST, case_id, text, reason="clarified the title")
    record = case_dossier(store, ANALYST, case_id)["decision_record"]
    assert record["final"] is False and "revision 1" in record["draft_reason"] and record["case_revision"] == 2


def test_a_rejected_proposal_is_no_decision(store: Store, assessed: tuple[str, Settings]) -> None:
    case_id, _ = assessed
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed", "Low risk.")
    review.resolve_decision(store, APPROVER, proposal.id, False, "Conditions are missing.")
    record = case_dossier(store, ANALYST, case_id)["decision_record"]
    assert record["final"] is False and "rejected" in record["draft_reason"]
    assert record["decisions"][0]["status"] == "rejected"


def test_reports_from_the_cli_print_as_before(assessed: tuple[str, Settings], store: Store) -> None:
    case_id, _ = assessed
    plain = cases.latest_report(store, ANALYST, case_id)
    assert plain is not None and "decision_record" not in plain
    assert "Decision record" not in render_html(plain) and "draft" not in render_html(plain).split("<body")[1][:20]
