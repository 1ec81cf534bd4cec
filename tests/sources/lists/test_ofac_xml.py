from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.lists import ofac_xml
from tests.sources.lists.helpers import FIXTURES, parse_files

XML = FIXTURES / "ofac" / "sdn.xml"


def test_accepts_only_the_sdn_xml_schema() -> None:
    assert ofac_xml.accepts([XML])
    assert not ofac_xml.accepts([FIXTURES / "un_consolidated.xml"])
    assert not ofac_xml.accepts([FIXTURES / "ofac" / "sdn.csv"])


def test_entries_names_ids_and_publish_date() -> None:
    entities, ctx = parse_files(ofac_xml, "ofac-sdn", [XML])
    assert ctx.as_of == "2025-03-14"
    assert (ctx.seen, ctx.rejected) == (3, 1)
    assert ctx.problems[0].item == "sdnEntry[3]"
    person = entities["ofac-sdn-10689"]
    assert person.get("name") == ["Anna TESTOVA"]
    assert person.get("alias") == ["Anya TESTOVA"]
    assert person.get("weakAlias") == ["THE TESTER"]
    assert person.get("previousName") == ["Anna PRIMEROVA"]
    assert sorted(person.get("program")) == ["IRAN-EO13876", "SDGT"]
    assert person.get("passportNumber") == ["A5250088"]
    assert person.get("idNumber") == ["23250460642"]
    assert person.get("birthDate") == ["1950-06-05"]
    assert person.get("nationality") == ["pk"]
    assert person.get("address") == ["House No. 1, Lahore, Pakistan"]
    org = entities["ofac-sdn-20001"]
    assert org.schema.name == "Organization"
    assert sorted(org.get("topics")) == ["fin", "sanction"]
    assert org.get("leiCode") == ["253400WSS48YWMBUA688"]
    assert entities["ofac-sdn-20001-sanction"].get("recordId") == ["20001"]


def test_truncated_xml_fails_with_the_file_named(tmp_path: Path) -> None:
    broken = tmp_path / "sdn.xml"
    broken.write_bytes(XML.read_bytes()[:1500])
    with pytest.raises(SourceError, match=r"sdn\.xml is not well-formed XML"):
        parse_files(ofac_xml, "ofac-sdn", [broken])


@pytest.mark.shared_data
def test_real_ofac_xml_sample(shared_data: Path) -> None:
    entities, ctx = parse_files(ofac_xml, "ofac-sdn", [shared_data / "sanctions_format_samples/sample_ofac_consolidated.xml"])
    assert ctx.as_of == "2020-04-22" and ctx.seen == 8 and ctx.rejected == 0
    saeed = entities["ofac-sdn-10689"]
    assert saeed.get("name") == ["Muhammad SAEED"]
    assert "Hafiz Muhammad SAEED" in saeed.get("alias")
    assert sorted(saeed.get("weakAlias")) == ["HAFIZ SAHIB", "TATA JI"]
    assert saeed.get("program") == ["SDGT"]
