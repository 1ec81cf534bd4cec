"""The engagement API: activation with the contract, the list with what is due first, obligations
with proof, reviews, bad input as 422 naming the field, and the exit checklist."""

import datetime as dt
import hashlib
from typing import Any

from tests.service_fixtures import JUSTIFY_ALL


def _approved(analyst: Any, approver: Any, case_text: str) -> str:
    case_id = str(analyst.post("/api/cases", json={"case_text": case_text}).json()["id"])
    assert analyst.post(f"/api/cases/{case_id}/assess").status_code == 200
    tag = {"If-Match": analyst.get(f"/api/cases/{case_id}").headers["etag"]}
    decision = analyst.post(f"/api/cases/{case_id}/decisions", headers=tag,
                            json={"outcome": "proceed_with_conditions", "rationale": "With the conditions"})
    assert decision.status_code == 201, decision.text
    approved = approver.post(f"/api/decisions/{decision.json()['decision']['id']}/approve",
                             json={"note": "Agreed with the conditions", "justifications": JUSTIFY_ALL})
    assert approved.status_code == 200, approved.text
    return case_id


def test_an_engagement_from_activation_to_a_fulfilled_obligation(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, approver = login("analyst"), login("approver")
    case_id = _approved(analyst, approver, case_text)
    late = analyst.post(f"/api/cases/{case_id}/conditions",
                        json={"safeguard": "audit_logging", "owner": "analyst", "due": "2020-01-31"}).json()["condition"]
    bad = analyst.post(f"/api/engagements/{case_id}/activate",
                       json={"contract_ref": "C-9", "contract_start": "2026-12-01", "contract_end": "2026-01-01",
                             "reason": "Contract signed"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "contract_end"
    missing = analyst.post(f"/api/engagements/{case_id}/activate", json={"contract_ref": "C-9", "reason": "Signed"})
    assert missing.status_code == 422 and "contract_start" in str(missing.json()["errors"])
    start = dt.date.today() - dt.timedelta(days=400)
    activated = analyst.post(f"/api/engagements/{case_id}/activate",
                             json={"contract_ref": "C-9", "contract_start": start.isoformat(), "reason": "Signed"})
    assert activated.status_code == 201, activated.text
    engagement = activated.json()["engagement"]
    level = analyst.get(f"/api/cases/{case_id}").json()["residual_level"]
    assert engagement["review_months"] == {"critical": 3, "high": 6, "medium": 12, "low": 24}[level]

    (line,) = analyst.get("/api/engagements", params={"due": True}).json()["engagements"]
    assert (line["case_id"], line["review_due"], line["overdue_conditions"]) == (case_id, True, 1)

    proof = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("logs.txt", b"audit log export", "text/plain")})
    evidence_id = proof.json()["evidence"]["id"]
    url = f"/api/engagements/{case_id}/obligations/{late['id']}"
    assert analyst.patch(url, json={"status": "done"}).json()["errors"][0]["field"] == "evidence_id"
    assert approver.patch(url, json={"status": "done", "evidence_id": evidence_id}).status_code == 403
    assert analyst.patch(f"/api/engagements/OTHER-1/obligations/{late['id']}",
                         json={"status": "done", "evidence_id": evidence_id}).status_code == 404
    done = analyst.patch(url, json={"status": "done", "evidence_id": evidence_id, "revision": late["revision"]})
    assert done.status_code == 200, done.text
    assert done.json()["obligation"]["proof_sha256"] == hashlib.sha256(b"audit log export").hexdigest()
    stale = analyst.patch(url, json={"status": "open", "reason": "From an old page", "revision": late["revision"]})
    assert stale.status_code == 409

    review = approver.post(f"/api/engagements/{case_id}/reviews",
                           json={"reviewed_on": dt.date.today().isoformat(), "outcome": "Logs checked; in order",
                                 "revision": engagement["revision"]})
    assert review.status_code == 201, review.text
    assert analyst.get("/api/engagements", params={"due": True}).json()["engagements"] == []
    view = analyst.get(f"/api/engagements/{case_id}").json()
    assert view["state"] == "active" and view["obligations"][0]["status"] == "done" and len(view["reviews"]) == 1
    assert view["engagement"]["next_review"] > dt.date.today().isoformat()


def test_a_requester_cannot_approve_and_a_suspension_carries_its_checklist(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, approver, approver2 = login("analyst"), login("approver"), login("approver2")
    case_id = _approved(analyst, approver, case_text)
    analyst.post(f"/api/engagements/{case_id}/activate",
                 json={"contract_ref": "C-10", "contract_start": "2026-12-01", "reason": "Signed"})
    made = analyst.post(f"/api/engagements/{case_id}/requests", json={"action": "suspend", "reason": "Misuse report"})
    assert made.status_code == 201
    request = made.json()["request"]
    assert [i["step"] for i in request["checklist"]] == [
        "customer_notified", "remote_access_revoked", "updates_support_stopped", "authorities_notified"]
    assert analyst.post(f"/api/engagements/requests/{request['id']}/approve", json={"note": "Mine"}).status_code == 403
    rejected = approver2.post(f"/api/engagements/requests/{request['id']}/reject", json={"note": "Engage first"})
    assert rejected.status_code == 200 and rejected.json()["request"]["decided_by"] == "approver2"
    again = approver.post(f"/api/engagements/requests/{request['id']}/approve", json={"note": "Too late"})
    assert again.status_code == 409 and "already rejected" in again.json()["error"]
    item = request["checklist"][0]
    closed = analyst.patch(f"/api/engagements/checklist/{item['id']}", json={"done": True, "note": "Letter sent"})
    assert closed.status_code == 409
    short = analyst.patch(f"/api/engagements/checklist/{item['id']}", json={"done": True, "note": "x"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "body.note"
    assert analyst.get(f"/api/engagements/{case_id}").json()["state"] == "active"
