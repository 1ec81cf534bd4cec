"""Citizen Lab Netsweeper importer."""

from pathlib import Path

from hrdd.sources.indicators import netsweeper


def test_counts_installations_without_double_counting_the_subset(shared_data: Path) -> None:
    folder = shared_data / "citizenlab_planet_netsweeper"
    full = netsweeper.read([folder / "installations_found_ALL.csv"])
    both = netsweeper.read([folder / "installations_found_ALL.csv", folder / "installations_found_SUBSET.csv"])
    assert {(o.country, o.value) for o in full.observations} == {(o.country, o.value) for o in both.observations}
    counts = {o.country: o.value for o in full.observations}
    assert sum(counts.values()) == 379
    assert {"AE", "BH", "PK", "YE"} <= set(counts)
    assert not full.source.open_licence


def test_bad_dates_and_codes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "inst.csv"
    path.write_text("country,as_name,ip,last_seen\nAE,X,1.1.1.1,2018-01-02\nAE,X,1.1.1.2,soon\n"
                    "ZZ,X,1.1.1.3,2018-01-02\nAE,X,1.1.1.4,2017-05-02\n", encoding="utf-8")
    data = netsweeper.read([path])
    assert [(o.country, o.year, o.value) for o in data.observations] == [("AE", 2018, 2.0)]
    assert sorted(p.line or 0 for p in data.problems) == [3, 4]
