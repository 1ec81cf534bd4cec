"""The shipped baseline table: rebuilt from the public data it must equal the shipped file."""

import json
from pathlib import Path

import pytest

from hrdd.countries.baseline import BASELINE_PATH, WINDOW_YEARS, build_baseline, load_baseline, write_baseline
from hrdd.exc import SourceError


def test_shipped_baseline_is_what_the_generator_builds(shared_data: Path) -> None:
    shipped = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
    assert build_baseline(shared_data) == shipped


def test_shipped_baseline_records_licence_attribution_and_versions() -> None:
    raw = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
    assert set(raw["sources"]) == {"vdem", "wgi"}
    assert raw["sources"]["vdem"]["source"]["licence"] == "CC BY-SA 4.0"
    assert raw["sources"]["wgi"]["source"]["licence"] == "CC BY 4.0"
    assert all("Licensed" in text for text in raw["attribution"])
    assert raw["sources"]["vdem"]["meta"]["rows_rejected"] > 0  # historical states, counted in the file
    tables = load_baseline()
    assert tables["vdem"].info.version == "v14" and tables["wgi"].info.version == "2024"
    assert len(tables["vdem"].countries()) >= 170 and len(tables["wgi"].countries()) >= 200


def test_baseline_keeps_latest_and_five_earlier_years() -> None:
    table = load_baseline()["vdem"]
    series = table.series("NO", "vdem.v2x_civlib")
    assert max(series) - min(series) == WINDOW_YEARS - 1
    assert len(series) == WINDOW_YEARS


def test_write_baseline_from_a_small_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "vdem_x").mkdir(parents=True)
    (data / "wgi").mkdir()
    rows = "".join(f"Norway,NOR,1,{y},{0.9 - (2023 - y) * 0.01:.2f}\n" for y in range(2010, 2024))
    (data / "vdem_x" / "vdem_v15.csv").write_text("country_name,country_text_id,country_id,year,v2x_civlib\n"
                                                  + rows, encoding="utf-8")
    (data / "wgi" / "wgi.csv").write_text("code,countryname,year,indicator,estimate\nNOR,Norway,2023,rl,1.9\n",
                                          encoding="utf-8")
    target = tmp_path / "baseline.json"
    table = write_baseline(data, target)
    assert json.loads(target.read_text(encoding="utf-8")) == table
    years = table["sources"]["vdem"]["values"]["NO"]["vdem.v2x_civlib"]
    assert sorted(years) == [str(y) for y in range(2018, 2024)]
    assert table["sources"]["vdem"]["source"]["version"] == "v15"


def test_missing_source_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no vdem file found"):
        build_baseline(tmp_path)
