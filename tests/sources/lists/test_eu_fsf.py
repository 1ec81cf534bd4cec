from pathlib import Path

import pytest

from hrdd.sources.lists import eu_fsf
from tests.sources.lists.helpers import FIXTURES, parse_files

EU = FIXTURES / "eu_fsf.xml"


def test_sanction_entities() -> None:
    assert eu_fsf.accepts([EU]) and not eu_fsf.accepts([FIXTURES / "un_consolidated.xml"])
    entities, ctx = parse_files(eu_fsf, "eu-fsf", [EU])
    assert ctx.as_of == "2025-03-04"
    assert (ctx.seen, ctx.rejected) == (3, 1)
    person = entities["eu-fsf-5295"]
    assert person.get("name") == ["Abid Examplou"]
    assert person.get("alias") == ["Abou Example"]
    assert person.get("weakAlias") == ["The Example"]
    assert person.get("program") == ["TAQA"]
    assert person.get("programId") == ["EU.1234.56"]
    assert person.get("nationality") == ["dz"]
    assert sorted(person.get("birthDate")) == ["1958", "1965-12-12"]
    assert person.get("passportNumber") == ["488555"]
    assert person.get("gender") == ["male"]
    assert person.get("position") == ["Example leader"]
    assert person.get("address") == ["1 Rue Exemple, Algiers, 16000, ALGERIA"]
    assert "Mother's name is Example." in person.get("notes")
    sanction = entities["eu-fsf-5295-sanction"]
    assert sanction.get("unscId") == ["QDi.901"] and sanction.get("provisions") == ["2019/555 (OJ L97)"]
    org = entities["eu-fsf-7001"]
    assert org.schema.name == "Organization"
    assert org.get("registrationNumber") == ["1027700000001"]


@pytest.mark.shared_data
def test_real_eu_excerpt(shared_data: Path) -> None:
    entities, ctx = parse_files(eu_fsf, "eu-fsf", [shared_data / "sanctions_format_samples/sample_eu.xml"])
    assert ctx.as_of == "2020-04-15" and ctx.seen == 7 and ctx.rejected == 0
    # the excerpt gives logicalId 5468 to two sanctionEntity elements: reported, then merged
    assert [p.item for p in ctx.problems if p.message.startswith("duplicate entry id")] == ["5468"]
    hammadou = entities["eu-fsf-5295"]
    assert hammadou.get("name") == ["Abid Hammadou"]
    assert "Abdelhamid Abou Zeid" in hammadou.get("alias")
    assert hammadou.get("program") == ["TAQA"]
