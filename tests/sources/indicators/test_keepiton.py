"""#KeepItOn importer: the note line, counts per country, bad rows."""

from pathlib import Path

from hrdd.sources.indicators import keepiton


def test_counts_real_2020_events(shared_data: Path) -> None:
    data = keepiton.read([shared_data / "keepiton_stop_2020" / "KeepItOn-STOP-Data-2020.csv"])
    assert data.years() == (2020, 2020)
    counts = {o.country: o.value for o in data.observations if o.key == "keepiton.shutdowns"}
    assert counts["IN"] >= 100 and counts["YE"] == 6 and counts["ET"] == 4
    assert sum(counts.values()) + data.rows_rejected == data.rows_read == 155
    assert "TZ" in counts  # "Tanzania, United Republic of"


def test_fixture_with_note_line_and_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "stop.csv"
    path.write_text(
        '"A note about counting",,,\n'
        "ID,start_date,end_date ,country ,full or service-based\n"
        "1,1/5/2023,1/6/2023,Iran,Full network\n"
        "2,2/5/2023,2/6/2023,Iran,Service-based\n"
        "3,5/2022,1/6/2023,Iran,Full network\n"
        "4,3/3/2023,3/4/2023,Atlantis,Full network\n",
        encoding="utf-8")
    data = keepiton.read([path])
    values = {(o.country, o.key): o.value for o in data.observations}
    assert values == {("IR", "keepiton.shutdowns"): 2.0, ("IR", "keepiton.full_network"): 1.0}
    assert sorted(p.line or 0 for p in data.problems) == [5, 6]
