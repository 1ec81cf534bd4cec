"""The procrastinate app: which tasks exist, which are periodic, how it reaches the database;
the audit anchoring job (no database server needed)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hrdd.exc import ConfigError
from hrdd.jobs import app as job_app
from hrdd.jobs import work
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings

PG = "postgresql+psycopg://hrdd:s3cret@db.internal:5433/hrdd"


def test_the_app_registers_every_task_and_the_periodic_ones() -> None:
    app = job_app.make_app(Settings(database_url=PG))
    assert set(app.tasks) >= {f"hrdd:{name}" for name in (
        "rescreen_version", "rescreen_all", "deliver_alerts", "refresh_lists", "scan_due_dates", "anchor_audit",
        "reassess_due", "sweep")}
    periodic = {key[0]: task.cron for key, task in app.periodic_registry.periodic_tasks.items()}
    assert periodic == {"hrdd:refresh_lists": "17 */6 * * *", "hrdd:scan_due_dates": "5 * * * *",
                        "hrdd:anchor_audit": "41 * * * *", "hrdd:reassess_due": "23 * * * *",
                        "hrdd:sweep": "* * * * *"}
    assert set(work.RUNNERS) <= {name.removeprefix("hrdd:") for name in app.tasks}


def test_connection_string_and_sqlite_refusal() -> None:
    assert job_app.conninfo(Settings(database_url=PG)) == "postgresql://hrdd:s3cret@db.internal:5433/hrdd"
    assert not job_app.uses_procrastinate(Settings(database_url="sqlite:///x.db"))
    with pytest.raises(ConfigError, match="PostgreSQL"):
        job_app.conninfo(Settings(database_url="sqlite:///x.db"))


def test_anchor_job_sends_a_signed_anchor_when_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        work.anchor_audit()  # not configured: nothing sent
        monkeypatch.setenv("HRDD_AUDIT_ANCHOR_KEY", "k" * 40)
        monkeypatch.setenv("HRDD_AUDIT_ANCHOR_URL", f"http://127.0.0.1:{server.server_address[1]}/anchors")
        get_settings.cache_clear()
        get_store(get_settings())
        work.anchor_audit()
    finally:
        server.shutdown()
        server.server_close()
    (anchor,) = received
    assert anchor["schema"] == "hrdd.audit-anchor/1" and len(anchor["signature"]) == 64
