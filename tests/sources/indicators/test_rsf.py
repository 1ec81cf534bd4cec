"""RSF importer: semicolon file with decimal commas and BOM; methods never mixed."""

from pathlib import Path

from hrdd.sources.indicators import rsf


def test_reads_real_files(shared_data: Path) -> None:
    folder = shared_data / "rsf_press_freedom"
    data = rsf.read([folder / "RSF_WorldPressFreedomIndex_2014-2021.csv",
                     folder / "press_freedom_rsf_owid_2013-2021.csv"])
    assert data.years() == (2013, 2021)
    assert set(data.indicators) == {"rsf.score_pre2022"}
    norway = [o for o in data.observations if o.country == "NO" and o.year == 2021]
    assert len(norway) == 1 and abs(norway[0].value - 6.72) < 1e-9
    assert "XK" in data.countries()


def test_decimal_comma_bom_and_method_change(tmp_path: Path) -> None:
    path = tmp_path / "rsf.csv"
    path.write_bytes("\ufeffYear;ISO;Country;Rank;Score;Situation\r\n2021;FRA;France;34;22,6;Satisfactory\r\n"
                     "2022;FRA;France;26;78,53;Satisfactory\r\n2021;QQQ;Nowhere;1;1;Good\r\n".encode())
    data = rsf.read([path])
    values = {(o.year, o.key): o.value for o in data.observations}
    assert values == {(2021, "rsf.score_pre2022"): 22.6, (2022, "rsf.score"): 78.53}
    assert (data.indicators["rsf.score"].risk(78.53) or 1.0) < 0.25
    assert (data.indicators["rsf.score_pre2022"].risk(22.6) or 1.0) < 0.25
    assert [p.line for p in data.problems] == [4]
