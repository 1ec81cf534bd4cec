"""A real ``hrdd serve`` on loopback and headless Chromium driven by Playwright.

The server runs as a subprocess on a free port with its own HRDD_HOME (SQLite) and one
user per role created beforehand. Chromium is Debian's (``/usr/bin/chromium``, or
``HRDD_CHROMIUM``); Playwright never downloads a browser here. Everything skips with the
reason when the browser or the Playwright package is missing (``scripts/browser-setup.sh``
installs both). Screenshots of every step go to ``test-artifacts/browser/<test>/``.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import PASSWORD, log_in

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("HRDD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USERS = {"analyst": "analyst", "approver": "approver", "auditor": "auditor", "admin": "admin",
         "grievance_officer": "grievance_officer"}
STARTUP_SECONDS = 60.0


@dataclass
class LiveServer:
    url: str
    home: Path
    log: Path
    process: "subprocess.Popen[bytes]"
    users: dict[str, str] = field(default_factory=dict)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no server log)"
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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
            time.sleep(0.2)
    raise RuntimeError(f"hrdd serve did not answer within {STARTUP_SECONDS:.0f} s:\n{server.log_tail()}")


def _add_users(database_url: str) -> None:
    from hrdd.services.users import add_user
    from hrdd.store import open_store

    store = open_store(database_url)
    try:
        for username, role in USERS.items():
            add_user(store, username, PASSWORD, role)
    finally:
        store.engine.dispose()


@contextmanager
def serve(home: Path, **settings: str) -> Iterator[LiveServer]:
    """``python -m hrdd serve`` on 127.0.0.1:<free port> with HRDD_HOME ``home``, a fresh SQLite
    database holding one user per role, and any further ``HRDD_*`` settings given."""
    database_url = f"sqlite:///{home / 'hrdd.sqlite3'}"
    _add_users(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": database_url, "HRDD_COOKIE_SECURE": "false",
                "HRDD_SECRET_KEY": "browser-test-secret-key-0123456789", "PYTHONPATH": str(ROOT)})
    env.update({f"HRDD_{k.upper()}": v for k, v in settings.items()})
    port = _free_port()
    log = home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "hrdd", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(url=f"http://127.0.0.1:{port}", home=home, log=log, process=process, users=dict(USERS))
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``python -m hrdd serve`` on 127.0.0.1:<free port>, on a fresh SQLite database."""
    with serve(tmp_path_factory.mktemp("served-home")) as server:
        yield server


SAME_ENTITY = ROOT / "tests" / "fixtures" / "lists" / "same_entity"


@pytest.fixture(scope="module")
def screened_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``hrdd serve`` with two lists loaded: OFAC SDN (as of today) and the US Consolidated Screening
    List (as of 2019: stale), which repeats SDN entry 36 under the same number."""
    import datetime as dt

    from hrdd.services.lists import import_list
    from hrdd.settings import Settings

    home = tmp_path_factory.mktemp("screened-home")
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'hrdd.sqlite3'}")
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings, as_of=dt.date.today().isoformat())
    import_list("us-csl", [SAME_ENTITY / "csl.csv"], settings)
    with serve(home) as server:
        yield server


@pytest.fixture
def browse(chromium: Any, screened_server: LiveServer) -> Iterator[Any]:
    """``browse(role)`` gives a page of ``screened_server`` logged in as ``role`` (its own context)."""
    contexts: list[Any] = []

    def _open(role: str) -> Any:
        context = chromium.new_context(base_url=screened_server.url, accept_downloads=True, locale="en-GB",
                                       viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, role)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium under Playwright (module-wide; each test opens its own contexts)."""
    if not CHROMIUM.exists():
        pytest.skip(f"headless Chromium not found at {CHROMIUM} (run scripts/browser-setup.sh, "
                    "or set HRDD_CHROMIUM to the browser's path)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed (run scripts/browser-setup.sh)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Steps:
    """Numbered screenshots of one test's steps, kept as artefacts."""

    def __init__(self, test_name: str) -> None:
        self.folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*"):
            old.unlink()
        self.count = 0

    def snap(self, page: Any, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def keep(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path


@pytest.fixture
def steps(request: pytest.FixtureRequest) -> Steps:
    return Steps(request.node.name)


@pytest.fixture
def open_session(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """``open_session()`` gives a fresh browser context (its own cookies) at the server's base URL."""
    contexts: list[Any] = []

    def _open() -> Any:
        context = chromium.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB",
                                       viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield _open
    for context in contexts:
        context.close()
