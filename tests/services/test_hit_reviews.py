"""Hit reviews that stay reviewed: across re-assessments, across list updates while the listed
entity is unchanged, once for an entity on several lists; asked again, with the earlier review and
what changed, when the entity changed. On SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest

from hrdd.services.cases import assess_stored_case
from hrdd.services.hit_reviews import hit_groups
from hrdd.services.lists import import_list
from hrdd.services.permissions import Actor, Role
from hrdd.services.review import list_hits, review_hit
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store
from tests.services.rescreen_fixtures import END_USER, RESPELLED, UNRELATED, add_case, write_version

pytestmark = pytest.mark.postgres

ANALYST = Actor("analyst", Role.ANALYST)
SAME_ENTITY = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "same_entity"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture
def store(settings: Settings) -> Store:
    return get_store(settings)


def _reviews(store: Store, case_id: str) -> dict[str, tuple[str, str]]:
    return {f"{h.source}-{h.entry_id}": (h.status, h.reason or "") for h in list_hits(store, ANALYST, case_id)}


def test_a_review_survives_re_assessment_when_two_lists_carry_the_same_entry_number(
        settings: Settings, store: Store) -> None:
    """The regression: the US Consolidated Screening List repeats OFAC entries under OFAC's entity
    numbers, so a case screened against both had two hits with the same entry id; hits were matched
    to their earlier review by (party, name, entry id) without the list, and a re-assessment handed
    the unreviewed copy's "open" to both: the review was gone."""
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings)
    import_list("us-csl", [SAME_ENTITY / "csl.csv"], settings)
    case_id = add_case(store)
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    assert set(_reviews(store, case_id)) == {"ofac-sdn-36", "us-csl-36"}
    (ofac,) = [h for h in list_hits(store, ANALYST, case_id) if h.source == "ofac-sdn"]
    review_hit(store, ANALYST, ofac.id, "no_match", "other registry number than the customer", settings)
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    assert _reviews(store, case_id)["ofac-sdn-36"] == ("no_match", "other registry number than the customer")


def test_one_review_covers_the_entity_on_both_lists(settings: Settings, store: Store) -> None:
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings)
    import_list("us-csl", [SAME_ENTITY / "csl.csv"], settings)
    case_id = add_case(store)
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (group,) = hit_groups(list_hits(store, ANALYST, case_id))
    assert sorted(h.source for h in group.members) == ["ofac-sdn", "us-csl"] and group.status == "open"
    review_hit(store, ANALYST, group.members[-1].id, "match", "same company, same address", settings)
    assert _reviews(store, case_id) == {"ofac-sdn-36": ("match", "same company, same address"),
                                        "us-csl-36": ("match", "same company, same address")}
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (group,) = hit_groups(list_hits(store, ANALYST, case_id))
    assert group.status == "match" and group.review is not None and group.review.reviewed_by == "analyst"


def test_a_review_is_asked_again_only_when_the_listed_entity_changed(settings: Settings, store: Store,
                                                                     tmp_path: Path) -> None:
    def load(name: str, entity: dict[str, object]) -> None:
        import_list("opensanctions", [write_version(tmp_path / f"{name}.ftm.json", [*UNRELATED, entity])], settings)

    load("v1", RESPELLED)
    case_id = add_case(store)
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (hit,) = list_hits(store, ANALYST, case_id)
    review_hit(store, ANALYST, hit.id, "no_match", "different company, other registry number", settings)

    # a list update that leaves the entity's screening content alone (remarks only): still reviewed
    load("v2", {**RESPELLED, "properties": {**RESPELLED["properties"], "notes": ["amended listing"]}})
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (hit,) = list_hits(store, ANALYST, case_id)
    assert (hit.status, hit.reason) == ("no_match", "different company, other registry number")

    # the entity gains an alias and a country: asked again, with the earlier review and what changed
    load("v3", {**RESPELLED, "properties": {**RESPELLED["properties"], "alias": ["Orion Vision Sys"],
                                            "country": ["br", "ar"]}})
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (hit,) = list_hits(store, ANALYST, case_id)
    assert hit.status == "open" and hit.reviewed_by is None
    previous = hit.detail["previous_review"]
    assert (previous["status"], previous["reason"], previous["reviewed_by"]) == (
        "no_match", "different company, other registry number", "analyst")
    assert previous["changes"] == ["names added: Orion Vision Sys", "countries added: ar"]
    (group,) = hit_groups([hit])
    assert group.status == "open" and group.previous is not None

    # reviewed again: the new review stands and the earlier one is no longer shown
    review_hit(store, ANALYST, hit.id, "no_match", "still another company: checked the new alias", settings)
    assess_stored_case(store, ANALYST, case_id, settings=settings)
    (hit,) = list_hits(store, ANALYST, case_id)
    assert (hit.status, hit.reason) == ("no_match", "still another company: checked the new alias")
    assert "previous_review" not in hit.detail
    assert json.dumps(hit.detail["entity"]["names"]) == json.dumps(["ORION VIZION SYSTEMS", "Orion Vision Sys"])
    assert hit.query == END_USER
