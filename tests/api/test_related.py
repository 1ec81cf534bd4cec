"""Related-entity hints over the API: the case report lists them apart from hits; /match marks the entity."""

import pytest
import yaml

from tests.screening.entities import sample_entities, write_list
from tests.screening.test_links import PARENT, SUBSIDIARY, _topics, related_entities


@pytest.fixture
def related_lists(settings):  # type: ignore[no-untyped-def]
    write_list(settings.lists_dir, entities=[*sample_entities(), *_topics(related_entities())])
    return settings


def test_the_case_report_lists_the_hint_apart_from_hits(analyst, case_text: str, related_lists) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(case_text)
    data["end_user"]["name"] = SUBSIDIARY
    data["end_user"].pop("aliases", None)
    data["end_user"].pop("parent", None)
    data["intermediaries"] = []
    created = analyst.post("/api/cases", json={"case_text": yaml.safe_dump(data, allow_unicode=True)})
    assert created.status_code == 201, created.text
    report = analyst.post(f"/api/cases/{created.json()['id']}/assess").json()
    screening = report["screening"]
    assert screening["performed"] is True
    assert "rel-sub" not in {h["entry_id"] for h in screening["hits"]}
    (hint,) = [r for r in screening["related"] if r["kind"] == "link"]
    assert (hint["party"], hint["name"], hint["entry_id"], hint["matched_entry_id"]) == (
        "end_user", PARENT, "rel-parent", "rel-sub")
    assert hint["relations"] == ["Ownership"] and hint["score"] >= screening["threshold"]


def test_match_marks_an_entity_no_list_targets(analyst, related_lists) -> None:  # type: ignore[no-untyped-def]
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": [SUBSIDIARY]}}}}
    results = analyst.post("/api/match/default", json=body).json()["responses"]["q"]["results"]
    targets = {r["id"]: r["target"] for r in results}
    assert targets["rel-sub"] is False
    assert all(targets[i] for i in targets if i != "rel-sub" and not i.startswith("rel-"))
