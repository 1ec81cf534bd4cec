import json
from pathlib import Path

import pytest
from followthemoney import model

from hrdd.screening.ties import OwnershipGraph, build_graph, find_ties
from tests.screening.entities import sample_entities


def _kinds(graph: OwnershipGraph, entity_id: str) -> set[str]:
    return {t.kind for t in find_ties(graph, entity_id)}


def test_state_body_and_state_owned_chain() -> None:
    graph = build_graph(sample_entities())
    assert "state_body" in _kinds(graph, "test-list-5")  # PublicBody
    assert "state_body" in _kinds(graph, "test-list-6")  # gov.soe
    ties = find_ties(graph, "test-list-7")  # owned 60% by an SOE, itself owned by a ministry
    assert {t.kind for t in ties} >= {"state_owned", "majority_state_owned"}
    assert any("Ministry of State Security" in t.detail for t in ties)  # up the chain
    assert _kinds(graph, "test-list-1") == set()


def test_fifty_percent_rule_aggregates_blocked_owners() -> None:
    graph = build_graph(sample_entities())
    ties = find_ties(graph, "test-list-8")  # 30% + 25% by two sanctioned owners
    rule = [t for t in ties if t.kind == "fifty_percent_rule"]
    assert rule and "55%" in rule[0].detail


def test_below_fifty_percent_is_not_blocked() -> None:
    entities = [e for e in sample_entities() if e.id != "test-list-o4"]  # only 30% remains
    graph = build_graph(entities)
    kinds = _kinds(graph, "test-list-8")
    assert "owned_by_sanctioned" in kinds and "fifty_percent_rule" not in kinds


def test_graph_round_trips_through_json(tmp_path: Path) -> None:
    graph = build_graph(sample_entities())
    graph.save(tmp_path / "ties.json")
    loaded = OwnershipGraph.load(tmp_path / "ties.json")
    assert _kinds(loaded, "test-list-8") == _kinds(graph, "test-list-8")
    assert _kinds(loaded, "test-list-7") == _kinds(graph, "test-list-7")


def test_zala_aero_cluster(shared_data: Path) -> None:
    path = shared_data / "opensanctions_ftm_samples" / "zala_aero_cluster.ftm.jsonl"
    with path.open(encoding="utf-8") as fh:
        graph = build_graph(model.get_proxy(json.loads(line)) for line in fh if line.strip())
    # LLC CST: several Ownership records by sanctioned owners with percentages
    cst = find_ties(graph, "NK-abdzbEBkqyT29GyREbiURZ")
    assert any(t.kind == "fifty_percent_rule" for t in cst)
    assert any(t.kind == "owned_by_sanctioned" and "KALASHNIKOV" in t.detail for t in cst)
    # Aeroscan: 100% owned by Zakharov (sanctioned)
    assert "fifty_percent_rule" in _kinds(graph, "NK-iE6m5ryPeTAMZozfECVSL7")


def test_a_loaded_graph_is_read_once_at_first_use_by_any_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    import threading

    graph = build_graph(sample_entities())
    graph.save(tmp_path / "ties.json")
    reads: list[str] = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, **kw: reads.append("read") or real_loads(text, **kw))
    loaded = OwnershipGraph.load(tmp_path / "ties.json")
    assert reads == []  # opening a screener does not parse the graph
    seen: list[tuple[int, int]] = []
    barrier = threading.Barrier(8)

    def use() -> None:
        barrier.wait()
        seen.append((len(loaded.nodes), len(loaded.owners)))

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert reads == ["read"]
    assert set(seen) == {(len(loaded.nodes), len(loaded.owners))} and seen[0][0] > 0
    assert _kinds(loaded, "test-list-8") == _kinds(graph, "test-list-8")
