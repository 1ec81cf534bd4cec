"""Every role against every API route: forbidden means 403, allowed means anything but 403."""

import pytest

from hrdd.services.permissions import PERMISSIONS, Role
from tests.service_fixtures import ROLES

# (method, path, permission) for every /api route; the test below fails when a route is missing here
ROUTES: list[tuple[str, str, str | None]] = [
    ("GET", "/api/me", None),
    ("POST", "/api/logout", None),
    ("POST", "/api/password", "account.manage"),
    ("GET", "/api/keys", "account.manage"),
    ("POST", "/api/keys", "account.manage"),
    ("DELETE", "/api/keys/{prefix}", "account.manage"),
    ("GET", "/api/cases", "case.read"),
    ("POST", "/api/cases", "case.write"),
    ("GET", "/api/cases/{case_id}", "case.read"),
    ("PUT", "/api/cases/{case_id}", "case.write"),
    ("POST", "/api/cases/{case_id}/reopen", "case.reopen"),
    ("POST", "/api/cases/{case_id}/transitions", "case.lifecycle"),
    ("GET", "/api/cases/{case_id}/revisions", "case.read"),
    ("GET", "/api/cases/{case_id}/revisions/{number}", "case.read"),
    ("GET", "/api/cases/{case_id}/diff", "case.read"),
    ("POST", "/api/cases/{case_id}/assess", "case.assess"),
    ("GET", "/api/cases/{case_id}/report", "case.read"),
    ("GET", "/api/cases/{case_id}/hits", "case.read"),
    ("POST", "/api/hits/{hit_id}/review", "hit.review"),
    ("GET", "/api/cases/{case_id}/evidence", "evidence.read"),
    ("POST", "/api/cases/{case_id}/evidence", "evidence.write"),
    ("GET", "/api/evidence/{evidence_id}", "evidence.read"),
    ("GET", "/api/cases/{case_id}/conditions", "case.read"),
    ("POST", "/api/cases/{case_id}/conditions", "condition.write"),
    ("PATCH", "/api/conditions/{condition_id}", "condition.write"),
    ("GET", "/api/cases/{case_id}/decisions", "case.read"),
    ("POST", "/api/cases/{case_id}/decisions", "decision.propose"),
    ("POST", "/api/decisions/{decision_id}/approve", "decision.approve"),
    ("POST", "/api/decisions/{decision_id}/reject", "decision.approve"),
    ("POST", "/api/decisions/{decision_id}/withdraw", "decision.propose"),
    ("GET", "/api/audit", "audit.read"),
    ("GET", "/api/catalog/{kind}", "catalog.read"),
    ("GET", "/api/catalog/{kind}/{item_id}", "catalog.read"),
    ("GET", "/api/countries/{code}", "catalog.read"),
    ("POST", "/api/match/{dataset}", "screen"),
    ("GET", "/api/alerts", "alert.read"),
    ("POST", "/api/alerts/{alert_id}/ack", "alert.ack"),
    ("POST", "/api/alerts/{alert_id}/read", "alert.read"),
]
PUBLIC = {("POST", "/api/login")}


def test_every_api_route_is_in_the_table(app) -> None:  # type: ignore[no-untyped-def]
    served = {(m, r.path) for r in app.routes if getattr(r, "path", "").startswith("/api/")
              for m in getattr(r, "methods", set()) - {"HEAD"}}
    listed = {(m, p) for m, p, _ in ROUTES} | PUBLIC
    assert served - listed == set(), "add the new route and its permission to ROUTES"


@pytest.mark.parametrize("role", ROLES)
def test_role_against_every_route(login, role: str, case_text: str) -> None:  # type: ignore[no-untyped-def]
    owner = login("analyst")
    case_id = owner.post("/api/cases", json={"case_text": case_text}).json()["id"]
    session = login(role)
    values = {"case_id": case_id, "hit_id": "1", "evidence_id": "1", "condition_id": "1", "decision_id": "1",
              "number": "1", "alert_id": "1",
              "kind": "capabilities", "item_id": "facial_recognition", "code": "BR", "dataset": "default",
              "prefix": "0123456789ab"}
    for method, template, permission in ROUTES:
        if (method, template) == ("POST", "/api/logout"):
            continue
        url = template.format(**values)
        send = {"GET": session.get, "POST": session.post, "PUT": session.put, "PATCH": session.patch,
                "DELETE": session.delete}[method]
        response = send(url) if method == "GET" else send(url, json={})
        allowed = permission is None or Role(role) in PERMISSIONS[permission]
        if allowed:
            assert response.status_code != 403, f"{role} {method} {url}: {response.text}"
        else:
            assert response.status_code == 403, f"{role} {method} {url} should be forbidden: {response.status_code}"
