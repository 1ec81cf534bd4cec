"""Freedom House FIW importer: all-data sheet and historical ratings."""

from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.indicators import freedom_house


def test_reads_both_real_files(shared_data: Path) -> None:
    folder = shared_data / "freedom_house_fiw"
    data = freedom_house.read([folder / "fiw_ratings_statuses_1973-2024_long.csv",
                               folder / "fiw_all_data_2013-2024.csv"])
    assert data.source.version == "2024"
    assert not data.source.open_licence
    first, last = data.years() or (0, 0)
    assert first <= 1973 and last == 2023  # stored against the year under review
    china = {o.key: o.value for o in data.observations if o.country == "CN" and o.year == 2023}
    assert china["fh.status"] == 2.0 and china["fh.total"] < 15
    assert {"fh.d", "fh.e", "fh.f", "fh.g", "fh.pr_rating"} <= set(china)
    assert data.observations and all(o.country != "GB" or o.year != 2000 or o.value < 3
                                     for o in data.observations if o.key == "fh.pr_rating")
    # disputed territories and the 1973 South Africa split rating are reported
    found = {p.found for p in data.problems}
    assert "'Crimea'" in found and "'2(5)'" in found
    # the 1980s survey periods read as the year they ended
    assert any(o.year == 1984 for o in data.observations if o.key == "fh.pr_rating")


def test_names_the_expected_layouts_for_a_wrong_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Country,Score\nFrance,90\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        freedom_house.read([path])
    assert "Country/Territory" in str(err.value)
