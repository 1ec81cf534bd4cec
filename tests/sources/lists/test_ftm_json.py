from pathlib import Path

import pytest

from hrdd.sources.lists import ftm_json
from tests.sources.lists.helpers import FIXTURES, parse_files

FTM = FIXTURES / "entities.ftm.json"


def test_entities_are_prefixed_and_references_follow() -> None:
    assert ftm_json.accepts([FTM]) and not ftm_json.accepts([FIXTURES / "dpl.txt"])
    entities, ctx = parse_files(ftm_json, "opensanctions", [FTM])
    assert (ctx.seen, ctx.rejected) == (6, 2)
    assert sorted((p.line, p.message) for p in ctx.problems) == [
        (5, "unknown FtM schema"), (6, "line is not valid JSON (Expecting value)")]
    person = entities["opensanctions-NK-person1"]
    assert person.referents == {"NK-person1"}
    assert person.datasets == {"opensanctions", "us_ofac_sdn", "eu_fsf"}
    assert person.get("alias") == ["Александр Экзамплов"]
    ownership = entities["opensanctions-NK-own1"]
    assert ownership.get("owner") == ["opensanctions-NK-person1"]
    assert ownership.get("asset") == ["opensanctions-NK-company1"]
    assert entities["opensanctions-NK-sanc1"].get("entity") == ["opensanctions-NK-company1"]
    assert ctx.as_of == "2025-03-30"


@pytest.mark.shared_data
def test_real_opensanctions_cluster(shared_data: Path) -> None:
    entities, ctx = parse_files(ftm_json, "opensanctions",
                                [shared_data / "opensanctions_ftm_samples/zala_aero_cluster.ftm.jsonl"])
    assert (len(entities), ctx.rejected) == (91, 0)
    schemata = [e.schema.name for e in entities.values()]
    assert (schemata.count("Sanction"), schemata.count("Company"), schemata.count("Person")) == (41, 11, 6)
    osetrova = entities["opensanctions-NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert osetrova.get("birthDate") == ["1988-01-07"]
    assert "sanction" in osetrova.get("topics")
    targets = {e.get("entity")[0] for e in entities.values() if e.schema.name == "Sanction"}
    assert targets <= set(entities)  # every sanction still points at an entity in the file
