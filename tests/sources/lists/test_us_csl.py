from pathlib import Path

import pytest

from hrdd.sources.lists import us_csl
from tests.sources.lists.helpers import FIXTURES, parse_files

CSV = FIXTURES / "csl" / "consolidated.csv"
JSON = FIXTURES / "csl" / "consolidated.json"


def test_accepts_csv_and_json_downloads() -> None:
    assert us_csl.accepts([CSV]) and us_csl.accepts([JSON])
    assert not us_csl.accepts([FIXTURES / "conlist.csv"])


def test_csv_rows_keep_sub_list_topics_and_ids() -> None:
    entities, ctx = parse_files(us_csl, "us-csl", [CSV])
    assert (ctx.seen, ctx.rejected) == (5, 1)
    assert ctx.warnings["repeated header row skipped"] == 1
    truncated = [p for p in ctx.problems if p.item == "11476"]
    assert [(p.line, p.found) for p in truncated] == [(7, "8 fields")]
    el = entities["us-csl-e1a2"]
    assert el.schema.name == "LegalEntity"
    assert el.get("topics") == ["export.control"]
    assert el.get("program") == ["Entity List (EL) - Bureau of Industry and Security"]
    assert sorted(el.get("alias")) == ["EV Tech", "Example Vision"]
    assert el.get("country") == ["cn"]
    assert el.get("createdAt") == ["2019-10-09"]
    sanction = entities["us-csl-e1a2-sanction"]
    assert sanction.get("programId") == ["EL"]
    assert sanction.get("authorityId") == ["84 FR 54002"]
    assert sanction.get("provisions") == ["Presumption of denial."]
    cmic = entities["us-csl-30882"]
    assert sorted(cmic.get("topics")) == ["gov.soe", "sanction"]
    assert cmic.get("registrationNumber") == ["9111000071093019X7"]
    assert cmic.get("isinCode") == ["US1694261033"]
    person = entities["us-csl-52291"]
    assert person.schema.name == "Person"
    assert sorted(person.get("program")) == [
        "IFSR", "NPWMD", "Specially Designated Nationals (SDN) - Treasury Department"]
    assert sorted(person.get("birthDate")) == ["1978-12-05", "1979"]
    assert person.get("passportNumber") == ["836238033"]
    assert person.get("gender") == ["male"]
    assert sorted(person.get("country")) == ["cn", "kp"]
    assert person.referents == {"ofac-sdn-52291"} and cmic.referents == {"ofac-cons-30882"}
    assert el.referents == set()
    assert sorted(entities["us-csl-d9"].get("topics")) == ["debarment", "export.control"]
    assert ctx.as_of == "2019-10-09"  # the CSV has no publication date: newest listing date


def test_json_results_and_sources_used_date() -> None:
    entities, ctx = parse_files(us_csl, "us-csl", [JSON])
    assert ctx.as_of == "2025-06-20"
    assert (ctx.seen, ctx.rejected) == (4, 1)
    assert ctx.problems[0].item == "results[3]"
    el = entities["us-csl-e1a2"]
    assert el.get("address") == ["1 Example Road, Hangzhou, Zhejiang, 310051, CN"]
    assert el.get("country") == ["cn"]
    assert entities["us-csl-m7"].get("registrationNumber") == ["1234567"]
    vessel = entities["us-csl-v3"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO9187629"]
    assert vessel.get("flag") == ["pa"]
    assert vessel.get("topics") == ["sanction"]


@pytest.mark.shared_data
@pytest.mark.slow
def test_real_csl_2023_snapshot(shared_data: Path) -> None:
    entities, ctx = parse_files(us_csl, "us-csl", [shared_data / "us_consolidated_screening_list/csl_2023-11.csv"])
    parties = [e for e in entities.values() if e.schema.name != "Sanction"]
    # 4,227 rows: the repeated header is skipped and the cut-off last row rejected; 7 _ids repeat
    assert (ctx.seen, ctx.rejected, len(parties)) == (4227, 1, 4219)
    # e.g. ent_num 17014 is on both the NS-MBS and the SSI list: one entity, both sub-lists
    assert ctx.warnings["duplicate entry id; the records are merged"] == 7
    agri = entities["us-csl-17014"]
    assert {p for p in agri.get("program") if "Treasury" in p} == {
        "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
        "Sectoral Sanctions Identifications List (SSI) - Treasury Department"}
    assert ctx.problems and any(p.item == "11476" and p.line == 4233 for p in ctx.problems)
    hikvision = entities["us-csl-30946"]  # on the CMIC list (Treasury) in this snapshot
    assert hikvision.get("name") == ["Hangzhou Hikvision Digital Technology Co., Ltd."]
    assert "sanction" in hikvision.get("topics")
    assert "CMIC-EO13959" in hikvision.get("program")
    casc = entities["us-csl-5fe80d5c6a5cbba1082e18adeef87f1135482f525aee0cfa52ff8dea"]
    assert casc.get("name") == ["China Aerospace Science and Technology Corporation (CASC)"]
    assert casc.get("topics") == ["export.control"]
    assert casc.get("createdAt") == ["2001-05-14"]
    assert casc.get("country") == ["cn"]
    sub_lists = {p for e in parties for p in e.get("program") if " - " in p}
    assert "Military End User (MEU) List - Bureau of Industry and Security" in sub_lists
    assert ctx.as_of == "2023-11-16"


@pytest.mark.shared_data
def test_real_csl_2025_layout_sample(shared_data: Path) -> None:
    entities, ctx = parse_files(us_csl, "us-csl",
                                [shared_data / "us_consolidated_screening_list/consolidated_format_sample_2025.csv"])
    parties = [e for e in entities.values() if e.schema.name != "Sanction"]
    assert (ctx.seen, ctx.rejected, len(parties)) == (13, 0, 13)
    sme = entities["us-csl-18283"]
    assert sme.get("name") == ["SME BANK"]
    assert "JSC SME BANK" in sme.get("alias")
    assert sme.get("swiftBic") == ["RUDVRUMM"]


def test_json_is_streamed_in_chunks_and_a_truncated_document_fails(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd.exc import SourceError
    from hrdd.sources.lists.base import JsonArrayStream

    monkeypatch.setattr(JsonArrayStream, "CHUNK", 7)  # items and members straddle chunk borders
    entities, ctx = parse_files(us_csl, "us-csl", [JSON])
    assert ctx.as_of == "2025-06-20" and {"us-csl-e1a2", "us-csl-m7", "us-csl-v3"} <= set(entities)
    truncated = tmp_path / "consolidated.json"
    truncated.write_bytes(JSON.read_bytes()[:-200])
    with pytest.raises(SourceError, match="not a complete CSL JSON document"):
        parse_files(us_csl, "us-csl", [truncated])


def test_json_bare_array_of_results(tmp_path: Path) -> None:
    import json

    bare = tmp_path / "consolidated.json"
    bare.write_text(json.dumps(json.loads(JSON.read_text())["results"][:2]))
    entities, ctx = parse_files(us_csl, "us-csl", [bare])
    assert (ctx.seen, ctx.rejected, ctx.as_of) == (2, 0, None)
    assert entities["us-csl-m7"].get("name") == ["Example Aero Institute"]
