"""Fariss human rights protection scores (OWID CSV)."""

from pathlib import Path

from hrdd.sources.indicators import hrps


def test_reads_real_owid_file(shared_data: Path) -> None:
    data = hrps.read([shared_data / "human_rights_protection_scores" / "human_rights_protection_owid_1946-2019.csv"])
    assert data.years() == (1946, 2019)
    assert len(data.countries()) >= 190
    latest = {o.country: o.value for o in data.observations if o.year == 2019}
    assert latest["NO"] > latest["KP"]
    assert "'German Democratic Republic'" in {p.found for p in data.problems}


def test_reads_grapher_layout_by_code(tmp_path: Path) -> None:
    path = tmp_path / "grapher.csv"
    path.write_text("Entity,Code,Year,Human rights protection\nFrance,FRA,2019,3.1\nUSSR,,1980,-1\n",
                    encoding="utf-8")
    data = hrps.read([path])
    assert [(o.country, o.value) for o in data.observations] == [("FR", 3.1)]
    assert data.rows_rejected == 1
