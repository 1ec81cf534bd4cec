"""The schema table on disk answers as followthemoney's ``can_match`` does, for every pair of
schemata, and is ignored when it was written by another followthemoney or is broken."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from followthemoney import model

from hrdd.screening import schemata
from hrdd.screening.compare import schema_mismatch
from hrdd.screening.record import query_record


@pytest.fixture(autouse=True)
def _reset() -> Iterator[None]:
    yield
    schemata.use_table(None)


def _model_answer(a: str, b: str) -> bool:
    qs, es = model.get(a), model.get(b)
    return qs is None or es is None or qs.can_match(es) or es.can_match(qs)


def test_every_pair_of_schemata_gets_followthemoneys_answer(tmp_path: Path) -> None:
    path = schemata.ensure_table(tmp_path)
    assert path is not None
    schemata.use_table(path)
    names = [*model.schemata, "NoSuchSchema"]
    differ = [(a, b) for a in names for b in names if schemata.compatible(a, b) != _model_answer(a, b)]
    assert not differ, differ[:5]
    assert not schemata.compatible("Person", "Company") and not schemata.compatible("Vessel", "Organization")
    assert schemata.compatible("LegalEntity", "Company") and schemata.compatible("Person", "LegalEntity")


def test_schema_mismatch_reads_the_table(tmp_path: Path) -> None:
    path = schemata.ensure_table(tmp_path)
    assert path is not None
    data = json.loads(path.read_text(encoding="utf-8"))
    data["matchable"]["Person"] = [*data["matchable"]["Person"], "Company"]  # a table that says otherwise
    path.write_text(json.dumps(data), encoding="utf-8")
    person, company = query_record(["A B"], schema="Person"), query_record(["A B"], schema="Company")
    schemata.use_table(path)
    assert schema_mismatch(person, company, {}).score == 0.0
    schemata.use_table(None)
    assert schema_mismatch(person, company, {}).score == 1.0


@pytest.mark.parametrize("damage", ["other release", "garbage", "empty"])
def test_a_foreign_or_broken_table_is_rewritten_and_ignored_until_then(tmp_path: Path, damage: str) -> None:
    path = schemata.ensure_table(tmp_path)
    assert path is not None
    if damage == "other release":
        data = json.loads(path.read_text(encoding="utf-8"))
        data["meta"]["followthemoney"] = "0.0.1"
        data["matchable"]["Person"] = ["Company"]
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text("" if damage == "empty" else "{not json", encoding="utf-8")
    assert schemata.read_table(path) is None
    schemata.use_table(path)
    assert not schemata.compatible("Person", "Company")  # followthemoney answered
    assert schemata.ensure_table(tmp_path) == path
    assert schemata.read_table(path) is not None


def test_unwritable_cache_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    assert schemata.ensure_table(blocker / "cache") is None
    schemata.use_table(None)
    assert schemata.compatible("Person", "LegalEntity")


def test_screening_a_name_does_not_import_followthemoney(_isolated_home: Path) -> None:
    """A new process that screens a name against built lists reads only the index and the
    tables in the cache: followthemoney (0.6 s of CPU) is not loaded."""
    from tests.screening.entities import write_list

    write_list(_isolated_home / "lists")
    code = ("import sys; from hrdd.services.screening import open_screener, screen_record; "
            "s = open_screener(); print(len(screen_record(s, 'Romashka Systems', threshold=0.3)) > 0, "
            "'followthemoney' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert first.stdout.split()[0] == "True"  # the first process builds the index (and reads FtM)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert again.stdout.split() == ["True", "False"]
