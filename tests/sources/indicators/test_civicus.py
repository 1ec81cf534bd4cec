"""CIVICUS importer: widget JSON and CSV."""

from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.indicators import civicus


def test_json_and_csv_agree_on_the_real_snapshot(shared_data: Path) -> None:
    folder = shared_data / "civicus_monitor_2021"
    from_json = civicus.read([folder / "civicus_2021-03-19.json"])
    from_csv = civicus.read([folder / "civicus_ratings_2021-03-19.csv"])
    assert {(o.country, o.value) for o in from_json.observations} == {
        (o.country, o.value) for o in from_csv.observations}
    assert from_json.years() == (2021, 2021)
    ratings = {o.country: o.value for o in from_json.observations}
    assert ratings["CN"] == 1.0 and ratings["NO"] == 5.0 and ratings["VC"] == 5.0
    assert from_json.rows_rejected == 1  # Greenland has no rating; reported with its line
    assert from_json.problems[0].line is not None and from_json.problems[0].line > 1


def test_csv_with_date_column_and_rating_names(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text("iso3,rating,date\nFRA,narrowed,2024-12-01\nRUS,closed,2024-12-01\nDEU,great,2024-12-01\n",
                    encoding="utf-8")
    data = civicus.read([path])
    assert {(o.country, o.year, o.value) for o in data.observations} == {("FR", 2024, 4.0), ("RU", 2024, 1.0)}
    assert data.indicators["civicus.rating"].risk(1.0) == 1.0
    assert [p.line for p in data.problems] == [4]


def test_undated_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "civicus.json"
    path.write_text('{"FRA": {"fillKey": "4"}}', encoding="utf-8")
    with pytest.raises(SourceError, match="no rating date"):
        civicus.read([path])
