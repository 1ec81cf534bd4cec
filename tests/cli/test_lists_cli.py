import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdd.cli import cli
from tests.services.list_server import ListFiles, serve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
UN = FIXTURES / "un_consolidated.xml"


def _model_importable() -> bool:
    try:
        import hrdd.model  # noqa: F401
    except TypeError:
        return False
    return True


def test_import_prints_counts_and_problems(_isolated_home: Path) -> None:
    result = CliRunner().invoke(cli, ["lists", "import", "un-sc", str(UN)])
    assert result.exit_code == 0, result.output
    assert "un-sc: 2 entries (4 entities) as of 2025-01-31 [publisher], 1 rejected of 3 records" in result.output
    manifest = json.loads((_isolated_home / "lists" / "un-sc" / "manifest.json").read_text())
    assert manifest["entries"] == 2


def test_import_of_the_wrong_files_exits_2(_isolated_home: Path) -> None:
    result = CliRunner().invoke(cli, ["lists", "import", "un-sc", str(FIXTURES / "dpl.txt")])
    assert result.exit_code == 2
    assert "no importer recognises these files" in result.output


def test_import_with_publisher_date(_isolated_home: Path) -> None:
    files = [str(FIXTURES / "ofac" / n) for n in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")]
    result = CliRunner().invoke(cli, ["lists", "import", "ofac-sdn", *files, "--as-of", "2024-07-02"])
    assert result.exit_code == 0, result.output
    assert "as of 2024-07-02 [publisher]" in result.output
    bad = CliRunner().invoke(cli, ["lists", "import", "ofac-sdn", *files, "--as-of", "02/07/2024"])
    assert bad.exit_code == 2 and "expected YYYY-MM-DD, found 02/07/2024" in bad.output


@pytest.mark.skipif(not _model_importable(), reason="hrdd.model does not import on this branch (model/case.py)")
def test_status_table(_isolated_home: Path) -> None:
    runner = CliRunner()
    assert "no lists loaded" in runner.invoke(cli, ["lists", "status"]).output
    runner.invoke(cli, ["lists", "import", "un-sc", str(UN)])
    result = runner.invoke(cli, ["lists", "status"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "un-sc" in line)
    assert "2025-01-31" in row and " 2 " in row and " 1 " in row


def test_update_failure_keeps_previous_data_and_exits_2(_isolated_home: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["lists", "import", "un-sc", str(UN)])
    before = (_isolated_home / "lists" / "un-sc" / "entities.ftm.jsonl").read_bytes()
    files = ListFiles()
    files.files = {"consolidated.xml": UN.read_bytes()[:1200]}
    with serve(files) as url:
        result = runner.invoke(cli, ["lists", "update", "un-sc", "--no-progress", "--mirror", url])
    assert result.exit_code == 2
    assert "not well-formed" in result.output
    assert (_isolated_home / "lists" / "un-sc" / "entities.ftm.jsonl").read_bytes() == before


@pytest.mark.shared_data
def test_update_from_a_mirror_of_the_real_un_list(shared_data: Path, _isolated_home: Path) -> None:
    files = ListFiles()
    files.files = {"consolidated.xml": (shared_data / "un_sc_consolidated_list/consolidated_2026-02-27.xml").read_bytes()}
    with serve(files) as url:
        result = CliRunner().invoke(cli, ["lists", "update", "un-sc", "--no-progress", "--mirror", url])
    assert result.exit_code == 0, result.output
    assert "un-sc: 1003 entries" in result.output and "as of 2026-02-27" in result.output
