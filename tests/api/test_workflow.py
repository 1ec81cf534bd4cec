"""A case from intake to approved decision over the API, with its audit trail."""

import hashlib

import pytest

from hrdd.services.audit import verify_audit
from tests.service_fixtures import JUSTIFY_ALL

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _create(session, case_text: str) -> str:  # type: ignore[no-untyped-def]
    response = session.post("/api/cases", json={"case_text": case_text})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _current(session, case_id: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """If-Match with the case's current ETag."""
    return {"If-Match": session.get(f"/api/cases/{case_id}").headers["etag"]}


def test_create_from_text_or_object_list_and_filter(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    import json

    import yaml

    first = _create(analyst, case_text)
    data = json.loads(json.dumps(yaml.safe_load(case_text), default=str))
    data["end_user"]["country"] = "KE"
    second = analyst.post("/api/cases", json={"case": data}).json()["id"]
    assert first != second and first.startswith("CASE-")
    listed = analyst.get("/api/cases", params={"country": "ke"}).json()
    assert listed["total"] == 1 and listed["cases"][0]["id"] == second
    assert analyst.get("/api/cases", params={"q": "video analytics"}).json()["total"] == 2


def test_update_starts_a_new_revision_and_clears_the_old_assessment(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _create(analyst, case_text)
    analyst.post(f"/api/cases/{case_id}/assess")
    updated = analyst.put(f"/api/cases/{case_id}", json={"case_text": case_text.replace("scale: city", "scale: national")},
                          headers=_current(analyst, case_id))
    assert updated.status_code == 200
    assert updated.json()["revision"] == 2 and updated.json()["recommendation"] is None
    assert updated.json()["state"] == "draft"


def test_assess_then_reports_in_every_format(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _create(analyst, case_text)
    report = analyst.post(f"/api/cases/{case_id}/assess").json()
    assert report["schema"] == "hrdd.report/1" and report["case"]["id"] == case_id
    assert report["screening"]["performed"] is False
    exported = analyst.get(f"/api/cases/{case_id}/report").json()
    record = exported.pop("decision_record")  # the export adds the human decision (docs/reports.md)
    assert exported == report and record["final"] is False and record["report_revision"] == 1
    html = analyst.get(f"/api/cases/{case_id}/report", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "script-src" not in html.headers[
        "content-security-policy"] and "default-src 'none'" in html.headers["content-security-policy"]
    assert case_id in html.text
    md = analyst.get(f"/api/cases/{case_id}/report", params={"format": "md"})
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]


def test_evidence_upload_is_checked_and_served_as_attachment(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _create(analyst, case_text)
    ok = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("report.pdf", MINIMAL_PDF, "application/pdf")},
                      data={"note": "NGO report"})
    assert ok.status_code == 201, ok.text
    evidence_id = ok.json()["evidence"]["id"]
    download = analyst.get(f"/api/evidence/{evidence_id}")
    assert download.content == MINIMAL_PDF
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["x-content-type-options"] == "nosniff"
    html_as_pdf = analyst.post(f"/api/cases/{case_id}/evidence",
                               files={"file": ("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")})
    assert html_as_pdf.status_code == 422
    html_as_text = analyst.post(f"/api/cases/{case_id}/evidence",
                                files={"file": ("x.txt", b"<script>alert(1)</script>", "text/plain")})
    assert html_as_text.status_code == 422
    exe = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("a.exe", b"MZ\x90\x00", "application/x-msdownload")})
    assert exe.status_code == 422
    traversal = analyst.post(f"/api/cases/{case_id}/evidence",
                             files={"file": ("../../etc/notes.txt", b"plain words", "text/plain")})
    assert traversal.status_code == 201 and traversal.json()["evidence"]["filename"] == "notes.txt"


def test_maker_checker_decision(login, case_text: str, app) -> None:  # type: ignore[no-untyped-def]
    analyst, approver = login("analyst"), login("approver")
    case_id = _create(analyst, case_text)
    no_report = analyst.post(f"/api/cases/{case_id}/decisions", json={"outcome": "escalate", "rationale": "too early"},
                             headers=_current(analyst, case_id))
    assert no_report.status_code == 409
    analyst.post(f"/api/cases/{case_id}/assess")
    decision = analyst.post(f"/api/cases/{case_id}/decisions", headers=_current(analyst, case_id),
                            json={"outcome": "proceed_with_conditions", "rationale": "Conditions agreed with the buyer"})
    assert decision.status_code == 201
    decision_id = decision.json()["decision"]["id"]
    # the preparer cannot approve: not the approver role
    assert analyst.post(f"/api/decisions/{decision_id}/approve", json={"note": "looks fine"}).status_code == 403
    approved = approver.post(f"/api/decisions/{decision_id}/approve", json={"note": "Conditions are adequate", "justifications": JUSTIFY_ALL})
    assert approved.status_code == 200, approved.text
    body = approved.json()["decision"]
    assert (body["status"], body["prepared_by"], body["approved_by"]) == ("approved", "analyst", "approver")
    assert approver.post(f"/api/decisions/{decision_id}/approve", json={"note": "again please"}).status_code == 409
    actions = [e["action"] for e in approver.get("/api/audit", params={"entity_id": case_id}).json()["entries"]]
    assert actions == ["case.create", "case.assess", "decision.propose", "decision.approve"]
    count, breaks, _ = verify_audit(app.state.store)
    assert breaks == [] and count >= 4


def test_conditions_with_owner_and_due_date(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _create(analyst, case_text)
    added = analyst.post(f"/api/cases/{case_id}/conditions",
                         json={"safeguard": "audit_logging", "owner": "j.silva", "due": "2027-01-31"})
    assert added.status_code == 201
    condition_id = added.json()["condition"]["id"]
    unproven = analyst.patch(f"/api/conditions/{condition_id}", json={"status": "done"})
    assert unproven.status_code == 422 and unproven.json()["errors"][0]["field"] == "evidence_id"
    proof = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("audit.txt", b"audit logs enabled", "text/plain")})
    assert proof.status_code == 201, proof.text
    done = analyst.patch(f"/api/conditions/{condition_id}", json={"status": "done", "evidence_id": proof.json()["evidence"]["id"]})
    assert done.status_code == 200, done.text
    (row,) = analyst.get(f"/api/cases/{case_id}/conditions").json()["conditions"]
    assert (row["owner"], row["due"], row["status"]) == ("j.silva", "2027-01-31", "done")
    assert row["proof_sha256"] == hashlib.sha256(b"audit logs enabled").hexdigest()
    bad = analyst.post(f"/api/cases/{case_id}/conditions",
                       json={"safeguard": "audit_loging", "owner": "x", "due": "2027-01-31"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["suggestion"] == "audit_logging"


@pytest.mark.parametrize("path", ["/api/catalog/capabilities", "/api/catalog/capabilities/facial_recognition"])
def test_catalogue_is_readable_by_everyone(login, path: str) -> None:  # type: ignore[no-untyped-def]
    assert login("auditor").get(path).status_code == 200


def test_openapi_documents_the_routes(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    spec = TestClient(app).get("/openapi.json").json()
    assert {"/api/cases", "/api/cases/{case_id}/assess", "/api/decisions/{decision_id}/approve"} <= set(spec["paths"])


def test_responses_carry_security_headers(analyst) -> None:  # type: ignore[no-untyped-def]
    response = analyst.get("/api/cases")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers.get("set-cookie", "")
    assert not cookie or ("httponly" in cookie.lower() and "samesite=lax" in cookie.lower())
