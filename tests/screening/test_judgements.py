from dataclasses import replace
from pathlib import Path

import pytest

from hrdd.exc import InvalidInput
from hrdd.model.screening import Hit
from hrdd.screening.judgements import (
    JudgementStore,
    MemoryJudgementStore,
    apply_judgement,
    make_judgement,
    party_key,
)


def _hit() -> Hit:
    return Hit(party="end_user", query="Romashka  Systems", source="test-list", entry_id="2",
               name="Romashka Systems LLC", matched_name="Romashka Systems LLC", score=0.95)


@pytest.fixture(params=["memory", "sql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> JudgementStore:
    if request.param == "memory":
        return MemoryJudgementStore()
    from hrdd.services.judgements import SqlJudgementStore
    from hrdd.store import open_store

    return SqlJudgementStore(open_store(f"sqlite:///{tmp_path / 'j.sqlite3'}"))


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


def test_sql_store_persists_across_instances(tmp_path: Path) -> None:
    from hrdd.services.judgements import SqlJudgementStore
    from hrdd.store import open_store

    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    SqlJudgementStore(open_store(url)).put(make_judgement("A Co", "s-1", "match", "same LEI", "d", "ana"))
    (again,) = SqlJudgementStore(open_store(url)).all()
    assert (again.entry_id, again.verdict, again.reviewer, again.entry_digest) == ("s-1", "match", "ana", "d")
