"""A loopback HTTP server that serves list files, for update tests (no network here)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ListFiles:
    """Files by name; ``short`` names are sent with a Content-Length larger than the body."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.short: set[str] = set()
        self.requests: list[str] = []


@contextmanager
def serve(files: ListFiles) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.lstrip("/")
            files.requests.append(name)
            body = files.files.get(name)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            length = len(body) + (1000 if name in files.short else 0)
            self.send_header("Content-Length", str(length))
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
