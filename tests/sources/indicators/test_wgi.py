"""World Bank WGI importer."""

from pathlib import Path

from hrdd.sources.indicators import wgi


def test_reads_the_real_2024_release(shared_data: Path) -> None:
    data = wgi.read([shared_data / "wgi" / "wgidataset_1996-2023.csv"])
    assert data.source.version == "2024"
    assert data.years() == (1996, 2023)
    assert data.rows_read == 32100
    codes = data.countries()
    # World Bank codes that are not ISO are mapped
    assert {"CD", "RO", "TL", "AD", "XK", "PS"} <= codes
    assert {p.found for p in data.problems} == {"'ANT'"}
    denmark = {o.key: o.value for o in data.observations if o.country == "DK" and o.year == 2023}
    assert set(denmark) == set(wgi.INDICATORS)
    assert denmark["wgi.rl"] > 1.5


def test_missing_estimates_are_not_values_and_bad_ones_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "wgi.csv"
    path.write_text(
        "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,pctranklower,pctrankupper\n"
        "FRAva2023,FRA,France,2023,va,1.1,0.1,10,90,85,95\n"
        "FRArl2023,FRA,France,2023,rl,..,..,..,..,..,..\n"
        "FRAcc2023,FRA,France,2023,cc,high,0.1,10,90,85,95\n"
        "ZARva2023,ZAR,\"Congo, Dem. Rep.\",2023,va,-1.4,0.1,10,9,5,12\n"
        "FRAxx2023,FRA,France,2023,xx,1,0.1,10,90,85,95\n",
        encoding="utf-8")
    data = wgi.read([path])
    assert {(o.country, o.key): o.value for o in data.observations} == {
        ("FR", "wgi.va"): 1.1, ("CD", "wgi.va"): -1.4}
    assert sorted((p.line, p.field) for p in data.problems) == [(4, "estimate"), (6, "indicator")]
    assert data.rows_rejected == 2


def test_reads_the_official_workbook_layout_with_a_title_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Worldwide Governance Indicators, 2024 update"])
    sheet.append(["code", "countryname", "year", "indicator", "estimate"])
    sheet.append(["NOR", "Norway", 2023, "rl", 1.9])
    sheet.append(["NOR", "Norway", 2023, "va", "x"])
    path = tmp_path / "wgidataset.xlsx"
    book.save(path)
    data = wgi.read([path])
    assert [(o.country, o.year, o.key, o.value) for o in data.observations] == [("NO", 2023, "wgi.rl", 1.9)]
    assert [(p.line, p.field) for p in data.problems] == [(4, "estimate")]
