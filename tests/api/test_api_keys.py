"""API keys: shown once, stored hashed, revocable, scoped within the user's role, no CSRF."""

import hashlib

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from hrdd.exc import InvalidInput
from hrdd.services.api_keys import create_key
from hrdd.services.permissions import PERMISSIONS, SCOPES, Role
from hrdd.services.users import SYSTEM, set_user_active
from tests.service_fixtures import ROLES

# one route per permission a key can be asked to use: (method, path, permission)
PROBES: list[tuple[str, str, str]] = [
    ("GET", "/api/cases", "case.read"),
    ("POST", "/api/cases", "case.write"),
    ("POST", "/api/cases/{case_id}/assess", "case.assess"),
    ("POST", "/api/hits/1/review", "hit.review"),
    ("GET", "/api/cases/{case_id}/evidence", "evidence.read"),
    ("POST", "/api/cases/{case_id}/evidence", "evidence.write"),
    ("POST", "/api/cases/{case_id}/conditions", "condition.write"),
    ("POST", "/api/cases/{case_id}/decisions", "decision.propose"),
    ("POST", "/api/decisions/1/approve", "decision.approve"),
    ("GET", "/api/audit", "audit.read"),
    ("GET", "/api/catalog/capabilities", "catalog.read"),
    ("POST", "/api/match/default", "screen"),
    ("GET", "/api/keys", "account.manage"),
    ("GET", "/api/grievances", "grievance.read"),
]


def _key_client(app, key: str) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, headers={"Authorization": f"ApiKey {key}"})


@pytest.mark.parametrize("role", ROLES)
def test_a_key_does_what_both_its_scope_and_its_users_role_allow(app, login, role: str,
                                                                 case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = login("analyst").post("/api/cases", json={"case_text": case_text}).json()["id"]
    for scope, covered in SCOPES.items():
        if not any(Role(role) in PERMISSIONS[action] for action in covered):
            with pytest.raises(InvalidInput, match="cannot create the API key"):
                create_key(app.state.store, SYSTEM, role, "probe", [scope])
            continue
        client = _key_client(app, create_key(app.state.store, SYSTEM, role, "probe", [scope]).key)
        for method, template, permission in PROBES:
            response = client.request(method, template.format(case_id=case_id), json={})
            allowed = Role(role) in PERMISSIONS[permission] and permission in covered
            where = f"{role} key with scope {scope}: {method} {template}"
            if allowed:
                assert response.status_code not in (401, 403) and response.status_code < 500, \
                    f"{where}: {response.status_code} {response.text}"
            else:
                assert response.status_code == 403, f"{where} should be forbidden: {response.status_code}"


def test_no_scope_reaches_approvals_user_or_key_management() -> None:
    covered = set().union(*SCOPES.values())
    assert covered.isdisjoint({"decision.approve", "case.reopen", "case.lifecycle", "user.manage", "account.manage"})


def test_a_key_is_shown_once_and_stored_as_its_hash(app, login) -> None:  # type: ignore[no-untyped-def]
    session = login("analyst")
    created = session.post("/api/keys", json={"name": "ERP", "scopes": ["screen", "read"]})
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    brand, prefix, secret = key.split("_", 2)
    assert brand == "hrdd" and prefix == created.json()["prefix"] and len(secret) >= 43
    listed = session.get("/api/keys").json()
    assert [k["prefix"] for k in listed] == [prefix] and "key" not in listed[0]
    assert listed[0]["scopes"] == ["screen", "read"]
    with app.state.store.transaction() as conn:
        stored = conn.execute(sa.text("SELECT secret_hash FROM api_keys")).scalar_one()
    assert stored == hashlib.sha256(secret.encode()).hexdigest() and secret not in stored


def test_requests_with_a_key_need_no_csrf_token_but_cookie_sessions_still_do(app, login,
                                                                            case_text: str) -> None:  # type: ignore[no-untyped-def]
    session = login("analyst")
    key = session.post("/api/keys", json={"name": "CRM", "scopes": ["write"]}).json()["key"]
    assert _key_client(app, key).post("/api/cases", json={"case_text": case_text}).status_code == 201
    assert session.client.post("/api/cases", json={"case_text": case_text}).status_code == 403  # no X-CSRF-Token


def test_revoked_wrong_and_disabled_users_keys_are_refused(app, login) -> None:  # type: ignore[no-untyped-def]
    session = login("analyst")
    key = session.post("/api/keys", json={"name": "ERP", "scopes": ["read"]}).json()["key"]
    client = _key_client(app, key)
    assert client.get("/api/cases").status_code == 200
    assert _key_client(app, key[:-1] + ("A" if key[-1] != "A" else "B")).get("/api/cases").status_code == 401
    assert _key_client(app, "not-a-key").get("/api/cases").status_code == 401
    set_user_active(app.state.store, "analyst", False)
    assert client.get("/api/cases").status_code == 401
    set_user_active(app.state.store, "analyst", True)
    assert client.get("/api/cases").status_code == 200
    prefix = key.split("_")[1]
    relogged = login("analyst")  # disabling ended the first session
    assert relogged.delete(f"/api/keys/{prefix}").status_code == 200
    assert client.get("/api/cases").status_code == 401
    assert relogged.get("/api/keys").json()[0]["revoked_at"] is not None


def test_a_key_cannot_manage_keys_or_log_in_as_a_person(app, login) -> None:  # type: ignore[no-untyped-def]
    key = login("admin").post("/api/keys", json={"name": "ops", "scopes": ["write"]}).json()["key"]
    client = _key_client(app, key)
    assert client.post("/api/keys", json={"name": "more", "scopes": ["write"]}).status_code == 403
    assert client.post("/api/password", json={"current_password": "x", "new_password": "y"}).status_code == 403
    me = client.get("/api/me").json()
    assert me["scopes"] == ["write"] and me["csrf_token"] == ""


def test_a_user_cannot_revoke_someone_elses_key(app, login) -> None:  # type: ignore[no-untyped-def]
    prefix = login("analyst").post("/api/keys", json={"name": "ERP", "scopes": ["read"]}).json()["prefix"]
    assert login("analyst2").delete(f"/api/keys/{prefix}").status_code == 404


def test_unknown_scope_is_a_422_naming_the_field(login) -> None:  # type: ignore[no-untyped-def]
    response = login("analyst").post("/api/keys", json={"name": "x", "scopes": ["admin"]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("body.scopes")
