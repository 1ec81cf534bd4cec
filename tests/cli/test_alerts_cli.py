"""``hrdd lists import`` re-screens monitored cases in-process on SQLite; ``hrdd alerts`` lists and acknowledges."""

import json
from pathlib import Path

from click.testing import CliRunner

from hrdd.cli import cli
from hrdd.services.lists import import_list
from hrdd.services.store import get_store
from hrdd.settings import get_settings
from hrdd.store.users import insert_user
from tests.services.rescreen_fixtures import END_USER, RESPELLED, UNRELATED, add_case, write_version


def test_import_then_alerts_list_and_ack_on_sqlite(tmp_path: Path) -> None:
    runner = CliRunner()
    v1 = write_version(tmp_path / "v1.ftm.json", UNRELATED)
    assert runner.invoke(cli, ["lists", "import", "opensanctions", str(v1)]).exit_code == 0
    store = get_store(get_settings())
    case_id = add_case(store)
    with store.transaction() as conn:
        insert_user(conn, "ana", "x", "analyst")
    v2 = write_version(tmp_path / "v2.ftm.json", [*UNRELATED, RESPELLED])
    imported = runner.invoke(cli, ["lists", "import", "opensanctions", str(v2)])
    assert imported.exit_code == 0, imported.output
    assert "version 2: 1 added, 0 changed, 0 removed" in imported.output
    listed = runner.invoke(cli, ["alerts", "list", "--case", case_id, "--format", "json"])
    data = json.loads(listed.output)
    (alert,) = data["alerts"]
    assert alert["kind"] == "screening.hit" and alert["explanation"]["party"]["name"] == END_USER
    text = runner.invoke(cli, ["alerts", "list"]).output
    assert f"#{alert['id']}" in text and "open" in text
    acked = runner.invoke(cli, ["alerts", "ack", str(alert["id"]), "--user", "ana"])
    assert acked.exit_code == 0 and "acknowledged by ana" in acked.output
    again = runner.invoke(cli, ["alerts", "ack", str(alert["id"]), "--user", "ana"])
    assert again.exit_code == 1 and "already acknowledged by ana" in again.output


def test_worker_burst_runs_pending_work_in_process(tmp_path: Path) -> None:
    settings = get_settings()
    import_list("opensanctions", [write_version(tmp_path / "v1.ftm.json", UNRELATED)], settings)
    store = get_store(settings)
    case_id = add_case(store)
    import_list("opensanctions", [write_version(tmp_path / "v2.ftm.json", [*UNRELATED, RESPELLED])], settings)
    runner = CliRunner()
    before = json.loads(runner.invoke(cli, ["alerts", "list", "--format", "json"]).output)
    assert before["total"] == 0  # imported through the service: nothing ran yet
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    after = json.loads(runner.invoke(cli, ["alerts", "list", "--case", case_id, "--format", "json"]).output)
    assert [a["explanation"]["entry"]["id"] for a in after["alerts"]] == ["opensanctions-os-3"]
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["alerts", "list", "--format", "json"]).output)["total"] == 1
