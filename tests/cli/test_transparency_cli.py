"""``hrdd transparency --period P --format F [-o FILE]`` on the configured database."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdd.cli import cli
from tests.transparency import fixture


@pytest.fixture
def filled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    from hrdd.services.store import forget_stores, get_store
    from hrdd.settings import get_settings

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("HRDD_DATABASE_URL", url)
    get_settings.cache_clear()
    forget_stores()
    fixture.build(get_store())
    return url


def test_markdown_to_stdout_and_json_to_a_file(filled: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["transparency", "--period", "2025"])
    assert result.exit_code == 0, result.output
    assert "# Transparency report 2025" in result.output and "\\<5" in result.output
    out = tmp_path / "t.json"
    result = CliRunner().invoke(cli, ["transparency", "--period", "2025", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert '"schema": "hrdd.transparency/1"' in out.read_text(encoding="utf-8")


def test_bad_period_is_bad_input(filled: str) -> None:
    result = CliRunner().invoke(cli, ["transparency", "--period", "2025-Q5"])
    assert result.exit_code == 2
    assert "period" in result.output


def test_propose_publish_and_list(filled: str) -> None:
    from hrdd.services.store import get_store
    from hrdd.services.users import add_user

    store = get_store()
    add_user(store, "ana", "a long password 0123", "analyst")
    add_user(store, "vera", "a long password 0123", "approver")
    runner = CliRunner()
    result = runner.invoke(cli, ["transparency", "propose", "--period", "2025", "--user", "ana"])
    assert result.exit_code == 0, result.output
    report_id = result.output.split()[2]
    result = runner.invoke(cli, ["transparency", "publish", report_id, "--user", "ana"])
    assert result.exit_code == 1 and "may not" in result.output  # an analyst does not publish
    result = runner.invoke(cli, ["transparency", "publish", report_id, "--user", "vera"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["transparency", "list"])
    assert "2025\tpublished\tproposed by ana, published by vera" in result.output


def test_a_period_not_over_is_drawn_with_a_note(filled: str) -> None:
    result = CliRunner().invoke(cli, ["transparency", "--period", "9998", "--format", "json"])
    assert result.exit_code == 0
    assert "provisional" in result.stderr and '"id": "9998"' in result.stdout
