"""Screening services over a tmp HRDD_HOME holding a small JSONL snapshot and manifest."""

from datetime import date
from pathlib import Path

import pytest

from hrdd.exc import InvalidInput, NotFound
from hrdd.model.case import Case, EndUse, EndUser, EndUserKind, Intermediary, Seller, Transaction
from hrdd.screening.matcher import DefaultMatcher, HrddMatcherV1
from hrdd.services.judgements import judge
from hrdd.services.screening import (
    open_screener,
    screen_batch,
    screen_case,
    screen_name,
    warm_screening,
)
from hrdd.services.yente import match_payload
from hrdd.settings import Settings
from tests.screening.entities import entity, sample_entities, write_list


@pytest.fixture
def settings(_isolated_home: Path) -> Settings:
    write_list(_isolated_home / "lists")
    return Settings(home=_isolated_home)


def _case(name: str, *, parent: str | None = None, aliases: tuple[str, ...] = (),
          intermediaries: tuple[Intermediary, ...] = ()) -> Case:
    return Case(
        title="test", date=date(2026, 11, 1), seller=Seller("Seller GmbH", "de"), transaction=Transaction(),
        products=(), end_user=EndUser(name=name, country="RU", kind=EndUserKind.PRIVATE, sector="commercial",
                                      parent=parent, aliases=aliases),
        end_use=EndUse(), intermediaries=intermediaries, id="case-1",
    )


def test_screen_name_returns_explained_hits_best_first(settings: Settings) -> None:
    hits = screen_name("Romashka Systems", country="ru", settings=settings)
    assert hits, "a transliterated listed company must alert"
    top = hits[0]
    assert (top.source, top.entry_id) == ("test-list", "2")
    assert top.score >= 0.7 and "sanction" in top.topics and "RU-EO14024" in top.programs
    assert top.explanation and any(f.name == "name_match" for f in top.features)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_clean_name_does_not_alert(settings: Settings) -> None:
    assert screen_name("Bakery Schmidt und Söhne", country="de", settings=settings) == []


def test_screen_name_rejects_bad_input(settings: Settings) -> None:
    with pytest.raises(InvalidInput):
        screen_name("   ", settings=settings)
    with pytest.raises(InvalidInput) as err:
        screen_name("X", schema="Planet", settings=settings)
    assert err.value.problems[0].field == "schema"


def test_screen_case_without_lists_is_not_performed(_isolated_home: Path) -> None:
    outcome = screen_case(_case("Anything Ltd"), Settings(home=_isolated_home))
    assert outcome.performed is False
    assert outcome.hits == ()
    assert outcome.parties == (("end_user", "Anything Ltd"),)


def test_screen_case_covers_every_party_and_reports_ties(settings: Settings) -> None:
    case = _case("Northwind Surveillance Solutions", parent="Ruritania Telecom Holding",
                 aliases=("Ромашка Системс",),
                 intermediaries=(Intermediary(name="Blue Harbor Trading", role="distributor", country="AE"),))
    outcome = screen_case(case, settings)
    assert outcome.performed and outcome.algorithm == DefaultMatcher.algorithm() and outcome.threshold == 0.7
    assert [info.source for info in outcome.lists] == ["test-list"]
    assert outcome.lists[0].as_of == "2026-11-01"
    by_party = {(h.party, h.entry_id) for h in outcome.hits}
    assert ("end_user", "7") in by_party
    assert ("parent", "6") in by_party
    assert ("alias", "2") in by_party
    assert ("intermediary", "8") in by_party
    assert [h.party_index for h in outcome.hits if h.party == "intermediary"] == [0]
    ties = "\n".join(outcome.government_ties)
    assert "state body" in ties  # the parent is an SOE, the end user is owned by it
    assert "50% rule" in ties  # the intermediary is 55% owned by sanctioned parties


def test_judgements_apply_and_reopen_when_entry_changes(settings: Settings, _isolated_home: Path) -> None:
    judge("Romashka Systems", "test-list-2", "no_match", "different registration number", settings=settings)
    hit = screen_name("Romashka Systems", settings=settings)[0]
    assert hit.judgement == "no_match" and hit.judgement_reason == "different registration number"
    changed = [e for e in sample_entities() if e.id != "test-list-2"]
    changed.append(entity("Company", "test-list-2", name="Romashka Systems LLC", country="ru",
                          topics=["sanction", "export.control"]))
    write_list(_isolated_home / "lists", entities=changed)
    hit = screen_name("Romashka Systems", settings=settings)[0]
    assert hit.entry_id == "2" and hit.judgement is None
    assert hit.judgement_reason.startswith("reopened")


def test_judging_an_unknown_entry_fails(settings: Settings) -> None:
    with pytest.raises(NotFound):
        judge("Romashka Systems", "test-list-404", "match", "same company", settings=settings)


def test_match_payload_is_yente_shaped(settings: Settings) -> None:
    body = {"queries": {
        "a": {"schema": "Company", "properties": {"name": ["Zhejiang Dahua Technology"], "country": ["cn"]}},
        "b": {"schema": "Company", "properties": {"name": ["Acme"], "leiCode": ["549300JB1P61FUTPEZ75"]}},
        "c": {"schema": "Person", "properties": {"firstName": ["Ivan"], "lastName": ["Sidorenko"],
                                                 "birthDate": ["1961-04-12"]}},
        "d": {"schema": "Company", "properties": {"name": ["Quiet Bakery Ltd"]}},
    }}
    out = match_payload(body, settings)
    assert out["algorithm"] == DefaultMatcher.algorithm() and out["performed"] is True
    a = out["responses"]["a"]
    assert a["status"] == 200 and a["results"][0]["id"] == "test-list-1"
    first = a["results"][0]
    assert first["match"] is True and 0 < first["score"] <= 1
    assert first["explanations"]["name_match"]["score"] > 0.7
    assert out["responses"]["b"]["results"][0]["explanations"]["identifier_match"]["score"] == 1.0
    assert out["responses"]["c"]["results"][0]["id"] == "test-list-3"
    assert out["responses"]["d"]["results"] == []


def test_match_payload_reports_where_a_query_is_wrong(settings: Settings) -> None:
    with pytest.raises(InvalidInput) as err:
        match_payload({"queries": {"q1": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}, settings)
    assert err.value.problems[0].field == "queries.q1.schema"
    with pytest.raises(InvalidInput):
        match_payload({"queries": {}}, settings)


def test_match_payload_filters_like_yente(settings: Settings) -> None:
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Romashka Systems"]}}}}
    assert match_payload(body, settings)["responses"]["q"]["results"]
    assert match_payload(body, settings, topics=["debarment"])["responses"]["q"]["results"] == []
    assert match_payload(body, settings, exclude_entity_ids=["test-list-2"])["responses"]["q"]["results"] == []
    assert match_payload(body, settings, exclude_dataset=["test-list"])["responses"]["q"]["results"] == []
    assert match_payload(body, settings, include_dataset=["test-list"])["responses"]["q"]["results"]


def test_screen_batch_keeps_order_and_reports_progress(settings: Settings) -> None:
    done: list[int] = []
    results = screen_batch([("Romashka Systems", "ru", "Company"), ("Quiet Bakery", None, "LegalEntity")],
                           settings=settings, on_progress=done.append)
    assert [h.entry_id for h in results[0]][:1] == ["2"] and results[1] == []
    assert sum(done) == 2
    with pytest.raises(InvalidInput):
        screen_batch([("", None, "Company")], settings=settings)


def test_screened_names_are_not_logged_at_info(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    root = logging.getLogger("hrdd")
    propagate, root.propagate = root.propagate, True  # let caplog see hrdd's records
    try:
        with caplog.at_level(logging.DEBUG, logger="hrdd"):
            outcome = screen_case(_case("Romashka Systems", parent="Ivan Romashkin Holding"), settings)
            judge("Romashka Systems", f"{outcome.hits[0].source}-{outcome.hits[0].entry_id}", "match",
                  "same registration number", settings=settings)
    finally:
        root.propagate = propagate
    assert outcome.hits
    infos = [r for r in caplog.records if r.levelno >= logging.INFO]
    text = " ".join(f"{r.getMessage()} {getattr(r, 'ctx', '')}" for r in infos)
    assert infos and "Romashka" not in text and "Romashkin" not in text


def test_warming_analyses_every_listed_name_and_changes_no_result(settings: Settings) -> None:
    from hrdd.screening import align

    before = screen_name("Romashka Systems", country="ru", settings=settings)
    align._analysed.cache_clear()
    screener = open_screener(settings)
    assert screener is not None
    names = sum(len(e.names) for e in screener.index.entries(1000))
    assert warm_screening(settings) == names > 0
    assert align._analysed.cache_info().currsize >= names
    after = screen_name("Romashka Systems", country="ru", settings=settings)
    assert after == before
    assert screener.warm(max_names=2) < names  # stops where the caches would overflow


def test_warming_without_lists_does_nothing(_isolated_home: Path) -> None:
    assert warm_screening(Settings(home=_isolated_home)) == 0


def test_matcher_v1_stays_selectable_by_setting(settings: Settings) -> None:
    v1 = settings.model_copy(update={"screening_matcher": "hrdd-v1"})
    outcome = screen_case(_case("Romashka Systems"), v1)
    assert outcome.algorithm == HrddMatcherV1.algorithm()
    assert {h.entry_id for h in outcome.hits} == {h.entry_id for h in screen_case(_case("Romashka Systems"),
                                                                                 settings).hits}
