"""``hrdd grievances``: the queue and one grievance as an officer; keys made and rotated."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet

from hrdd.cli import cli
from hrdd.services import grievances as intake
from hrdd.services.store import get_store
from hrdd.settings import get_settings
from hrdd.store.users import insert_user


def test_list_show_and_rotate(monkeypatch: pytest.MonkeyPatch) -> None:
    old_key = Fernet.generate_key().decode()
    monkeypatch.setenv("HRDD_GRIEVANCE_KEYS", old_key)
    get_settings.cache_clear()
    store = get_store(get_settings())
    with store.transaction() as conn:
        insert_user(conn, "gina", "x", "grievance_officer")
        insert_user(conn, "ana", "x", "analyst")
    late = intake.submit(store, get_settings(), intake.NewGrievance(
        about="country", category="assembly", description="Protesters were identified.", country="BR",
        contact="reporter@example.org"), "198.51.100.7", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=9))
    runner = CliRunner()
    listed = runner.invoke(cli, ["grievances", "list", "--user", "gina", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    (item,) = json.loads(listed.output)["grievances"]
    assert item["id"] == late.grievance_id and item["overdue"] == "acknowledgement"
    assert "Protesters" not in listed.output and "reporter@" not in listed.output  # the list shows no content
    assert "OVERDUE (acknowledgement)" in runner.invoke(cli, ["grievances", "list", "--user", "gina"]).output
    shown = runner.invoke(cli, ["grievances", "show", str(late.grievance_id), "--user", "gina"])
    assert shown.exit_code == 0 and "Protesters were identified." in shown.output
    assert "contact: reporter@example.org" in shown.output
    refused = runner.invoke(cli, ["grievances", "show", str(late.grievance_id), "--user", "ana"])
    assert refused.exit_code == 1 and "may not read grievances" in refused.output
    new_key = runner.invoke(cli, ["grievances", "key"]).output.strip()
    Fernet(new_key.encode())  # a valid key
    monkeypatch.setenv("HRDD_GRIEVANCE_KEYS", f"{new_key},{old_key}")
    get_settings.cache_clear()
    rotated = runner.invoke(cli, ["grievances", "rotate", "--user", "gina"])
    assert rotated.exit_code == 0 and "1 contact(s) re-encrypted" in rotated.output
    monkeypatch.setenv("HRDD_GRIEVANCE_KEYS", new_key)
    get_settings.cache_clear()
    again = runner.invoke(cli, ["grievances", "show", str(late.grievance_id), "--user", "gina", "--format", "json"])
    assert json.loads(again.output)["contact"] == "reporter@example.org"


def test_an_invalid_key_stops_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRDD_GRIEVANCE_KEYS", "not-a-key")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["grievances", "list", "--user", "gina"])
    assert result.exit_code != 0 and "not a Fernet key" in str(result.exception) + result.output


def test_an_invalid_key_stops_every_command_with_the_variable_named_and_no_secret_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRDD_GRIEVANCE_KEYS", "not-a-key-but-maybe-a-secret")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["grievances", "list", "--user", "gina"])
    assert result.exit_code == 1
    assert "HRDD_GRIEVANCE_KEYS: key 1 is not a Fernet key" in result.output
    assert "Traceback" not in result.output and "not-a-key-but-maybe-a-secret" not in result.output
