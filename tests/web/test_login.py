"""The login form runs the same sequence as the API: same throttle, same messages, server-side logout."""

import re

from fastapi.testclient import TestClient

from tests.service_fixtures import PASSWORD
from tests.web.test_pages import _csrf

WRONG = "wrong user name or password"


def _form_login(client: TestClient, username: str, password: str):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": _csrf(page.text)},
                       follow_redirects=False)


def test_wrong_password_on_the_form_is_401_with_the_apis_message(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    page = _form_login(client, "analyst", "not the password at all")
    api = client.post("/api/login", json={"username": "analyst", "password": "not the password at all"})
    assert page.status_code == 401 and WRONG in page.text
    assert api.status_code == 401 and api.json()["error"] == WRONG


def test_form_and_api_share_one_throttle_and_the_form_says_when_to_retry(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    for _ in range(3):
        assert _form_login(client, "analyst", "not the password at all").status_code == 401
    for _ in range(2):
        assert client.post("/api/login", json={"username": "analyst", "password": "nope nope nope"}).status_code == 401
    page = _form_login(client, "analyst", PASSWORD)
    assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
    assert re.search(r"try again in \d+ seconds", page.text)


def test_login_form_token_must_match_its_cookie(app) -> None:  # type: ignore[no-untyped-def]
    victim, attacker = TestClient(app), TestClient(app)
    victim.get("/login")
    forged = _csrf(attacker.get("/login").text)  # a token from another browser's form
    response = victim.post("/login", data={"username": "analyst", "password": PASSWORD, "csrf_token": forged})
    assert response.status_code == 403


def test_login_replaces_any_session_the_browser_had(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    assert _form_login(client, "analyst", PASSWORD).status_code == 303
    first = str(client.cookies["hrdd_session"])
    csrf = _csrf(client.get("/").text)
    client.post("/login", data={"username": "auditor", "password": PASSWORD, "csrf_token": csrf}, follow_redirects=False)
    assert str(client.cookies["hrdd_session"]) != first
    assert TestClient(app, cookies={"hrdd_session": first}).get("/api/cases").status_code == 401
