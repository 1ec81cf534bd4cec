"""Docs that must stay in step with the code: every setting and every CLI command is documented."""

from pathlib import Path

from click.testing import CliRunner

from hrdd.cli import COMMANDS, cli
from hrdd.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [f"HRDD_{name.upper()}" for name in Settings.model_fields if f"`HRDD_{name.upper()}`" not in page]
    assert not missing, f"document these in docs/settings.md: {missing}"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.output.splitlines()) > 2, name


def test_readme_names_every_command_family() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"hrdd {name}" not in readme]
    assert not missing, f"show these in the README: {missing}"
