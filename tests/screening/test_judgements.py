from dataclasses import replace
from pathlib import Path

import pytest

from hrdd.exc import InvalidInput
from hrdd.model.screening import Hit
from hrdd.screening.judgements import (
    JsonJudgementStore,
    JudgementStore,
    MemoryJudgementStore,
    apply_judgement,
    make_judgement,
    party_key,
)


def _hit() -> Hit:
    return Hit(party="end_user", query="Romashka  Systems", source="test-list", entry_id="2",
               name="Romashka Systems LLC", matched_name="Romashka Systems LLC", score=0.95)


@pytest.fixture(params=["memory", "json"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> JudgementStore:
    return MemoryJudgementStore() if request.param == "memory" else JsonJudgementStore(tmp_path / "j.json")


def test_judgement_is_applied_while_entry_is_unchanged(store: JudgementStore) -> None:
    store.put(make_judgement("romashka systems", "test-list-2", "no_match", "different company, other city",
                             "digest-a"))
    hit = apply_judgement(_hit(), store, "digest-a")
    assert hit.judgement == "no_match"
    assert hit.judgement_reason == "different company, other city"


def test_judgement_reopens_when_entry_changes(store: JudgementStore) -> None:
    store.put(make_judgement("Romashka Systems", "test-list-2", "match", "same registration", "digest-a"))
    hit = apply_judgement(_hit(), store, "digest-b")
    assert hit.judgement is None
    assert hit.judgement_reason.startswith("reopened")


def test_unjudged_hit_is_untouched(store: JudgementStore) -> None:
    assert apply_judgement(_hit(), store, "x") == _hit()
    other = replace(_hit(), query="Someone Else")
    store.put(make_judgement("Romashka Systems", "test-list-2", "match", "same registration", "x"))
    assert apply_judgement(other, store, "x").judgement is None


def test_party_key_ignores_case_spacing_and_script() -> None:
    assert party_key("ROMASHKA   systems") == party_key("Romashka Systems")
    assert party_key("Ромашка") == party_key("romashka")


def test_invalid_judgement_lists_every_problem() -> None:
    with pytest.raises(InvalidInput) as err:
        make_judgement("x", "e-1", "maybe", "", "d")
    fields = {p.field for p in err.value.problems}
    assert fields == {"verdict", "reason"}


def test_json_store_persists_across_instances(tmp_path: Path) -> None:
    JsonJudgementStore(tmp_path / "j.json").put(make_judgement("A Co", "s-1", "match", "same LEI", "d"))
    again = JsonJudgementStore(tmp_path / "j.json")
    assert [j.entry_id for j in again.all()] == ["s-1"]


def test_damaged_json_store_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        JsonJudgementStore(path).all()
    assert err.value.problems[0].file == str(path)
