"""A real ``hrdd serve`` on 127.0.0.1 for tests that need concurrency across a running server,
or a crash.

``running_server(database_url, home, **settings)`` starts ``python -m hrdd serve`` in a
subprocess on a free port (this checkout's code), waits until ``/login`` answers, yields a
:class:`LiveServer` and stops the process. Settings go in as ``HRDD_*`` environment variables
(``trusted_proxies="127.0.0.1"`` becomes ``HRDD_TRUSTED_PROXIES``). ``start_server`` does the
same without the ``with``; ``server.kill()`` sends SIGKILL.

For tests against several users: ``add_users`` puts one account per role (plus ``analyst2`` and
``approver2``) in the database; ``log_in`` returns the cookies and CSRF token of a session that
any number of ``httpx.Client`` objects can share (``session_client``, one per thread). The
module-scoped fixtures ``live_database`` (a fresh database with those users, SQLite and the
PostgreSQL of ``HRDD_TEST_DATABASE_URL``) and ``live_server`` can be imported into a test module.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.service_fixtures import PASSWORD, ROLES, _password_hash

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60.0
USERS = [*((r, r) for r in ROLES), ("analyst2", "analyst"), ("approver2", "approver"), ("officer2", "grievance_officer")]


@dataclass
class LiveServer:
    url: str
    home: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"hrdd serve exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/login", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"hrdd serve did not answer within {STARTUP_SECONDS:.0f} s:\n{server.log_tail()}")


def start_server(database_url: str, home: Path, workers: int = 1, **settings: str) -> LiveServer:
    """``hrdd serve`` on a free loopback port over ``database_url``, answering; ``settings`` are HRDD_* values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": database_url, "HRDD_SCREENING_WARM": "false", "HRDD_PDF_WARM": "false",
                "PYTHONPATH": str(ROOT)})
    env.update({f"HRDD_{name.upper()}": value for name, value in settings.items()})
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = home / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "hrdd", "serve", "--host", "127.0.0.1", "--port", str(port),
                                    "--workers", str(workers)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(url=f"http://127.0.0.1:{port}", home=home, log=log, process=process)
    _wait_until_up(server)
    return server


@contextmanager
def running_server(database_url: str, home: Path, workers: int = 1, **settings: str) -> Iterator[LiveServer]:
    server = start_server(database_url, home, workers, **settings)
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
