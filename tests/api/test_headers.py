"""Security headers on every response, API and web; HSTS and Secure cookies only on TLS."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

TEMPLATES = Path(__file__).resolve().parents[2] / "hrdd" / "web" / "templates"


def _policy(header: str) -> dict[str, str]:
    return {d.split()[0]: d.partition(" ")[2] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.parametrize("path", ["/login", "/api/cases", "/static/hrdd.css", "/healthz", "/openapi.json",
                                  "/no-such-page"])
def test_every_response_carries_the_security_headers(app, path: str) -> None:  # type: ignore[no-untyped-def]
    response = TestClient(app).get(path)
    assert response.status_code in (200, 401, 404)
    policy = _policy(response.headers["content-security-policy"])
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in response.headers


def test_hsts_and_secure_cookie_when_tls_is_on(settings) -> None:  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app

    client = TestClient(create_app(settings.model_copy(update={"tls": True})), base_url="https://testserver")
    response = client.get("/login")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_session_cookie_is_httponly_and_samesite(app) -> None:  # type: ignore[no-untyped-def]
    cookie = TestClient(app).get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_templates_have_no_inline_script_or_style() -> None:
    """The policy allows neither, so a page that used them would break silently in browsers."""
    offenders = [f"{path.name}: {m.group(0)}" for path in TEMPLATES.glob("*.html")
                 for m in re.finditer(r"<script|<style|\sstyle=|\son[a-z]+=", path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_api_reference_runs_only_its_own_scripts(app) -> None:  # type: ignore[no-untyped-def]
    response = TestClient(app).get("/docs")
    policy = _policy(response.headers["content-security-policy"])
    assert response.status_code == 200 and policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
