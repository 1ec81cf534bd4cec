"""Server-side sessions: logout, password change and disabling end them on the server."""

import datetime as dt
import threading
import time
from pathlib import Path

import httpx
import sqlalchemy as sa
from fastapi.testclient import TestClient

from hrdd.services.users import set_user_active
from hrdd.settings import Settings
from tests.live_server import running_server
from tests.service_fixtures import PASSWORD

NEW_PASSWORD = "a new and rather long passphrase 7"


def _cookie(session) -> str:  # type: ignore[no-untyped-def]
    return str(session.client.cookies["hrdd_session"])


def _replay(app, cookie: str) -> int:  # type: ignore[no-untyped-def]
    """A request with a stored cookie, from a client that never logged out."""
    return TestClient(app, cookies={"hrdd_session": cookie}).get("/api/cases").status_code


def test_logout_then_reusing_the_old_cookie_is_refused(app, login) -> None:  # type: ignore[no-untyped-def]
    session = login("analyst")
    cookie = _cookie(session)
    assert _replay(app, cookie) == 200
    assert session.post("/api/logout").status_code == 200
    assert _replay(app, cookie) == 401


def test_the_cookie_holds_only_a_random_token(app, login) -> None:  # type: ignore[no-untyped-def]
    cookie = _cookie(login("analyst"))
    assert "analyst" not in cookie and "." not in cookie and len(cookie) >= 40
    with app.state.store.transaction() as conn:
        stored = conn.execute(sa.text("SELECT id FROM sessions")).scalars().all()
    assert cookie not in stored and len(stored) == 1  # only its SHA-256 is kept


def test_web_logout_ends_the_session_on_the_server(app) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_pages import _browser_login

    client, csrf = _browser_login(app, "analyst")
    cookie = str(client.cookies["hrdd_session"])
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert _replay(app, cookie) == 401


def test_password_change_ends_every_session_of_the_user(app, login) -> None:  # type: ignore[no-untyped-def]
    laptop, phone = login("analyst"), login("analyst")
    old_phone = _cookie(phone)
    changed = laptop.post("/api/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.text
    assert _replay(app, old_phone) == 401
    assert laptop.client.get("/api/cases").status_code == 200  # the new session it was given
    relog = TestClient(app).post("/api/login", json={"username": "analyst", "password": NEW_PASSWORD})
    assert relog.status_code == 200


def test_password_change_applies_the_policy(login) -> None:  # type: ignore[no-untyped-def]
    session = login("analyst")
    weak = session.post("/api/password", json={"current_password": PASSWORD, "new_password": "password12345"})
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    wrong = session.post("/api/password", json={"current_password": "not my password", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 401


def test_idle_and_absolute_timeouts_end_the_session(app, login, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    idle, expired = login("analyst"), login("approver")
    now = dt.datetime.now(dt.UTC)
    with app.state.store.transaction() as conn:
        conn.execute(sa.text("UPDATE sessions SET last_seen_at = :t WHERE user_id = "
                             "(SELECT id FROM users WHERE username = 'analyst')"),
                     {"t": now - dt.timedelta(minutes=settings.session_idle_minutes, seconds=1)})
        conn.execute(sa.text("UPDATE sessions SET expires_at = :t WHERE user_id = "
                             "(SELECT id FROM users WHERE username = 'approver')"), {"t": now - dt.timedelta(seconds=1)})
    assert idle.get("/api/cases").status_code == 401
    assert expired.get("/api/cases").status_code == 401


def test_disabling_a_user_refuses_their_next_request_while_they_are_busy(
        app, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with running_server(settings.db_url, tmp_path / "served") as server:
        client = httpx.Client(base_url=server.url, timeout=30)
        assert client.post("/api/login", json={"username": "analyst", "password": PASSWORD}).status_code == 200
        results: list[tuple[float, int]] = []  # (time the request was sent, status)
        stop = threading.Event()

        def work() -> None:
            while not stop.is_set():
                sent = time.monotonic()
                results.append((sent, client.get("/api/cases").status_code))

        worker = threading.Thread(target=work)
        worker.start()
        time.sleep(0.5)
        set_user_active(app.state.store, "analyst", False)
        disabled_at = time.monotonic()
        time.sleep(0.5)
        stop.set()
        worker.join()
        client.close()
    before = [status for sent, status in results if sent < disabled_at]
    after = [status for sent, status in results if sent > disabled_at]
    assert before and set(before) <= {200, 401} and before[0] == 200
    assert after and set(after) == {401}, after


def test_session_cookie_flags(app, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app

    for secure in (False, True):
        client = TestClient(create_app(settings.model_copy(update={"cookie_secure": secure})))
        response = client.post("/api/login", json={"username": "analyst", "password": PASSWORD})
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("hrdd_session=") and "httponly" in cookie and "samesite=lax" in cookie
        assert ("; secure" in cookie) is secure
