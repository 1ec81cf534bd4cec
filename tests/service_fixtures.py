"""Fixtures for the service tests (API, web): an app on a fresh database with one user per role."""

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrdd.settings import Settings

PASSWORD = "correct horse battery staple"
# an approval's written justification for whichever blocking warnings the case has (hrdd.services.approval)
JUSTIFY_ALL = {code: f"Weighed by the approver in this test ({code})" for code in
               ("hard_stop", "departure", "unreviewed_hits", "open_questions", "overridden_evidence", "stale_data")}
ROLES = ("admin", "analyst", "approver", "auditor", "grievance_officer")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, cookie_secure=False)


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app
    from hrdd.store import audit
    from hrdd.store.users import insert_user

    application = create_app(settings)
    with application.state.store.transaction() as conn:
        for username, role in [*((r, r) for r in ROLES), ("analyst2", "analyst"), ("approver2", "approver"),
                               ("officer2", "grievance_officer")]:
            insert_user(conn, username, _password_hash(), role)
            audit.append(conn, actor="system", action="user.add", entity="user", entity_id=username,
                         after={"role": role, "active": True})
    return application


@functools.cache
def _password_hash() -> str:
    """argon2 is slow on purpose; hash the shared test password once per run."""
    from hrdd.services.passwords import hash_password

    return hash_password(PASSWORD)


class Session:
    """A logged-in client that sends its CSRF token on unsafe requests."""

    def __init__(self, client: TestClient, csrf: str) -> None:
        self.client = client
        self.csrf = csrf

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kw)

    def _unsafe(self, method: str, url: str, **kw):  # type: ignore[no-untyped-def]
        headers = {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def post(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self._unsafe("POST", url, **kw)

    def put(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self._unsafe("PUT", url, **kw)

    def patch(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self._unsafe("PATCH", url, **kw)

    def delete(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self._unsafe("DELETE", url, **kw)


@pytest.fixture
def login(app):  # type: ignore[no-untyped-def]
    clients: list[TestClient] = []

    def _login(username: str) -> Session:
        client = TestClient(app)
        clients.append(client)
        response = client.post("/api/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return Session(client, response.json()["csrf_token"])

    yield _login
    for client in clients:
        client.close()


@pytest.fixture
def case_text() -> str:
    return (EXAMPLES / "01-city-police-video-analytics-br.yaml").read_text(encoding="utf-8")


@pytest.fixture
def analyst(login) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    yield login("analyst")
