"""``hrdd user key …`` and ``hrdd user password``: API keys and password resets from the command line."""

from click.testing import CliRunner
from fastapi.testclient import TestClient

from hrdd.cli import cli

PASSWORD = "correct horse battery staple"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_key_create_list_revoke() -> None:
    from hrdd.api.app import create_app
    from hrdd.settings import get_settings

    run("user", "add", "erp-bot", "--role", "analyst", "--password", PASSWORD)
    result = CliRunner().invoke(cli, ["user", "key", "create", "erp-bot", "--scope", "screen", "--name", "ERP"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    prefix = key.split("_")[1]
    assert key.startswith(f"hrdd_{prefix}_") and len(key) > 50
    code, listed = run("user", "key", "list", "erp-bot")
    assert code == 0 and listed.startswith(f"{prefix}\tscreen\tERP\t") and key not in listed
    client = TestClient(create_app(get_settings().model_copy(update={"screening_warm": False})),
                        headers={"Authorization": f"ApiKey {key}"})
    assert client.get("/api/me").json()["scopes"] == ["screen"]
    assert run("user", "key", "revoke", "erp-bot", prefix) == (0, f"API key {prefix} of erp-bot revoked\n")
    assert client.get("/api/me").status_code == 401
    code, out = run("user", "key", "revoke", "erp-bot", prefix)
    assert code == 1 and "no open API key" in out


def test_a_key_scope_the_role_cannot_use_is_refused() -> None:
    run("user", "add", "olu", "--role", "auditor", "--password", PASSWORD)
    code, out = run("user", "key", "create", "olu", "--scope", "screen")
    assert code == 2 and "the auditor role can do nothing the 'screen' scope covers" in out


def test_password_reset_ends_sessions_and_applies_the_policy() -> None:
    from hrdd.api.app import create_app
    from hrdd.settings import get_settings

    run("user", "add", "ana", "--role", "analyst", "--password", PASSWORD)
    client = TestClient(create_app(get_settings().model_copy(update={"screening_warm": False, "cookie_secure": False})))
    assert client.post("/api/login", json={"username": "ana", "password": PASSWORD}).status_code == 200
    code, out = run("user", "password", "ana", "--password", "password123456")
    assert code == 2 and "most common passwords" in out
    assert run("user", "password", "ana", "--password", "a brand new passphrase 42") == (
        0, "password of ana set; 1 session(s) ended\n")
    assert client.get("/api/cases").status_code == 401
