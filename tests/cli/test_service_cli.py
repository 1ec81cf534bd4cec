"""``hrdd user`` and ``hrdd audit``: accounts and the tamper check, on the embedded database."""

import sqlalchemy as sa
from click.testing import CliRunner

from hrdd.cli import cli

PASSWORD = "correct horse battery staple"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_user_add_list_disable() -> None:
    assert run("user", "add", "ana", "--role", "analyst", "--password", PASSWORD) == (
        0, "user ana added with role analyst\n")
    code, out = run("user", "add", "bob", "--role", "approver", "--password", "short")
    assert code == 2 and "password too short" in out and "at least 12 characters" in out
    code, out = run("user", "add", "ana", "--role", "analyst", "--password", PASSWORD)
    assert code == 1 and "already exists" in out
    assert run("user", "disable", "ana")[0] == 0
    assert run("user", "list") == (0, "ana\tanalyst\tdisabled\n")


def test_audit_verify_says_where_the_chain_breaks() -> None:
    run("user", "add", "ana", "--role", "analyst", "--password", PASSWORD)
    run("user", "add", "bob", "--role", "approver", "--password", PASSWORD)
    code, out = run("audit", "verify")
    assert code == 0 and out.startswith("audit trail intact: 2 entries")
    code, head = run("audit", "head")
    assert code == 0 and head.startswith("2:")
    from hrdd.services.store import get_store

    engine = get_store().engine
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
        conn.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
    code, out = run("audit", "verify", "--anchor", head.strip())
    assert code == 1 and "entry 1: content was changed after it was written" in out
