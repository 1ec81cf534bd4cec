"""Alert delivery: e-mail to a local SMTP sink, signed webhooks to a local receiver that checks the signature."""

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from hrdd.services import notify
from hrdd.services.alerts import SCREENING_HIT, audience, raise_alert
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store

SECRET = "webhook-secret-for-tests"


class Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd handler hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


class Receiver:
    """Accepts a webhook only with a valid, fresh signature (checked here independently of hrdd)."""

    def __init__(self, fail: int = 0) -> None:
        self.accepted: list[dict[str, Any]] = []
        self.refused = 0
        self.fail = fail  # answer 503 to this many requests first

    def check(self, body: bytes, header: str) -> bool:
        parts = dict(p.split("=", 1) for p in header.split(","))
        stamp = int(parts["t"])
        mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        return abs(time.time() - stamp) < 300 and hmac.compare_digest(mac, parts["v1"])


@contextmanager
def webhook_receiver(receiver: Receiver) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if receiver.fail:
                receiver.fail -= 1
                status = 503
            elif self.check_signature(body):
                receiver.accepted.append(json.loads(body))
                status = 204
            else:
                receiver.refused += 1
                status = 401
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def check_signature(self, body: bytes) -> bool:
            return receiver.check(body, self.headers.get(notify.SIGNATURE_HEADER, ""))

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def store(tmp_path: Path, database_url: str) -> Store:
    return get_store(Settings(home=tmp_path / "home", database_url=database_url))


def _alert(store: Store, n: int) -> int | None:
    with store.transaction() as conn:
        return raise_alert(conn, kind=SCREENING_HIT, case_id=None, subject=f"party-{n}", dedupe_key=f"test:{n}",
                           title=f"Party {n} may match a listed entity", to=audience("analyst"),
                           explanation={"score": 0.91, "threshold": 0.7, "explanation": "name_match 0.91"})


def test_alerts_go_out_by_email_and_signed_webhook_once_each(store: Store, tmp_path: Path,
                                                            database_url: str) -> None:
    receiver = Receiver(fail=1)
    with smtp_sink() as (sink, port), webhook_receiver(receiver) as url:
        settings = Settings(home=tmp_path / "home", database_url=database_url, smtp_host="127.0.0.1",
                            smtp_port=port, smtp_tls="none", smtp_from="hrdd@example.org",
                            alert_email_to="compliance@example.org, dpo@example.org",
                            webhook_url=url, webhook_secret=SECRET)
        first, second = _alert(store, 1), _alert(store, 2)
        # the receiver is down for the first request: e-mail goes out, the webhook stays pending
        with pytest.raises(notify.DeliveryError, match="HTTP 503"):
            notify.deliver_pending(store, settings)
        assert len(sink.messages) == 2 and receiver.accepted == []
        assert notify.deliver_pending(store, settings) == {"email": 0, "webhook": 2}
        assert notify.deliver_pending(store, settings) == {"email": 0, "webhook": 0}
    assert [m["X-Hrdd-Alert"] for m in sink.messages] == [str(first), str(second)]
    mail = sink.messages[0]
    assert mail["To"] == "compliance@example.org, dpo@example.org" and mail["From"] == "hrdd@example.org"
    assert "Party 1 may match" in mail["Subject"] and "Score: 0.91" in mail.get_payload()
    assert [a["alert"]["id"] for a in receiver.accepted] == [first, second] and receiver.refused == 0
    assert receiver.accepted[0]["alert"]["explanation"]["score"] == 0.91


def test_a_tampered_or_stale_signature_does_not_verify() -> None:
    body = b'{"alert": {"id": 1}}'
    now = int(time.time())
    header = notify.sign(SECRET, body, now)
    assert notify.verify_signature(SECRET, body, header)
    assert not notify.verify_signature(SECRET, body + b" ", header)
    assert not notify.verify_signature("another secret", body, header)
    assert not notify.verify_signature(SECRET, body, notify.sign(SECRET, body, now - 3600))  # replayed later
    assert not notify.verify_signature(SECRET, body, "t=abc,v1=00")


def test_an_unsigned_webhook_is_refused_by_configuration(store: Store, tmp_path: Path, database_url: str) -> None:
    settings = Settings(home=tmp_path / "home", database_url=database_url, webhook_url="http://127.0.0.1:9/x")
    _alert(store, 1)
    from hrdd.exc import ConfigError

    with pytest.raises(ConfigError, match="webhook_secret"):
        notify.deliver_pending(store, settings)
