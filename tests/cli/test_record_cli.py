"""``hrdd audit anchor`` / ``verify --anchor`` and ``hrdd case diff`` on both databases:
truncation, tail deletion (rollback) and a rewritten tail are found against a signed anchor;
a forged anchor is refused; the anchor can be sent to a URL."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from hrdd.cli import cli
from hrdd.store import Store, audit
from tests.store.test_audit import unprotect

KEY = "anchor-test-key-0123456789abcdefghijklmnop"


@pytest.fixture
def db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The CLI's configured database is the test database; the anchor key is set."""
    from hrdd.services.store import forget_stores, get_store
    from hrdd.settings import get_settings

    monkeypatch.setenv("HRDD_DATABASE_URL", database_url)
    monkeypatch.setenv("HRDD_AUDIT_ANCHOR_KEY", KEY)
    get_settings.cache_clear()
    forget_stores()
    yield get_store()
    forget_stores()
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _write(store: Store, n: int, tag: str = "t") -> None:
    for i in range(n):
        with store.transaction() as conn:
            audit.append(conn, actor="ana", action="case.update", entity="case", entity_id="CASE-1",
                         after={"title": f"{tag}{i}"})


def _unprotect(store: Store) -> None:
    with store.transaction() as conn:
        unprotect(conn)


def _anchor(tmp_path: Path) -> Path:
    out = tmp_path / "anchor.json"
    code, printed = run("audit", "anchor", "--out", str(out))
    assert code == 0, printed
    assert json.loads(printed) == json.loads(out.read_text(encoding="utf-8"))
    return out


def test_tail_deletion_and_a_rewritten_tail_are_found(db: Store, tmp_path: Path) -> None:
    _write(db, 5)
    anchor = _anchor(tmp_path)
    assert json.loads(anchor.read_text())["count"] == 5
    assert run("audit", "verify", "--anchor", str(anchor))[0] == 0
    _unprotect(db)
    with db.transaction() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq > 3"))
    code, out = run("audit", "verify")
    assert code == 0  # the chain alone cannot see a cut at the end
    code, out = run("audit", "verify", "--anchor", str(anchor))
    assert code == 1 and "holds 3 entries, fewer than the 5" in out
    _write(db, 2, tag="rewritten")  # the log grows back to 5 entries, with different ones
    code, out = run("audit", "verify", "--anchor", str(anchor))
    assert code == 1 and "entry 5: differs from the recorded anchor" in out and "fewer" not in out


def test_truncation_is_refused_on_postgres_and_found_against_an_anchor(db: Store, tmp_path: Path) -> None:
    _write(db, 4)
    anchor = _anchor(tmp_path)
    if db.dialect == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.transaction() as conn:
            conn.execute(sa.text("TRUNCATE audit_log"))
        with db.transaction() as conn:
            assert audit.count(conn) == 4
    _unprotect(db)
    with db.transaction() as conn:
        conn.execute(sa.text("TRUNCATE audit_log" if db.dialect == "postgresql" else "DELETE FROM audit_log"))
    assert run("audit", "verify") == (0, "audit trail intact: 0 entries, head 0:" + "0" * 64 + "\n")
    code, out = run("audit", "verify", "--anchor", str(anchor))
    assert code == 1 and "holds 0 entries, fewer than the 4" in out


def test_a_forged_anchor_is_refused(db: Store, tmp_path: Path) -> None:
    _write(db, 5)
    anchor = _anchor(tmp_path)
    _unprotect(db)
    with db.transaction() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq > 3"))
        seq, digest = audit.head(conn)
    # the attacker rewrites the anchor to match the cut log, without the key
    forged = json.loads(anchor.read_text())
    forged.update(count=3, head_seq=seq, head_hash=digest)
    anchor.write_text(json.dumps(forged))
    code, out = run("audit", "verify", "--anchor", str(anchor))
    assert code == 1 and "signature does not match" in out
    anchor.write_text('{"schema": "hrdd.audit-anchor/1", "count": "5"}')
    code, out = run("audit", "verify", "--anchor", str(anchor))
    assert code == 2 and "count" in out and "head_hash" in out


def test_anchor_needs_a_key(db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd.settings import get_settings

    monkeypatch.setenv("HRDD_AUDIT_ANCHOR_KEY", "short")
    get_settings.cache_clear()
    code, out = run("audit", "anchor")
    assert code == 1 and "HRDD_AUDIT_ANCHOR_KEY" in out and "at least 32 characters" in out


def test_anchor_is_sent_to_a_url(db: Store) -> None:
    received: list[Any] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the http.server API
            length = int(self.headers["Content-Length"])
            received.append((self.headers["Content-Type"], json.loads(self.rfile.read(length))))
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _write(db, 2)
        code, out = run("audit", "anchor", "--url", f"http://127.0.0.1:{server.server_port}/anchors")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, out
    ((content_type, body),) = received
    assert content_type == "application/json" and body == json.loads(out) and body["count"] == 2
    from hrdd.services.anchors import parse_anchor, verify_with_anchor
    from hrdd.settings import get_settings

    assert verify_with_anchor(db, get_settings(), parse_anchor(json.dumps(body))) == []


def test_case_diff_shows_fields_and_text(db: Store) -> None:
    from hrdd.services.cases import create_case, update_case
    from hrdd.services.permissions import Actor, Role
    from hrdd.services.revisions import revision_tag

    text = (Path(__file__).resolve().parents[2] / "examples" / "01-city-police-video-analytics-br.yaml").read_text()
    ana = Actor("ana", Role.ANALYST)
    row = create_case(db, ana, text)
    update_case(db, ana, row.id, text.replace("scale: city", "scale: national"), tag=revision_tag(row),
                reason="whole state")
    code, out = run("case", "diff", row.id, "1", "2")
    assert code == 0, out
    assert "fields changed: end_use" in out and "-  scale: city\n+  scale: national\n" in out
    assert "revision 2 (ana: whole state)" in out
    code, out = run("case", "revisions", row.id)
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == ["1", "2"]
    assert run("case", "diff", row.id, "1", "7")[0] == 1
