"""The boot app of ``hrdd serve``: health answers before the app is built, other requests wait for
the build, and a failed build is said, never hidden behind a 5xx of the app."""

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hrdd.api import boot
from hrdd.settings import Settings
from tests.live_server import ROOT


def _gated_create_app(monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> tuple[threading.Event, threading.Event]:
    """Make the build wait for ``release`` (and fail when asked); returns (entered, release)."""
    import hrdd.api.app

    real = hrdd.api.app.create_app
    entered, release = threading.Event(), threading.Event()

    def gated(settings: Settings | None = None, **kwargs: Any) -> Any:
        entered.set()
        assert release.wait(30)
        if fail:
            raise RuntimeError("templates directory missing")
        return real(settings, **kwargs)

    monkeypatch.setattr(hrdd.api.app, "create_app", gated)
    return entered, release


def test_health_answers_before_the_app_is_built_and_requests_wait_for_it(
        _isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = _gated_create_app(monkeypatch)
    app = boot.BootApp(Settings(home=_isolated_home, screening_warm=False, pdf_warm=False))
    with TestClient(app) as client:
        assert entered.wait(10)
        assert client.get("/health/live").json() == {"ok": True, "status": "live"}
        assert client.get("/healthz").status_code == 200
        starting = client.get("/health/ready")
        assert starting.status_code == 503 and starting.json()["status"] == "starting"
        assert starting.headers["cache-control"] == "no-store"
        answers: list[int] = []
        waiting = threading.Thread(target=lambda: answers.append(client.get("/login").status_code))
        waiting.start()
        waiting.join(0.5)
        assert answers == []  # held until the app exists, not refused
        release.set()
        waiting.join(30)
        assert answers == [200]
        assert app.readiness.wait(30)
        ready = client.get("/health/ready")
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        assert client.get("/api/cases").status_code == 401  # the app's own rules apply from now on


def test_a_failed_build_is_reported_and_requests_get_the_error_shape(
        _isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, release = _gated_create_app(monkeypatch, fail=True)
    release.set()
    app = boot.BootApp(Settings(home=_isolated_home, screening_warm=False, pdf_warm=False))
    with TestClient(app) as client:
        assert app.readiness.wait(30)
        failed = client.get("/health/ready")
        assert failed.status_code == 503
        assert failed.json()["status"] == "failed" and "templates directory missing" in failed.json()["error"]
        assert client.get("/health/live").status_code == 200
        page = client.get("/api/cases")
        assert page.status_code == 503
        body = page.json()
        assert body["ok"] is False and body["status"] == 503
        assert "templates directory missing" in body["errors"][0]["message"]


def test_the_boot_app_imports_no_web_framework_nor_database_library() -> None:
    """What lets ``hrdd serve`` answer its health checks within a fraction of a second."""
    code = ("import sys, hrdd.api.boot; "
            "print(','.join(m for m in ('fastapi', 'starlette', 'sqlalchemy', 'rigour', 'followthemoney') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
