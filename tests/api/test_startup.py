"""What the service does when it starts: it answers at once, warms up beside the server and says
when it is ready; ``hrdd serve --workers 2`` becomes ready and serves."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from hrdd.api.app import create_app
from hrdd.settings import Settings
from tests.live_server import ROOT, LiveServer, add_users, free_port, log_in, session_client
from tests.screening.entities import write_list


def _wait_ready(client: TestClient | httpx.Client, seconds: float = 120.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = client.get("/health/ready")
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.05)


@pytest.mark.parametrize("warm", [True, False])
def test_service_warms_screening_after_start_unless_told_not_to(_isolated_home: Path, warm: bool) -> None:
    from hrdd.screening import align

    write_list(_isolated_home / "lists")
    align._analysed.cache_clear()
    app = create_app(Settings(home=_isolated_home, screening_warm=warm))
    with TestClient(app) as client:  # runs the start-up
        assert client.get("/health/live").json() == {"ok": True, "status": "live"}
        ready = _wait_ready(client)
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ready"
        assert app.state.readiness.wait_warm(60)
        body = client.get("/health/ready").json()
        assert body["warm"] == "done" and body["warm_seconds"] >= body["seconds"]
        assert (align._analysed.cache_info().currsize > 0) is warm
        assert (body["names_analysed"] > 0) is warm
        assert client.get("/login").status_code == 200


def test_live_answers_and_ready_refuses_while_starting(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    entered = threading.Event()

    def slow_probe(settings: Settings, organisation: str, person: str) -> int:
        entered.set()
        assert release.wait(30)
        return 2

    monkeypatch.setattr("hrdd.services.screening.probe_screening", slow_probe)
    monkeypatch.setattr("hrdd.services.screening.warm_screening", lambda settings: 7)
    app = create_app(Settings(home=_isolated_home, screening_warm=True))
    with TestClient(app) as client:
        assert entered.wait(10)
        assert client.get("/health/live").status_code == 200
        assert client.get("/healthz").status_code == 200
        starting = client.get("/health/ready")
        assert starting.status_code == 503
        assert starting.json()["status"] == "starting" and starting.json()["ok"] is False
        release.set()
        ready = _wait_ready(client, 30)
        assert ready.status_code == 200
        assert app.state.readiness.wait_warm(30)
        assert client.get("/health/ready").json()["names_analysed"] == 7


def test_ready_does_not_wait_for_the_name_analysis(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Readiness comes when the index is open and probed; the analysis of every listed name goes
    on after it, and screenings are answered meanwhile (with the right hits)."""
    from hrdd.services.screening import screen_name

    write_list(_isolated_home / "lists")
    release = threading.Event()
    entered = threading.Event()

    def slow_warm(settings: Settings) -> int:
        entered.set()
        assert release.wait(30)
        return 7

    monkeypatch.setattr("hrdd.services.screening.warm_screening", slow_warm)
    settings = Settings(home=_isolated_home, screening_warm=True)
    app = create_app(settings)
    with TestClient(app) as client:
        assert entered.wait(30)
        ready = client.get("/health/ready")
        assert ready.status_code == 200 and ready.json()["warm"] == "analysing", ready.text
        hits = screen_name("Ivan Sidorenko", schema="Person", settings=settings)
        assert [h.entry_id for h in hits][:1] == ["3"]  # the listed person (test-list-3)
        release.set()
        assert app.state.readiness.wait_warm(30)
        assert client.get("/health/ready").json()["warm"] == "done"


def test_failed_start_up_is_reported_not_ready(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_probe(settings: Settings, organisation: str, person: str) -> int:
        raise OSError("index directory unreadable")

    monkeypatch.setattr("hrdd.services.screening.probe_screening", broken_probe)
    app = create_app(Settings(home=_isolated_home, screening_warm=True))
    with TestClient(app) as client:
        app.state.readiness.wait(30)
        failed = client.get("/health/ready")
        assert failed.status_code == 503
        assert failed.json()["status"] == "failed" and "unreadable" in failed.json()["error"]
        assert client.get("/health/live").status_code == 200


def test_failed_name_analysis_leaves_the_service_ready(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_warm(settings: Settings) -> int:
        raise MemoryError("no room for the analysed names")

    write_list(_isolated_home / "lists")
    monkeypatch.setattr("hrdd.services.screening.warm_screening", broken_warm)
    app = create_app(Settings(home=_isolated_home, screening_warm=True))
    with TestClient(app) as client:
        assert app.state.readiness.wait_warm(30)
        body = client.get("/health/ready").json()
        assert body["status"] == "ready" and body["warm"] == "done" and body["names_analysed"] == 0


def test_serve_with_two_workers_becomes_ready_and_serves(tmp_path: Path, cache_dir: Path) -> None:
    """A real ``hrdd serve --workers 2`` over a small list: live, then ready, then /match answers
    with the listed person from both workers (one server, several connections); both workers
    were forked after one start-up (hrdd/api/prefork.py)."""
    home = tmp_path / "serve-home"
    write_list(home / "lists")
    database = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    add_users(database)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": database, "HRDD_CACHE_DIR": str(cache_dir),
                "PYTHONPATH": str(ROOT)})
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hrdd", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    server = LiveServer(url=url, home=home, log=log, process=process)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            deadline = time.monotonic() + 90
            while True:
                assert process.poll() is None, log.read_text(errors="replace")
                try:
                    if client.get("/health/live").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"not live:\n{log.read_text(errors='replace')}"
                time.sleep(0.1)
            ready = _wait_ready(client)
            assert ready.status_code == 200, f"{ready.text}\n{log.read_text(errors='replace')}"
        key = log_in(server, "analyst")
        query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Sidorenko"]}}}}
        for _ in range(12):
            with session_client(server, key) as client:  # a new connection each time
                response = client.post("/api/match/default", json=query)
                assert response.status_code == 200, response.text
                results = response.json()["responses"]["q"]["results"]
                assert results and results[0]["id"] == "test-list-3"
        # the workers are forked from the server process, which started up once for both
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(workers) == 2
        with httpx.Client(base_url=url, timeout=30) as client:
            for _ in range(6):
                body = client.get("/health/ready", headers={"Connection": "close"}).json()
                assert body["forked"] is True and body["warm"] == "done" and body["names_analysed"] > 0
    finally:
        server.stop()
