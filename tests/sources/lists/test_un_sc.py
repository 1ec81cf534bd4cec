from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.lists import un_sc
from tests.sources.lists.helpers import FIXTURES, parse_files

UN = FIXTURES / "un_consolidated.xml"


def test_individual_and_entity() -> None:
    entities, ctx = parse_files(un_sc, "un-sc", [UN])
    assert ctx.as_of == "2025-01-31"
    assert (ctx.seen, ctx.rejected) == (3, 1)
    assert ctx.problems[0].item == "INDIVIDUAL[2]"
    ali = entities["un-sc-6900001"]
    assert ali.schema.name == "Person"
    assert sorted(ali.get("name")) == ["ALI TESTER EXAMPLI", "علي"]
    assert ali.get("alias") == ["ALI TESTAR"]
    assert ali.get("weakAlias") == ["THE EXAMPLE"]
    assert ali.get("program") == ["DRC"]
    assert ali.get("programId") == ["CDi.901"]
    assert ali.get("createdAt") == ["2012-12-31"]
    assert sorted(ali.get("birthDate")) == ["1971-05-02", "1973", "1974"]
    assert ali.get("birthCountry") == ["rw"]
    assert ali.get("nationality") == ["cd"]
    assert ali.get("passportNumber") == ["OB0243318"]
    assert ali.get("idNumber") == ["1-78-09-44621-80"]
    assert ali.get("position") == ["Example Commander"]
    sanction = entities["un-sc-6900001-sanction"]
    assert sanction.get("unscId") == ["CDi.901"] and sanction.get("recordId") == ["6900001"]
    edf = entities["un-sc-6908402"]
    assert edf.schema.name == "Organization"
    assert edf.get("alias") == ["EDF"] and edf.get("previousName") == ["EDF/NALU"]
    assert edf.get("address") == ["North Kivu, Democratic Republic of the Congo"]


def test_unclosed_document_fails(tmp_path: Path) -> None:
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(UN.read_bytes()[:-40])
    with pytest.raises(SourceError, match="not well-formed"):
        parse_files(un_sc, "un-sc", [broken])


@pytest.mark.shared_data
def test_real_un_list_2026(shared_data: Path) -> None:
    entities, ctx = parse_files(un_sc, "un-sc", [shared_data / "un_sc_consolidated_list/consolidated_2026-02-27.xml"])
    kinds = [e.schema.name for e in entities.values() if e.schema.name != "Sanction"]
    assert (kinds.count("Person"), kinds.count("Organization"), ctx.rejected) == (730, 273, 0)
    assert ctx.as_of == "2026-02-27"
    badege = entities["un-sc-6907993"]
    assert badege.get("name") == ["ERIC BADEGE"]
    assert badege.get("programId") == ["CDi.001"]
    assert badege.get("birthDate") == ["1971"]
    kakolele = entities["un-sc-6907994"]
    assert sorted(kakolele.get("alias")) == ["AIGLE BLANC", "FRANK KAKORERE", "FRANK KAKORERE BWAMBALE"]
