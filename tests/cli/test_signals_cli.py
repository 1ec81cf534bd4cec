"""``hrdd signals add|list`` and ``hrdd reassess`` on SQLite (in-process)."""

import json

from click.testing import CliRunner

from hrdd.cli import cli
from hrdd.services.store import get_store
from hrdd.settings import get_settings
from hrdd.store.users import insert_user
from tests.services.signal_fixtures import approved_case


def test_add_list_and_reassess() -> None:
    settings = get_settings()
    store = get_store(settings)
    case_id = approved_case(store, settings)
    with store.transaction() as conn:
        insert_user(conn, "ana", "x", "analyst")
    runner = CliRunner()
    added = runner.invoke(cli, ["signals", "add", case_id, "--kind", "third_party_transfer", "--user", "ana",
                                "--description", "The system was lent to the military police.",
                                "--source", "site visit of 2026-12-03"])
    assert added.exit_code == 0, added.output
    assert "severity high" in added.output and "proposed: Suspend" in added.output
    listed = json.loads(runner.invoke(cli, ["signals", "list", case_id, "--format", "json"]).output)
    (signal,) = listed["signals"]
    assert signal["flags"] == ["diversion_history", "intermediary_opaque"]
    # the signal was re-assessed right away: nothing is due, and --case finds the same inputs done
    assert runner.invoke(cli, ["reassess"]).output.strip() == "nothing to re-assess"
    again = json.loads(runner.invoke(cli, ["reassess", "--case", case_id, "--format", "json"]).output)
    (row,) = again["reassessments"]
    assert row["new"] is False and row["case_id"] == case_id
    refused = runner.invoke(cli, ["signals", "add", case_id, "--kind", "nope", "--user", "ana",
                                  "--description", "Something happened here.", "--source", "x-source"])
    assert refused.exit_code != 0 and "kind" in refused.output
