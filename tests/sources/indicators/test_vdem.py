"""V-Dem importer on the real v14 lite file and on a written fixture."""

from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.indicators import vdem


def test_reads_the_real_lite_file(shared_data: Path) -> None:
    data = vdem.read([shared_data / "vdem_v14_lite" / "vdemlite_v14_1970-2023.csv"])
    assert data.source.version == "v14"
    assert data.years() == (1970, 2023)
    assert len(data.countries()) >= 170
    assert data.rows_read == 9170
    # historical and sub-national entities are reported, not dropped silently
    assert data.rows_rejected == len({p.line for p in data.problems if p.line})
    assert {p.found for p in data.problems} >= {"'DDR'", "'ZZB'", "'SML'"}
    norway = {o.key: o.value for o in data.observations if o.country == "NO" and o.year == 2023}
    assert 0.8 < norway["vdem.v2x_civlib"] <= 1.0
    assert "vdem.v2mecenefi" in norway
    assert "vdem.v2smgovfilprc" not in data.indicators  # the lite file has no Digital Society variables


def test_reads_digital_society_variables_from_a_full_style_file(tmp_path: Path) -> None:
    path = tmp_path / "V-Dem-CY-Full+Others-v15.csv"
    path.write_text(
        "country_name,country_text_id,country_id,year,v2x_civlib,v2smgovfilprc,v2smgovshut\n"
        "Ruritania,FRA,1,2024,0.5,-1.5,NA\n"
        "Ruritania,FRA,1,2023,0.6,,0.5\n"
        "East Germany,DDR,2,1980,0.1,,\n"
        "Nowhere,FRA,1,20x4,0.1,,\n",
        encoding="utf-8")
    data = vdem.read([path])
    assert data.source.version == "v15"
    values = {(o.year, o.key): o.value for o in data.observations}
    assert values == {(2024, "vdem.v2x_civlib"): 0.5, (2024, "vdem.v2smgovfilprc"): -1.5,
                      (2023, "vdem.v2x_civlib"): 0.6, (2023, "vdem.v2smgovshut"): 0.5}
    assert data.rows_rejected == 2
    assert sorted(p.line or 0 for p in data.problems) == [4, 5]
    assert data.indicators["vdem.v2smgovfilprc"].risk(-1.5) == 0.75


def test_refuses_a_file_without_the_id_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not in the expected vdem format"):
        vdem.read([path])
