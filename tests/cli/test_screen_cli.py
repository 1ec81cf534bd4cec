import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdd.cli import cli
from hrdd.screening.matcher import DefaultMatcher
from tests.screening.entities import write_list


@pytest.fixture
def runner(_isolated_home: Path) -> CliRunner:
    write_list(_isolated_home / "lists")
    return CliRunner()


def test_screen_prints_hits_with_explanation(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "Romashka Systems", "--country", "ru"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert "test-list:2" in first and first.startswith("1. ")
    assert "why: name_match" in result.output
    assert "topics: sanction" in result.output


def test_screen_json_and_threshold(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "IRGC", "--schema", "Organization", "--format", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["entry_id"] == "4" and hits[0]["score"] >= 0.7
    strict = runner.invoke(cli, ["screen", "Romashka Sistems Group", "--threshold", "0.99", "--format", "json"])
    assert json.loads(strict.output) == []


def test_clean_name_reports_no_hits(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "Harbour Bakery Cooperative"])
    assert result.exit_code == 0
    assert "no hits" in result.output


def test_batch_csv_to_csv_and_json(runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "parties.csv"
    batch.write_text("name,country,schema\nRomashka Systems,ru,Company\nQuiet Bakery Ltd,de,\n"
                     "Ivan Sidorenko,ru,Person\n", encoding="utf-8")
    out_csv = tmp_path / "hits.csv"
    result = runner.invoke(cli, ["screen", "--batch", str(batch), "-o", str(out_csv)])
    assert result.exit_code == 0, result.output
    with out_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["row"], r["entry_id"]) for r in rows} >= {("2", "2"), ("4", "3")}
    assert not [r for r in rows if r["row"] == "3"]
    out_json = tmp_path / "hits.json"
    result = runner.invoke(cli, ["screen", "--batch", str(batch), "-o", str(out_json)])
    assert result.exit_code == 0
    assert json.loads(out_json.read_text(encoding="utf-8"))[0]["source"] == "test-list"


def test_batch_without_name_column_exits_2_naming_the_file(runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "bad.csv"
    batch.write_text("company,country\nX,de\n", encoding="utf-8")
    result = runner.invoke(cli, ["screen", "--batch", str(batch)])
    assert result.exit_code == 2
    assert "bad.csv" in result.output and "name" in result.output


def test_screen_judge_then_screen_shows_judgement(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen-judge", "Romashka Systems", "test-list-2", "no_match",
                                 "--reason", "other company, different OGRN"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["screen", "Romashka Systems"])
    assert "[no_match]" in result.output and "different OGRN" in result.output


def test_screen_without_lists_fails_instead_of_passing(_isolated_home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["screen", "Anything"])
    assert result.exit_code == 1
    assert "no lists are loaded, so nothing was screened" in result.output and "no hits" not in result.output
    batch = tmp_path / "parties.csv"
    batch.write_text("name,country\nAnything Ltd,de\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["screen", "--batch", str(batch)])
    assert result.exit_code == 1 and "nothing was screened" in result.output


def test_commands_have_help() -> None:
    for command in ("screen", "screen-judge"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100


def test_batch_to_stdout_is_clean_csv(runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "parties.csv"
    batch.write_text("name\nRomashka Systems\n", encoding="utf-8")
    result = runner.invoke(cli, ["screen", "--batch", str(batch)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and rows[0]["entry_id"] == "2"
    assert "screened 1 names" in result.stderr


def test_lists_shows_manifest_and_index(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "--lists"])
    assert result.exit_code == 0, result.output
    assert "test-list" in result.output and "as of 2026-11-01" in result.output
    assert "index: 10 entries" in result.output and DefaultMatcher.algorithm() in result.output


def test_batch_with_two_workers_keeps_row_order(runner: CliRunner, tmp_path: Path) -> None:
    names = ["Romashka Systems", "Quiet Bakery Ltd", "Ivan Sidorenko", "IRGC"] * 30
    batch = tmp_path / "many.csv"
    batch.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    out = tmp_path / "hits.json"
    result = runner.invoke(cli, ["screen", "--batch", str(batch), "--workers", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    first = {r["row"]: r["entry_id"] for r in rows}
    assert first[2] == "2" and first[4] == "3" and first[5] == "4"
    assert first[2 + 4 * 29] == "2"  # the last repetition, screened by another worker
    assert 3 not in first


def test_subsidiary_of_a_listed_parent_is_a_related_hint_not_a_hit(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "Romashka Systems India Private Limited", "--country", "in"])
    assert result.exit_code == 0, result.output
    assert "no hits" in result.output
    assert "related (not a hit): test-list:2" in result.output and "brand 'romashka'" in result.output
