"""Login throttling: counted in the database, race-free, keyed so an attacker cannot lock the user out."""

import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from hrdd.services.throttle import attempts_counted
from hrdd.settings import Settings
from tests.live_server import running_server
from tests.service_fixtures import PASSWORD

ATTACKER, USER_ADDRESS = "203.0.113.7", "198.51.100.20"


def _login(url: str, password: str, client: str) -> httpx.Response:
    return httpx.post(f"{url}/api/login", json={"username": "analyst", "password": password},
                      headers={"X-Forwarded-For": client}, timeout=60)


def _forty_guesses(url: str) -> list[httpx.Response]:
    barrier = threading.Barrier(40)
    responses: list[httpx.Response] = []

    def guess() -> None:
        barrier.wait()
        responses.append(_login(url, "wrong password, guess", ATTACKER))

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _assert_throttled(responses: list[httpx.Response], allowed: int, app) -> None:  # type: ignore[no-untyped-def]
    counts = Counter(r.status_code for r in responses)
    assert counts == {401: allowed, 429: 40 - allowed}, counts
    assert attempts_counted(app.state.store, "analyst", ATTACKER) == allowed
    for refused in (r for r in responses if r.status_code == 429):
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json()["status"] == 429 and "try again" in refused.json()["error"]


def test_concurrent_wrong_passwords_reach_the_password_check_at_most_the_allowed_number_of_times(
        app, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    allowed = 3  # fewer than the default 5: each check costs an Argon2 verification
    with running_server(settings.db_url, tmp_path / "served", trusted_proxies="127.0.0.1",
                        login_attempts=str(allowed)) as server:
        _assert_throttled(_forty_guesses(server.url), allowed, app)
        # the right password from the attacker's address waits too ...
        assert _login(server.url, PASSWORD, ATTACKER).status_code == 429
        # ... while the real user, from their own address, logs in
        assert _login(server.url, PASSWORD, USER_ADDRESS).status_code == 200


def test_two_worker_processes_share_the_login_throttle(app, settings: Settings,
                                                       tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if settings.db_url.startswith("sqlite"):
        pytest.skip("hrdd serve runs several workers on PostgreSQL only")
    with running_server(settings.db_url, tmp_path / "served", workers=2, trusted_proxies="127.0.0.1",
                        login_attempts="3") as server:
        _assert_throttled(_forty_guesses(server.url), 3, app)
        assert _login(server.url, PASSWORD, USER_ADDRESS).status_code == 200


def test_one_client_guessing_many_accounts_runs_out_of_its_address_budget(
        app, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app

    budget = 4
    client = TestClient(create_app(settings.model_copy(update={"login_client_attempts": budget})))
    statuses = [client.post("/api/login", json={"username": f"nobody{i}", "password": "wrong password!!"}).status_code
                for i in range(budget + 1)]
    assert statuses == [401] * budget + [429]


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)  # no trusted proxies: every attempt counts against the peer address
    statuses = [client.post("/api/login", json={"username": "analyst", "password": "wrong password!!"},
                            headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(6)]
    assert statuses == [401] * 5 + [429]


def test_counts_are_shared_by_every_worker(settings: Settings, app) -> None:  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app

    first, second = TestClient(app), TestClient(create_app(settings))  # two app instances, one database
    for _ in range(3):
        assert first.post("/api/login", json={"username": "analyst", "password": "wrong password!!"}).status_code == 401
    for _ in range(2):
        assert second.post("/api/login", json={"username": "analyst", "password": "wrong password!!"}).status_code == 401
    assert first.post("/api/login", json={"username": "analyst", "password": PASSWORD}).status_code == 429


def test_success_clears_the_clients_count_and_backoff_doubles(settings: Settings, app) -> None:  # type: ignore[no-untyped-def]
    from hrdd.services.throttle import backoff, reserve_login

    client = TestClient(app)
    for _ in range(4):
        client.post("/api/login", json={"username": "analyst", "password": "wrong password!!"})
    assert client.post("/api/login", json={"username": "analyst", "password": PASSWORD}).status_code == 200
    assert attempts_counted(app.state.store, "analyst", "testclient") == 0
    assert [backoff(settings, n) for n in range(4)] == [30, 60, 120, 240]
    store, now = app.state.store, 1_000_000.0
    for _ in range(5):
        reserve_login(store, settings, "approver", "192.0.2.1", now)
    refused = []
    for later in (29.0, 31.0, 31.5, 92.0):  # blocked 30 s after the 5th, then 60 s after the 6th
        try:
            reserve_login(store, settings, "approver", "192.0.2.1", now + later)
            refused.append(False)
        except Exception as err:  # noqa: BLE001  # RateLimited, checked below
            assert type(err).__name__ == "RateLimited"
            refused.append(True)
    assert refused == [True, False, True, False]
