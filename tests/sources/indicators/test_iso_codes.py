"""The ISO table generator, against the real file and a broken fixture."""

import json
from pathlib import Path

import pytest

from hrdd.countries.iso import ISO_TABLE
from hrdd.exc import SourceError
from hrdd.sources.indicators.iso_codes import build_iso_table, find_iso_file


def test_shipped_iso_table_is_what_the_generator_builds(shared_data: Path) -> None:
    built = build_iso_table(find_iso_file(shared_data))
    shipped = json.loads(ISO_TABLE.read_text(encoding="utf-8"))
    assert built == shipped
    assert shipped["source"]["licence"] == "ODC-PDDL-1.0"
    assert shipped["input"]["rows"] == 249


def test_build_iso_table_reports_bad_rows_with_line(tmp_path: Path) -> None:
    path = tmp_path / "country-codes.csv"
    header = "ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,ISO3166-1-numeric,official_name_en,UNTERM English Short," \
             "UNTERM English Formal,CLDR display name\n"
    path.write_text(header + "FR,FRA,250,France,France,the French Republic,France\n"
                    + "X1,,999,Nowhere,,,\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build_iso_table(path)
    problem = err.value.problems[0]
    assert problem.line == 3 and problem.file == str(path)


def test_build_iso_table_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "country-codes.csv"
    path.write_text("code,name\nFR,France\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build_iso_table(path)
    assert "ISO3166-1-Alpha-2" in str(err.value)
