from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.lists import uk_fcdo_xml
from tests.sources.lists.helpers import FIXTURES, parse_files

XML = FIXTURES / "UK_Sanctions_List.xml"


def test_accepts_the_fcdo_xml_only() -> None:
    assert uk_fcdo_xml.accepts([XML])
    assert not uk_fcdo_xml.accepts([FIXTURES / "eu_fsf.xml"])


def test_designations_become_entities() -> None:
    entities, ctx = parse_files(uk_fcdo_xml, "uk-sanctions", [XML])
    assert ctx.as_of == "2026-05-12"
    assert (ctx.seen, ctx.rejected) == (4, 1)
    assert ctx.problems[0].item == "XXX0904"
    person = entities["uk-sanctions-RUS0901"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Ivan Ivanovich EXAMPLEV"]
    assert sorted(person.get("alias")) == ["Ivan EKZAMPLEV", "Иван Иванович ЭКЗАМПЛЕВ"]
    assert person.get("weakAlias") == ["Vanya"]
    assert sorted(person.get("birthDate")) == ["1965-03-12", "1966", "1967-04"]
    assert person.get("nationality") == ["ru"] and person.get("birthCountry") == ["ru"]
    assert person.get("passportNumber") == ["7700112233"]
    assert person.get("idNumber") == ["772012345678"]
    assert person.get("gender") == ["male"]
    assert person.get("position") == ["Example Deputy Minister"]
    assert person.get("address") == ["1 Example Street, Moscow, Russia"]
    assert person.get("program") == ["The Russia (Sanctions) (EU Exit) Regulations 2019"]
    assert person.get("createdAt") == ["2022-03-15"]
    sanction = entities["uk-sanctions-RUS0901-sanction"]
    assert sorted(sanction.get("provisions")) == ["Asset freeze", "Travel Ban"]
    assert sanction.get("authorityId") == ["15001"]
    assert sanction.get("reason") == ["Example statement of reasons."]
    org = entities["uk-sanctions-RUS0902"]
    assert org.get("registrationNumber") == ["1027700000001"]
    assert org.get("alias") == ["AO EXAMPLE DEFENCE"]
    assert sorted(org.get("topics")) == ["gov.soe", "sanction"]
    assert entities["uk-sanctions-RUS0902-sanction"].get("unscId") == ["KPe.901"]
    ship = entities["uk-sanctions-IRN0903"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO9187629"]
    assert ship.get("flag") == ["pa"] and ship.get("pastFlags") == ["lr"]
    assert ship.get("buildDate") == ["1999"]


def test_without_a_generation_date_the_newest_update_is_used(tmp_path: Path) -> None:
    copy = tmp_path / "UK_Sanctions_List.xml"
    copy.write_text(XML.read_text(encoding="utf-8").replace("<DateGenerated>12/05/2026</DateGenerated>", ""),
                    encoding="utf-8")
    _, ctx = parse_files(uk_fcdo_xml, "uk-sanctions", [copy])
    assert ctx.as_of == "2026-04-16"


def test_truncated_file_fails(tmp_path: Path) -> None:
    copy = tmp_path / "UK_Sanctions_List.xml"
    copy.write_bytes(XML.read_bytes()[:3000])
    with pytest.raises(SourceError, match="not well-formed"):
        parse_files(uk_fcdo_xml, "uk-sanctions", [copy])
