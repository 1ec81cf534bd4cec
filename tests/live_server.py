"""A real ``hrdd serve`` on 127.0.0.1 for tests that need concurrency across a running server.

``running_server(database_url, home, **env)`` starts ``python -m hrdd serve`` in a subprocess on a
free port (this checkout's code), waits until ``/login`` answers, yields a :class:`LiveServer`
and stops the process. Settings go in as ``HRDD_*`` environment variables.
"""

import os
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

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60.0


@dataclass
class LiveServer:
    url: str
    home: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


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
    raise RuntimeError(f"hrdd serve did not answer within {STARTUP_SECONDS:.0f} s:\n{server.log_tail()}")


@contextmanager
def running_server(database_url: str, home: Path, **settings: str) -> Iterator[LiveServer]:
    """``hrdd serve`` on a free loopback port over ``database_url``; ``settings`` are HRDD_* values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
    env.update({"HRDD_HOME": str(home), "HRDD_DATABASE_URL": database_url, "HRDD_SCREENING_WARM": "false",
                "PYTHONPATH": str(ROOT)})
    env.update({f"HRDD_{name.upper()}": value for name, value in settings.items()})
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "hrdd", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(url=f"http://127.0.0.1:{port}", home=home, log=log, process=process)
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
