"""Revisions over the API: ETag / If-Match, what a stale request is told, edits while a
proposal waits, the frozen decided case, reopen and the diff between revisions."""

from typing import Any

from tests.api.test_workflow import _create, _current
from tests.service_fixtures import JUSTIFY_ALL


def _edit(session: Any, case_id: str, text: str, headers: dict[str, str], reason: str = "") -> Any:
    return session.put(f"/api/cases/{case_id}", json={"case_text": text, "reason": reason}, headers=headers)


def test_a_write_must_name_the_revision_and_a_stale_one_is_told_what_changed(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, other = login("analyst"), login("analyst2")
    case_id = _create(analyst, case_text)
    first = _current(analyst, case_id)
    missing = _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"), {})
    assert missing.status_code == 428 and missing.json()["errors"][0]["field"] == "If-Match"
    assert _edit(analyst, case_id, case_text, {"If-Match": "*"}).status_code == 428
    changed = case_text.replace("scale: city", "scale: national")
    done = _edit(other, case_id, changed, first, reason="the force covers the whole state")
    assert done.status_code == 200, done.text
    assert done.headers["etag"] != first["If-Match"] and done.json()["revision"] == 2
    stale = _edit(analyst, case_id, case_text.replace("\ntitle: ", "\ntitle: X ", 1), first)
    assert stale.status_code == 412, stale.text
    body = stale.json()
    assert body["status"] == 412 and "revision 2" in body["error"] and "revision 1" in body["error"]
    messages = [e["message"] for e in body["errors"]]
    assert any("revision 2 by analyst2" in m and "the force covers the whole state" in m for m in messages)
    assert [e["field"] for e in body["errors"] if e.get("field", "").startswith("case.")] == ["case.end_use"]
    assert analyst.get(f"/api/cases/{case_id}").json()["case_text"] == changed


def test_editing_while_a_proposal_waits_is_refused_until_it_is_withdrawn(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst = login("analyst")
    case_id = _create(analyst, case_text)
    assert analyst.post(f"/api/cases/{case_id}/assess").status_code == 200
    proposed = analyst.post(f"/api/cases/{case_id}/decisions", headers=_current(analyst, case_id),
                            json={"outcome": "escalate", "rationale": "Needs the committee"})
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["decision"]["case_revision"] == 1
    refused = _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"), _current(analyst, case_id))
    assert refused.status_code == 409 and "withdraw" in refused.json()["error"]
    decision_id = proposed.json()["decision"]["id"]
    withdrawn = analyst.post(f"/api/decisions/{decision_id}/withdraw", json={"reason": "facts changed"})
    assert withdrawn.status_code == 200 and withdrawn.json()["decision"]["status"] == "withdrawn"
    assert analyst.get(f"/api/cases/{case_id}").json()["state"] == "assessed"
    edited = _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"), _current(analyst, case_id))
    assert edited.status_code == 200 and edited.json()["state"] == "draft"


def test_a_decided_case_is_frozen_until_an_approver_reopens_it(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, approver, admin = login("analyst"), login("approver"), login("admin")
    case_id = _create(analyst, case_text)
    analyst.post(f"/api/cases/{case_id}/assess")
    decision = analyst.post(f"/api/cases/{case_id}/decisions", headers=_current(analyst, case_id),
                            json={"outcome": "proceed", "rationale": "As assessed"}).json()["decision"]
    assert approver.post(f"/api/decisions/{decision['id']}/approve", json={"note": "Agreed, as assessed", "justifications": JUSTIFY_ALL}).status_code == 200
    tag = _current(analyst, case_id)
    frozen = _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"), tag)
    assert frozen.status_code == 409 and "reopen" in frozen.json()["error"]
    assert analyst.post(f"/api/cases/{case_id}/assess").status_code == 409
    assert analyst.post(f"/api/cases/{case_id}/reopen", json={"reason": "new facts"}, headers=tag).status_code == 403
    assert approver.post(f"/api/cases/{case_id}/reopen", json={"reason": "x"}, headers=tag).status_code == 422
    assert approver.post(f"/api/cases/{case_id}/reopen", json={"reason": "new facts"}).status_code == 428
    reopened = admin.post(f"/api/cases/{case_id}/reopen", json={"reason": "buyer changed the end user"}, headers=tag)
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["state"], reopened.json()["revision"]) == ("draft", 2)
    assert approver.post(f"/api/cases/{case_id}/reopen", json={"reason": "again, please"},
                         headers=tag).status_code == 412
    (kept,) = analyst.get(f"/api/cases/{case_id}/decisions").json()["decisions"]
    assert (kept["status"], kept["case_revision"]) == ("approved", 1)
    revisions = analyst.get(f"/api/cases/{case_id}/revisions").json()["revisions"]
    assert [(r["number"], r["author"]) for r in revisions] == [(1, "analyst"), (2, "admin")]
    assert "buyer changed the end user" in revisions[1]["reason"]
    actions = [e["action"] for e in approver.get("/api/audit", params={"entity_id": case_id}).json()["entries"]]
    assert actions[-2:] == ["decision.approve", "case.reopen"]


def test_diff_between_two_revisions(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst = login("analyst")
    case_id = _create(analyst, case_text)
    _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"), _current(analyst, case_id))
    diff = analyst.get(f"/api/cases/{case_id}/diff", params={"from": 1, "to": 2})
    assert diff.status_code == 200, diff.text
    body = diff.json()
    assert body["fields"] == ["end_use"]
    assert "-  scale: city\n+  scale: national\n" in body["diff"]
    assert f"+++ {case_id} revision 2" in body["diff"]
    assert analyst.get(f"/api/cases/{case_id}/diff", params={"from": 1, "to": 9}).status_code == 404
    text = analyst.get(f"/api/cases/{case_id}/revisions/1").json()["case_text"]
    assert text == case_text


def test_post_sale_changes_follow_the_lifecycle_with_two_people(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, analyst2, approver = login("analyst"), login("analyst2"), login("approver")
    case_id = _create(analyst, case_text)
    contract = {"contract_ref": "C-2026-017", "contract_start": "2026-12-01", "reason": "Contract signed"}

    def request(action: str, session: Any = analyst) -> Any:
        return session.post(f"/api/engagements/{case_id}/requests", json={"action": action, "reason": f"{action} now"})

    def approve(made: Any) -> Any:
        assert made.status_code == 201, made.text
        return approver.post(f"/api/engagements/requests/{made.json()['request']['id']}/approve",
                             json={"note": "Agreed by a second person"})

    assert analyst.post(f"/api/engagements/{case_id}/activate", json=contract).status_code == 409  # a draft
    assert request("approve").status_code == 422  # not a post-sale request
    analyst.post(f"/api/cases/{case_id}/assess")
    decision = analyst.post(f"/api/cases/{case_id}/decisions", headers=_current(analyst, case_id),
                            json={"outcome": "proceed", "rationale": "As assessed"}).json()["decision"]
    approver.post(f"/api/decisions/{decision['id']}/approve", json={"note": "Agreed, as assessed", "justifications": JUSTIFY_ALL})
    assert approver.post(f"/api/engagements/{case_id}/activate", json=contract).status_code == 403
    assert analyst.post(f"/api/engagements/{case_id}/activate", json=contract).status_code == 201
    assert approve(request("suspend")).json()["request"]["status"] == "approved"
    assert approve(request("resume", analyst2)).status_code == 200
    assert analyst.get(f"/api/cases/{case_id}").json()["state"] == "active"
    assert _edit(analyst, case_id, case_text.replace("scale: city", "scale: national"),
                 _current(analyst, case_id)).status_code == 409  # active: frozen
    terminate = request("terminate")
    blocked = approve(terminate)
    assert blocked.status_code == 409 and "exit checklist" in blocked.json()["error"]
    for item in terminate.json()["request"]["checklist"]:
        ticked = analyst2.patch(f"/api/engagements/checklist/{item['id']}", json={"done": True, "note": "Done and filed"})
        assert ticked.status_code == 200, ticked.text
    assert approve(terminate).status_code == 200
    assert approve(request("close")).status_code == 200
    assert analyst.get(f"/api/cases/{case_id}").json()["state"] == "closed"
    assert request("resume").status_code == 409
    stale = analyst.post(f"/api/engagements/{case_id}/requests", json={"action": "close", "from": "active",
                                                                        "reason": "as seen an hour ago"})
    assert stale.status_code == 409 and "no longer active" in stale.json()["error"]
    actions = [e["action"] for e in approver.get("/api/audit", params={"entity_id": case_id}).json()["entries"]]
    moves = [a for a in actions if a.startswith("case.") and a not in ("case.create", "case.assess")]
    assert moves == ["case.activate", "case.suspend", "case.resume", "case.terminate", "case.close"]