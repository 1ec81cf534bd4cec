"""Every role against every API route, with valid input: forbidden is exactly 403, allowed is
exactly the status the route answers when it works, not logged in is exactly 401. A 5xx
fails whichever way; so does a refusal where the role is allowed."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hrdd.services.permissions import PERMISSIONS, Role
from tests.screening.entities import entity, write_list
from tests.service_fixtures import JUSTIFY_ALL, PASSWORD, ROLES, Session

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
END_USER = "Civil Police of the State of Example"  # the end user of examples/01


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # with {placeholders} for the ids of the case prepared for each role
    permission: str | None  # None: any logged-in user
    status: int | dict[str, int]  # when the role is allowed (by role where it differs)
    body: Callable[[dict[str, str]], dict[str, Any]] | None = None  # json=, files=, params= for the request
    if_match: bool = False  # send the case's current ETag


def _case(values: dict[str, str]) -> dict[str, Any]:
    return {"json": {"case_text": values["case_text"]}}


# in the order they run: a role that may write changes the case on the way, so each call
# finds the state it needs (the case edited before it is re-assessed, proposed after that)
CALLS: list[Call] = [
    Call("GET", "/api/me", None, 200),
    Call("GET", "/api/cases", "case.read", 200),
    Call("POST", "/api/cases", "case.write", 201, _case),
    Call("GET", "/api/cases/{case_id}", "case.read", 200),
    Call("GET", "/api/cases/{case_id}/report", "case.read", 200),
    Call("GET", "/api/cases/{case_id}/hits", "case.read", 200),
    Call("POST", "/api/hits/{hit_id}/review", "hit.review", 200,
         lambda v: {"json": {"status": "no_match", "reason": "Different entity: another state"}}),
    Call("GET", "/api/cases/{case_id}/evidence", "evidence.read", 200),
    Call("POST", "/api/cases/{case_id}/evidence", "evidence.write", 201,
         lambda v: {"files": {"file": ("report.pdf", PDF, "application/pdf")}, "data": {"note": "NGO report"}}),
    Call("GET", "/api/evidence/{evidence_id}", "evidence.read", 200),
    Call("GET", "/api/cases/{case_id}/conditions", "case.read", 200),
    Call("POST", "/api/cases/{case_id}/conditions", "condition.write", 201,
         lambda v: {"json": {"safeguard": "audit_logging", "owner": "j.silva", "due": "2027-01-31"}}),
    Call("PATCH", "/api/conditions/{condition_id}", "condition.write", 200,
         lambda v: {"json": {"status": "done", "evidence_id": int(v["evidence_id"])}}),
    Call("PUT", "/api/cases/{case_id}", "case.write", 200,
         lambda v: {"json": {"case_text": v["case_text"].replace("scale: city", "scale: national")}}, if_match=True),
    Call("GET", "/api/cases/{case_id}/revisions", "case.read", 200),
    Call("GET", "/api/cases/{case_id}/revisions/{number}", "case.read", 200),
    Call("GET", "/api/cases/{case_id}/diff", "case.read", 200, lambda v: {"params": {"from": 1, "to": v["latest"]}}),
    Call("POST", "/api/cases/{case_id}/assess", "case.assess", 200, if_match=True),
    Call("GET", "/api/cases/{case_id}/decisions", "case.read", 200),
    Call("GET", "/api/cases/{case_id}/approval", "case.read", 200),
    Call("POST", "/api/cases/{case_id}/decisions", "decision.propose", 201,
         lambda v: {"json": {"outcome": "escalate", "rationale": "Needs a second look"}}, if_match=True),
    Call("POST", "/api/decisions/{decision_id}/approve", "decision.approve", 200,
         lambda v: {"json": {"note": "Checked and agreed", "justifications": JUSTIFY_ALL}}),
    Call("POST", "/api/decisions/{decision_id}/reject", "decision.approve", 409,  # approved just before
         lambda v: {"json": {"note": "Changed my mind"}}),
    Call("POST", "/api/decisions/{decision_id}/withdraw", "decision.propose", 200,
         lambda v: {"json": {"reason": "Proposed too early"}}),
    # engagements: the approver's case is approved (not activated), the others' back to assessed
    Call("GET", "/api/engagements", "case.read", 200),
    Call("GET", "/api/engagements/{case_id}", "case.read",
         {"approver": 200, "admin": 404, "analyst": 404, "auditor": 404, "grievance_officer": 404}),
    Call("POST", "/api/engagements/{case_id}/activate", "case.lifecycle", 409,  # not approved: nothing to activate
         lambda v: {"json": {"contract_ref": "C-1", "contract_start": "2026-12-01", "reason": "Contract signed"}}),
    Call("POST", "/api/engagements/{case_id}/reviews", "engagement.review", 404,  # never activated
         lambda v: {"json": {"reviewed_on": "2026-12-01", "outcome": "Reviewed, nothing found"}}),
    Call("PATCH", "/api/engagements/{case_id}/obligations/{condition_id}", "condition.write", 200,
         lambda v: {"json": {"status": "done", "evidence_id": int(v["evidence_id"]), "note": "Proof linked"}}),
    Call("POST", "/api/engagements/{case_id}/requests", "case.lifecycle", 409,  # not an active engagement
         lambda v: {"json": {"action": "suspend", "reason": "Credible report of misuse"}}),
    Call("POST", "/api/engagements/requests/{request_id}/approve", "engagement.approve", 404,
         lambda v: {"json": {"note": "Agreed, suspend"}}),
    Call("POST", "/api/engagements/requests/{request_id}/reject", "engagement.approve", 404,
         lambda v: {"json": {"note": "Not credible"}}),
    Call("POST", "/api/engagements/requests/{request_id}/withdraw", "case.lifecycle", 404,
         lambda v: {"json": {"reason": "Report retracted"}}),
    Call("GET", "/api/engagements/requests/{request_id}/checklist", "case.read", 404),
    Call("PATCH", "/api/engagements/checklist/{checklist_item_id}", "engagement.checklist", 404,
         lambda v: {"json": {"done": True, "note": "Remote access closed"}}),
    # the approver reopens the case just decided; the admin's case was never decided (withdrawn)
    Call("POST", "/api/cases/{case_id}/reopen", "case.reopen", {"approver": 200, "admin": 409},
         lambda v: {"json": {"reason": "New facts about the end user"}}, if_match=True),
    Call("GET", "/api/audit", "audit.read", 200),
    Call("GET", "/api/catalog/{kind}", "catalog.read", 200),
    Call("GET", "/api/catalog/{kind}/{item_id}", "catalog.read", 200),
    Call("GET", "/api/countries/{code}", "catalog.read", 200),
    Call("POST", "/api/match/{dataset}", "screen", 200,
         lambda v: {"json": {"queries": {"q1": {"schema": "Company", "properties": {"name": [END_USER]}}}}}),
    Call("GET", "/api/alerts", "alert.read", 200),
    Call("POST", "/api/alerts/{alert_id}/ack", "alert.ack", 404),  # no alert was raised on this case
    Call("POST", "/api/alerts/{alert_id}/read", "alert.read", 404),
    Call("GET", "/api/grievances", "grievance.read", 200),
    # the approver sees no grievance that is not linked to a case it decides: the same 404 as a missing one
    Call("GET", "/api/grievances/{grievance_id}", "grievance.read", {"grievance_officer": 200, "approver": 404}),
    Call("GET", "/api/grievances/{grievance_id}/attachments/{attachment_id}", "grievance.read",
         {"grievance_officer": 200, "approver": 404}),
    Call("POST", "/api/grievances/{grievance_id}/transitions", "grievance.handle", 200,
         lambda v: {"json": {"action": "acknowledge", "revision": 1}}),
    Call("POST", "/api/grievances/{grievance_id}/messages", "grievance.handle", 201,
         lambda v: {"json": {"body": "We are looking into it.", "feedback": False}}),
    Call("POST", "/api/grievances/{grievance_id}/link", "grievance.handle", 200,
         lambda v: {"json": {"case_id": v["case_id"], "revision": 2}}),
    Call("GET", "/api/keys", "account.manage", 200),
    Call("POST", "/api/keys", "account.manage", 201, lambda v: {"json": {"name": "Reporting", "scopes": ["read"]}}),
    Call("DELETE", "/api/keys/{prefix}", "account.manage", 200),
    Call("POST", "/api/password", "account.manage", 200,
         lambda v: {"json": {"current_password": PASSWORD, "new_password": "another horse battery staple"}}),
    Call("POST", "/api/logout", None, 200),  # last: it ends the session
]
PUBLIC = {("POST", "/api/login"), ("POST", "/api/grievances"), ("POST", "/api/grievances/status"),
          ("POST", "/api/grievances/status/messages")}


def test_every_api_route_is_in_the_table(app) -> None:  # type: ignore[no-untyped-def]
    served = {(m, r.path) for r in app.routes if getattr(r, "path", "").startswith("/api/")
              for m in getattr(r, "methods", set()) - {"HEAD"}}
    listed = {(c.method, c.path) for c in CALLS} | PUBLIC
    assert served - listed == set(), "add the new route and its permission to CALLS"


def _prepared(login: Callable[[str], Session], case_text: str, proposed: bool) -> dict[str, str]:
    """A case prepared by the analyst: assessed (with one screening hit), evidence, a condition,
    and, for a role that approves, a proposed decision."""
    analyst = login("analyst")
    case_id = analyst.post("/api/cases", json={"case_text": case_text}).json()["id"]
    assert analyst.post(f"/api/cases/{case_id}/assess").status_code == 200
    (hit,) = analyst.get(f"/api/cases/{case_id}/hits").json()["hits"]
    evidence = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("a.pdf", PDF, "application/pdf")})
    condition = analyst.post(f"/api/cases/{case_id}/conditions",
                             json={"safeguard": "audit_logging", "owner": "j.silva", "due": "2027-01-31"})
    values = {"case_id": case_id, "number": "1", "hit_id": str(hit["id"]), "evidence_id": str(evidence.json()["evidence"]["id"]),
              "condition_id": str(condition.json()["condition"]["id"]), "decision_id": "1",
              "kind": "capabilities", "item_id": "facial_recognition", "code": "BR", "dataset": "default",
              "case_text": case_text, "prefix": "0123456789ab", "alert_id": "1", "grievance_id": "1",
              "attachment_id": "1", "request_id": "1", "checklist_item_id": "1"}
    reported = analyst.client.post("/api/grievances", data={"about": "country", "category": "privacy",
                                                            "description": "Cameras watch the square"},
                                   files={"attachments": ("photo.pdf", PDF, "application/pdf")})
    assert reported.status_code == 201, reported.text
    if proposed:
        decision = analyst.post(f"/api/cases/{case_id}/decisions", headers={"If-Match": _etag(analyst, case_id)},
                                json={"outcome": "escalate", "rationale": "Prepared for the approver"})
        assert decision.status_code == 201, decision.text
        values["decision_id"] = str(decision.json()["decision"]["id"])
    return values


def _etag(session: Session, case_id: str) -> str:
    return str(session.get(f"/api/cases/{case_id}").headers["etag"])


def _send(client: Session | TestClient, call: Call, values: dict[str, str]) -> Any:
    url = call.path.format(**values)
    kwargs = call.body(values) if call.body else {}
    if isinstance(client, Session):
        if call.if_match:
            kwargs["headers"] = {"If-Match": _etag(client, values["case_id"])}
        send = {"GET": client.get, "POST": client.post, "PUT": client.put, "PATCH": client.patch,
                "DELETE": client.delete}[call.method]
        return send(url, **kwargs)
    return client.request(call.method, url, **kwargs)


@pytest.fixture
def listed_end_user(settings) -> None:  # type: ignore[no-untyped-def]
    """A list naming the example's end user, so that assessing the case makes one hit."""
    write_list(settings.lists_dir, entities=[entity("PublicBody", "test-list-1", name=END_USER, country="br",
                                                    topics=["gov.security"])])


@pytest.mark.parametrize("role", ROLES)
def test_role_against_every_route(login, role: str, case_text: str,  # type: ignore[no-untyped-def]
                                  listed_end_user: None) -> None:
    values = _prepared(login, case_text, proposed=Role(role) in PERMISSIONS["decision.approve"])
    session = login(role)
    wrong: list[str] = []
    for call in CALLS:
        values["latest"] = str(session.get(f"/api/cases/{values['case_id']}").json()["revision"])
        response = _send(session, call, values)
        allowed = call.permission is None or Role(role) in PERMISSIONS[call.permission]
        expected = (call.status if isinstance(call.status, int) else call.status[role]) if allowed else 403
        if response.status_code != expected:
            wrong.append(f"{role} {call.method} {call.path}: {response.status_code}, expected {expected}: "
                         f"{response.text[:200]}")
        elif not allowed:
            assert response.json()["error"].startswith(f"the {role} role may not")
        elif call.method == "POST" and call.path == "/api/cases/{case_id}/decisions":
            values["decision_id"] = str(response.json()["decision"]["id"])  # the role's own proposal
        elif call.method == "POST" and call.path == "/api/keys":
            values["prefix"] = str(response.json()["prefix"])
        elif call.path == "/api/password":
            session.csrf = response.json()["csrf_token"]  # a new session for this client
    assert not wrong, "\n".join(wrong)


def test_not_logged_in_is_401_on_every_route(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    values = {"case_id": "CASE-2026-0001", "number": "1", "latest": "1", "hit_id": "1", "evidence_id": "1",
              "condition_id": "1", "decision_id": "1", "kind": "capabilities", "item_id": "facial_recognition",
              "code": "BR", "dataset": "default", "case_text": case_text, "prefix": "0123456789ab", "alert_id": "1",
              "grievance_id": "1", "attachment_id": "1", "request_id": "1", "checklist_item_id": "1"}
    statuses = {f"{c.method} {c.path}": _send(client, c, values).status_code for c in CALLS}
    assert set(statuses.values()) == {401}, statuses
