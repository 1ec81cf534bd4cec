"""Related-entity hints through list relations: an unlisted entity tied to a listed one is a hint, never a hit."""

import json
from pathlib import Path

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from hrdd.screening.index import TantivyIndex
from hrdd.screening.links import is_linked_only, listed_paths
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.record import query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.entities import entity, sample_entities

P = "rel-"
PARENT = "Norbrook Vision Technologies Co., Ltd."
SUBSIDIARY = "Norbrook Vision India Private Limited"
HOLDING = "Kestrel Orchard Holdings Pte. Ltd."
GRANDCHILD = "Kestrel Orchard Sensors GmbH"
DIRECTOR = "Tamsin Alderwood Brackley"
MINORITY = "Blue Lantern Mercantile LLC"


def related_entities() -> list[EntityProxy]:
    """A listed (export-control) parent with an unlisted subsidiary, an unlisted two-step chain, an
    unlisted director of a sanctioned company, and an unlisted company 30 % owned by it."""
    return [
        entity("Company", P + "parent", name=PARENT, country="cn", topics=["export.control"]),
        entity("Company", P + "sub", name=SUBSIDIARY, country="in"),
        entity("Ownership", P + "o1", owner=P + "parent", asset=P + "sub", percentage="100", role="subsidiary of"),
        entity("Company", P + "holding", name=HOLDING, country="sg"),
        entity("Company", P + "grandchild", name=GRANDCHILD, country="de"),
        entity("Ownership", P + "o2", owner=P + "parent", asset=P + "holding", percentage="60"),
        entity("Ownership", P + "o3", owner=P + "holding", asset=P + "grandchild"),
        entity("Company", P + "sanctioned", name="Vantorus Defence Systems JSC", country="ru"),
        entity("Sanction", P + "s1", entity=P + "sanctioned", program="RUSSIA-EO14024"),
        entity("Person", P + "director", name=DIRECTOR, country="gb"),
        entity("Directorship", P + "d1", director=P + "director", organization=P + "sanctioned", role="CEO"),
        entity("Company", P + "minority", name=MINORITY, country="ae"),
        entity("Ownership", P + "o4", owner=P + "sanctioned", asset=P + "minority", percentage="30"),
    ]


def _topics(proxies: list[EntityProxy]) -> list[EntityProxy]:
    # a Sanction names the sanctioned company; its list gives it the topic too (as OFAC data does)
    for proxy in proxies:
        if proxy.id == P + "sanctioned":
            proxy.add("topics", "sanction")
    return proxies


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyIndex, Path]:
    directory = Path(tmp_path_factory.mktemp("links"))
    graph = OwnershipGraph()
    records = records_from_proxies([*sample_entities(), *_topics(related_entities())], "test-list", graph)
    index = TantivyIndex(directory / "idx")
    index.build(records, "fp")
    graph.save(directory / "ties.json")
    return index, directory / "ties.json"


@pytest.fixture
def screener(built: tuple[TantivyIndex, Path]) -> Screener:
    index, ties = built
    return Screener(index, OwnershipGraph.load(ties))


def test_the_index_build_marks_only_unlisted_ends_of_relations() -> None:
    records = {r.id: r for r in records_from_proxies(_topics(related_entities()), "test-list")}
    marked = {rid for rid, r in records.items() if is_linked_only(r)}
    assert marked == {P + "sub", P + "holding", P + "grandchild", P + "director", P + "minority"}


def test_a_subsidiary_of_a_listed_parent_is_a_hint_not_a_hit(screener: Screener) -> None:
    hits, hints = screener.screen_with_hints(query_record([SUBSIDIARY]))
    assert P + "sub" not in {h.entry.id for h in hits}
    assert [h.matched.entry.id for h in hints] == [P + "sub"]
    (path,) = hints[0].paths
    assert path.listed_id == P + "parent" and path.relations == ("Ownership",)
    assert path.description == f"owned 100% by {PARENT} (role: subsidiary of)"
    assert hints[0].matched.result.score >= screener.matcher.DEFAULT_THRESHOLD
    assert screener.screen(query_record([SUBSIDIARY])) == hits  # screen() reports the same hits, no hint


def test_a_hint_walks_unlisted_entities_to_the_nearest_listed_one(screener: Screener) -> None:
    _, hints = screener.screen_with_hints(query_record([GRANDCHILD]))
    (path,) = hints[0].paths
    assert path.listed_id == P + "parent" and path.relations == ("Ownership", "Ownership")
    assert path.description == f"owned by {HOLDING} (share not stated), which is owned 60% by {PARENT}"


def test_a_director_of_a_sanctioned_company_is_a_hint(screener: Screener) -> None:
    hits, hints = screener.screen_with_hints(query_record([DIRECTOR], schema="Person"))
    assert not hits
    assert [p.description for h in hints for p in h.paths] == ["director of Vantorus Defence Systems JSC (role: CEO)"]


def test_an_unlisted_company_a_sanctioned_party_owns_stays_a_hit(screener: Screener) -> None:
    hits, hints = screener.screen_with_hints(query_record([MINORITY]))
    assert P + "minority" in {h.entry.id for h in hits} and not hints  # owned_by_sanctioned: an alert, as before


def test_the_hint_follows_the_matchers_threshold(screener: Screener) -> None:
    query = query_record(["Norbrook Vision India Pvt Ltd"])
    score = next(s.result.score for s in screener.score(query) if s.entry.id == P + "sub")
    assert [h.matched.entry.id for h in screener.screen_with_hints(query, threshold=score)[1]] == [P + "sub"]
    assert screener.screen_with_hints(query, threshold=score + 0.001) == ([], [])


def test_without_the_graph_a_linked_only_entry_stays_a_hit(built: tuple[TantivyIndex, Path]) -> None:
    screener = Screener(built[0], OwnershipGraph())  # a delta re-screening has no graph
    hits, hints = screener.screen_with_hints(query_record([SUBSIDIARY]))
    assert P + "sub" in {h.entry.id for h in hits} and not hints


def test_the_graph_is_read_only_when_a_linked_only_entry_scores(built: tuple[TantivyIndex, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, **kw: reads.append(text[:1]) or real_loads(text, **kw))
    screener = Screener(built[0], OwnershipGraph.load(built[1]))
    screener.screen_with_hints(query_record(["Romashka Systems"]))  # a listed hit, no linked-only candidate above
    screener.screen_with_hints(query_record(["Quiet Bakery of Nowhere"]))
    assert "{" not in reads  # the index payloads are arrays; the graph file is an object
    screener.screen_with_hints(query_record([SUBSIDIARY]))
    assert reads.count("{") == 1


def test_links_survive_the_saved_graph(built: tuple[TantivyIndex, Path]) -> None:
    graph = OwnershipGraph()
    records_from_proxies(_topics(related_entities()), "test-list", graph)
    loaded = OwnershipGraph.load(built[1])
    for entity_id in (P + "sub", P + "grandchild", P + "director"):
        assert listed_paths(loaded, entity_id) == listed_paths(graph, entity_id)
    assert loaded.is_listed(P + "sanctioned") and not loaded.is_listed(P + "sub")


def test_zala_cluster_unlisted_companies_owned_by_a_sanctioned_person(shared_data: Path, tmp_path: Path) -> None:
    """Real data: the three companies the ZALA cluster names without listing them are all owned by
    Alexander Zakharov (sanctioned). They are linked-only, their path to him explains itself, and
    as the list data ties them to a sanctioned owner they stay hits (no hint replaces an alert)."""
    path = shared_data / "opensanctions_ftm_samples" / "zala_aero_cluster.ftm.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    graph = OwnershipGraph()
    records = records_from_proxies(proxies, "opensanctions", graph)
    unlisted = {r.id: r for r in records if is_linked_only(r)}
    assert set(unlisted) == {"NK-56Edov9bas9puzaChH5pBy", "NK-9Xa4Kg7Y7nfccE7VcZt6Q6", "ru-inn-5920040846"}
    shares = {rid: listed_paths(graph, rid)[0].description for rid in unlisted}
    assert shares["ru-inn-5920040846"] == "owned 100% by Aleksandr Vyacheslavovich Zakharov"
    assert shares["NK-9Xa4Kg7Y7nfccE7VcZt6Q6"] == "owned 75% by Aleksandr Vyacheslavovich Zakharov"
    assert shares["NK-56Edov9bas9puzaChH5pBy"] == "owned by Aleksandr Vyacheslavovich Zakharov (share not stated)"
    index = TantivyIndex(tmp_path / "idx")
    index.build(records, "fp")
    screener = Screener(index, graph)
    hits, hints = screener.screen_with_hints(query_record([unlisted["ru-inn-5920040846"].caption]))
    assert "ru-inn-5920040846" in {h.entry.id for h in hits} and not hints
    owned = {name for _, name, _, how in screener.linked(index.get("NK-aU5ybkbRFJucf8YMwsJvDw")  # Zakharov
                                                      or pytest.fail("Zakharov not indexed")) if how.startswith("owns")}
    assert {r.caption for r in unlisted.values()} <= owned
