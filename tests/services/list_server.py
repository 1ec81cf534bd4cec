"""A loopback HTTP server that serves list files, for update tests (no network here).

It answers conditional requests like a publisher's server: each file has an ETag (its SHA-256)
and a Last-Modified date; ``If-None-Match`` with the current ETag gets 304 Not Modified.
"""

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ListFiles:
    """Files by name; ``short`` names are sent with a Content-Length larger than the body,
    ``unsized`` names without a Content-Length (the body ends when the connection closes)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.short: set[str] = set()
        self.unsized: set[str] = set()
        self.requests: list[str] = []
        self.conditional: list[str] = []  # names asked for with If-None-Match or If-Modified-Since
        self.not_modified: list[str] = []  # names answered 304


@contextmanager
def serve(files: ListFiles) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            name = self.path.lstrip("/")
            files.requests.append(name)
            body = files.files.get(name)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                files.conditional.append(name)
            if self.headers.get("If-None-Match") == etag:
                files.not_modified.append(name)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            if name not in files.unsized:
                length = len(body) + (1000 if name in files.short else 0)
                self.send_header("Content-Length", str(length))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Fri, 31 Jan 2025 08:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)
            if name in files.short:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
