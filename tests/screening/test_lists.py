from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.screening.lists import discover_lists, iter_proxies, lists_fingerprint, read_manifest
from tests.screening.entities import write_list


def test_discover_reads_manifest(tmp_path: Path) -> None:
    write_list(tmp_path, "ofac-sdn", as_of="2026-10-31")
    (tmp_path / "empty-dir").mkdir()
    snaps = discover_lists(tmp_path)
    assert [s.source for s in snaps] == ["ofac-sdn"]
    info = snaps[0].info
    assert (info.source, info.as_of, info.entries, info.checksum) == ("ofac-sdn", "2026-10-31", 15, "sha256:test")
    assert discover_lists(tmp_path / "missing") == []


def test_missing_manifest_falls_back_to_directory_name(tmp_path: Path) -> None:
    write_list(tmp_path, "un-sc")
    (tmp_path / "un-sc" / "manifest.json").unlink()
    assert read_manifest(tmp_path / "un-sc").source == "un-sc"


def test_bad_manifest_names_the_file(tmp_path: Path) -> None:
    write_list(tmp_path, "eu-fsf")
    (tmp_path / "eu-fsf" / "manifest.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_manifest(tmp_path / "eu-fsf")
    assert err.value.source == "eu-fsf" and err.value.problems[0].file.endswith("manifest.json")


def test_bad_entity_line_names_file_and_line(tmp_path: Path) -> None:
    path = write_list(tmp_path, "uk-sanctions")
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "x", "schema": "NoSuchSchema", "properties": {}}\n')
    with pytest.raises(SourceError) as err:
        list(iter_proxies(path))
    assert err.value.problems[0].line == 16


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    path = write_list(tmp_path, "a")
    before = lists_fingerprint(discover_lists(tmp_path))
    path.write_text(path.read_text(encoding="utf-8").replace("Ocean Dawn", "Ocean Dusk"), encoding="utf-8")
    assert lists_fingerprint(discover_lists(tmp_path)) != before
    assert lists_fingerprint([]) == ""
