"""Request bodies are limited before they are read, and refused requests never read them.

The live tests run ``hrdd serve`` as a subprocess and measure its resident memory
(``VmRSS`` in /proc/<pid>/status) before and after a hostile request. Before the body
limit and the permission-before-body change, a 60 MB JSON body cost +322 MB and a 200 MB
upload +470 MB. The bounds are generous: they tell "never read" from "read", they are not
a timing benchmark.
"""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.browser.conftest import LiveServer, serve
from tests.browser.pages import PASSWORD

SHAPE = {"ok", "error", "errors", "status"}
MB = 1024 * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(tmp_path_factory.mktemp("limits-home"), screening_warm="false") as server:
        yield server


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


PART_HEAD = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
             b"Content-Type: text/plain\r\n\r\n")


def _send(server: LiveServer, head: str, body_size: int, chunked: bool = False) -> tuple[int, float]:
    """Send the head, then stream ``body_size`` bytes from another thread; the status and the
    seconds until it arrived. The server may answer (and close) long before the body is sent."""
    port = int(server.url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    started = time.monotonic()
    sock.sendall(head.encode("latin-1"))

    def stream() -> None:
        chunk = b"x" * MB
        try:
            if "multipart" in head:  # a well-formed start, so that only the size is wrong
                sock.sendall(b"%x\r\n%s\r\n" % (len(PART_HEAD), PART_HEAD) if chunked else PART_HEAD)
            for _ in range(body_size // MB):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server refused and closed: that is the point

    sender = threading.Thread(target=stream, daemon=True)
    sender.start()
    status_line = b""
    while b"\r\n" not in status_line:
        data = sock.recv(4096)
        if not data:
            break
        status_line += data
    elapsed = time.monotonic() - started
    sock.close()
    sender.join(timeout=30)
    return int(status_line.split()[1]), elapsed


def _login(server: LiveServer, username: str) -> tuple[str, str]:
    """A session cookie and CSRF token from the live server."""
    import httpx

    response = httpx.post(f"{server.url}/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return f"hrdd_session={response.cookies['hrdd_session']}", str(response.json()["csrf_token"])


def _head(path: str, content_type: str, *, length: int | None, cookie: str = "", csrf: str = "") -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}"]
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    if cookie:
        lines += [f"Cookie: {cookie}", f"X-CSRF-Token: {csrf}"]
    return "\r\n".join(lines) + "\r\n\r\n"


@pytest.mark.slow
@pytest.mark.parametrize(("path", "content_type", "size"), [
    ("/api/cases", "application/json", 60 * MB),
    ("/api/cases/CASE-2026-0001/evidence", "multipart/form-data; boundary=x", 200 * MB),
])
def test_unauthenticated_huge_body_is_refused_without_being_read(served: LiveServer, path: str, content_type: str,
                                                                 size: int) -> None:
    before = _rss(served.process.pid)
    status, seconds = _send(served, _head(path, content_type, length=size), size)
    growth = _rss(served.process.pid) - before
    assert status == 401
    assert seconds < 1.0, f"refused after {seconds:.2f} s"
    assert growth < 50 * MB, f"RSS grew by {growth / MB:.0f} MB"


@pytest.mark.slow
@pytest.mark.parametrize(("username", "chunked", "expected"), [
    ("auditor", False, 403),  # the role check comes before the body
    ("analyst", False, 413),  # declared too large: refused by Content-Length
    ("analyst", True, 413),  # chunked, no Content-Length: counted while it streams
])
def test_logged_in_huge_body_is_refused_before_it_is_read(served: LiveServer, username: str, chunked: bool,
                                                          expected: int) -> None:
    cookie, csrf = _login(served, username)
    for path, content_type, size in [("/api/cases", "application/json", 60 * MB),
                                     ("/api/cases/CASE-2026-0001/evidence", "multipart/form-data; boundary=x", 200 * MB)]:
        before = _rss(served.process.pid)
        head = _head(path, content_type, length=None if chunked else size, cookie=cookie, csrf=csrf)
        status, seconds = _send(served, head, size, chunked=chunked)
        growth = _rss(served.process.pid) - before
        assert status == expected, path
        assert seconds < 1.0, f"{path}: refused after {seconds:.2f} s"
        assert growth < 50 * MB, f"{path}: RSS grew by {growth / MB:.0f} MB"


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    body = response.json()
    assert response.status_code == status and set(body) == SHAPE, response.text
    return body  # type: ignore[no-any-return]


def test_json_body_over_the_limit_is_413_with_a_problem_detail(analyst) -> None:  # type: ignore[no-untyped-def]
    body = _problem(analyst.post("/api/cases", json={"case_text": "x" * (2 * MB)}), 413)
    (problem,) = body["errors"]
    assert problem["field"] == "body" and "1048576 bytes" in problem["expected"]


def test_chunked_body_is_counted(analyst) -> None:  # type: ignore[no-untyped-def]
    def chunks() -> Iterator[bytes]:
        yield b'{"case_text": "'
        for _ in range(3):
            yield b"y" * (512 * 1024)
        yield b'"}'

    response = analyst.post("/api/cases", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    _problem(response, 413)


def test_limits_come_from_settings(settings, case_text: str) -> None:  # type: ignore[no-untyped-def]
    from hrdd.api.app import create_app

    small = create_app(settings.model_copy(update={"body_max_bytes": 4096, "upload_max_bytes": 8192}))
    client = TestClient(small)
    assert client.post("/api/login", json={"username": "u", "password": "p" * 5000}).status_code == 413
    # an upload may be larger than a JSON body, but not larger than its own limit
    upload = client.post("/api/cases/CASE-2026-0001/evidence", files={"file": ("a.txt", b"z" * 6000, "text/plain")})
    assert upload.status_code == 401  # not refused for size: it gets as far as the login check
    too_big = client.post("/api/cases/CASE-2026-0001/evidence", files={"file": ("a.txt", b"z" * 9000, "text/plain")})
    assert too_big.status_code == 401  # the login check still comes first: the body is never read


def test_web_form_over_the_limit_gets_the_error_page(login, app) -> None:  # type: ignore[no-untyped-def]
    analyst = login("analyst")
    response = analyst.post("/cases/new", data={"csrf_token": analyst.csrf, "case_text": "z" * (2 * MB)})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html") and "Too large" in response.text


def test_wrong_role_never_gets_to_the_body(login) -> None:  # type: ignore[no-untyped-def]
    """The role check answers even when the body is not JSON at all: it was never parsed."""
    auditor = login("auditor")
    response = auditor.post("/api/cases", content=b"\xff not json", headers={"Content-Type": "application/json"})
    assert _problem(response, 403)["error"] == "the auditor role may not create or change cases"
    analyst = login("analyst")
    assert _problem(analyst.post("/api/cases", content=b"\xff not json",
                                 headers={"Content-Type": "application/json"}), 422)["errors"][0]["field"] == "body"
