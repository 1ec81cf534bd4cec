"""A real ``uvicorn`` server in a subprocess, for tests that need real concurrency or a crash.

``running_server(database_url, home)`` starts the app on 127.0.0.1 and a free port against the
given database (SQLite file or the PostgreSQL of ``HRDD_TEST_DATABASE_URL``, via the
``database_url`` fixture), waits until it answers and stops it afterwards; ``server.kill()``
sends SIGKILL. ``add_users`` puts one account per role (plus ``analyst2``/``approver2``) in the
database; ``log_in`` returns the cookies and CSRF token of a session that any number of
``httpx.Client`` objects can share (``session_client``).

Reuse it: ``from tests.live_server import running_server, add_users, log_in, session_client``, or
import the module-scoped fixtures ``live_database`` (a fresh database with the users, both
engines) and ``live_server`` into a test module.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.service_fixtures import PASSWORD, ROLES, _password_hash

ROOT = Path(__file__).resolve().parents[1]
USERS = [*((r, r) for r in ROLES), ("analyst2", "analyst"), ("approver2", "approver")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no rollback by the server; whatever was in flight is cut."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def server_env(database_url: str, home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_DATABASE_URL": database_url, "HRDD_HOME": str(home), "HRDD_COOKIE_SECURE": "false",
                "HRDD_SECRET_KEY": "live-server-test-secret-0123456789", "HRDD_SCREENING_WARM": "false",
                "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def start_server(database_url: str, home: Path, *, timeout: float = 60.0, **env: str) -> LiveServer:
    """Start uvicorn with the app factory and wait until it answers HTTP."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = home / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "uvicorn", "hrdd.api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=server_env(database_url, home, **env), stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.TransportError):
            httpx.get(f"{server.url}/login", timeout=2.0)
            return server
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"server did not answer within {timeout} s: {log.read_text(errors='replace')[-2000:]}")


@contextlib.contextmanager
def running_server(database_url: str, home: Path, **env: str) -> Iterator[LiveServer]:
    server = start_server(database_url, home, **env)
    try:
        yield server
    finally:
        server.stop()


def add_users(database_url: str) -> None:
    """One account per role, plus analyst2 and approver2, all with the shared test password."""
    from hrdd.store import open_store
    from hrdd.store.users import insert_user

    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            for username, role in USERS:
                insert_user(conn, username, _password_hash(), role)
    finally:
        store.engine.dispose()


@dataclass(frozen=True)
class SessionKey:
    cookies: dict[str, str]
    csrf: str


def log_in(server: LiveServer, username: str) -> SessionKey:
    with httpx.Client(base_url=server.url) as client:
        response = client.post("/api/login", json={"username": username, "password": PASSWORD})
        response.raise_for_status()
        return SessionKey(dict(client.cookies), response.json()["csrf_token"])


def session_client(server: LiveServer, key: SessionKey, timeout: float = 60.0) -> httpx.Client:
    """A client of its own (one per thread) on a shared session."""
    return httpx.Client(base_url=server.url, cookies=key.cookies, headers={"X-CSRF-Token": key.csrf},
                        timeout=timeout)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh database with the test users, shared by the tests of one module (starting a
    server costs seconds): SQLite, or PostgreSQL when HRDD_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite3'}"
    else:
        found = os.environ.get("HRDD_TEST_DATABASE_URL")
        if not found:
            pytest.skip("HRDD_TEST_DATABASE_URL is not set (scripts/test.sh sets it when PostgreSQL is reachable)")
        url = found
        from hrdd.services.store import forget_stores
        from hrdd.store import _MIGRATED
        from tests.conftest import _reset_postgres

        _reset_postgres(url)
        _MIGRATED.discard(url)
        forget_stores()
    add_users(url)
    return url


@pytest.fixture(scope="module")
def live_server(live_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A running server on ``live_database`` for the tests of one module."""
    with running_server(live_database, tmp_path_factory.mktemp("live-home")) as server:
        yield server
