"""A screening judgement is a compare-and-set with its audit entry, on SQLite and PostgreSQL."""

import threading
from pathlib import Path

import pytest

from hrdd.exc import Conflict
from hrdd.screening.judgements import party_key
from hrdd.services import batches
from hrdd.services.judgements import CURRENT, judge
from hrdd.services.permissions import Actor, Role
from hrdd.services.screening import judgement_store
from hrdd.settings import Settings
from hrdd.store import Store, audit
from tests.screening.entities import write_list

ANA = Actor("ana", Role.ANALYST)
BEN = Actor("ben", Role.ANALYST)
NAME = "Ivan Sidorenko"


@pytest.fixture
def lists(_isolated_home: Path, database_url: str) -> Settings:
    write_list(_isolated_home / "lists")
    return Settings(home=_isolated_home, database_url=database_url)


def _entry(settings: Settings) -> str:
    (hit, *_) = batches.screen_party(ANA, NAME, schema="Person", birth_date="1961-04-12", country="RU",
                                     settings=settings)
    return f"{hit.source}-{hit.entry_id}"


def _judgements_audited(store: Store) -> list[dict[str, object]]:
    with store.transaction() as conn:
        entries = audit.entries(conn)
    return [e.after or {} for e in entries if e.action == "screening.judge"]


def test_a_judgement_made_on_a_page_someone_has_since_judged_is_refused(lists: Settings, store: Store) -> None:
    entry = _entry(lists)
    shown = batches.judgement_tokens(batches.screen_party(ANA, NAME, schema="Person", settings=lists), lists)
    assert shown[entry] == ""  # not yet judged
    batches.judge_hit(store, BEN, NAME, entry, "match", "same date of birth and passport", lists, seen=shown[entry])
    with pytest.raises(Conflict) as err:  # ana's page still shows no judgement
        batches.judge_hit(store, ANA, NAME, entry, "no_match", "different person, other city", lists,
                          seen=shown[entry])
    assert "ben judged this hit match" in err.value.message
    recorded = judgement_store(lists).get(party_key(NAME), entry)
    assert recorded is not None and (recorded.verdict, recorded.reviewer) == ("match", "ben")
    # having seen ben's judgement, ana may change it, and both are in the audit log
    again = batches.judgement_tokens(batches.screen_party(ANA, NAME, schema="Person", settings=lists), lists)
    assert again[entry] == recorded.decided_at
    batches.judge_hit(store, ANA, NAME, entry, "no_match", "different person, other city", lists, seen=again[entry])
    assert [a["verdict"] for a in _judgements_audited(store)] == ["match", "no_match"]


@pytest.mark.parametrize("seen", ["", CURRENT])
def test_racing_judgements_on_one_hit_leave_exactly_one_winner(lists: Settings, store: Store, seen: str) -> None:
    entry = _entry(lists)
    barrier = threading.Barrier(8)
    won: list[str] = []
    refused: list[str] = []

    def run(n: int) -> None:
        barrier.wait()
        try:
            judge(NAME, entry, "match" if n % 2 else "no_match", f"reviewer {n} decided", settings=lists,
                  reviewer=f"r{n}", seen=seen)
            won.append(f"r{n}")
        except Conflict:
            refused.append(f"r{n}")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorded = judgement_store(lists).get(party_key(NAME), entry)
    assert recorded is not None
    audited = _judgements_audited(store)
    if seen == "":  # all acted on a page that showed no judgement: the first write wins, the rest are refused
        assert len(won) == 1 and len(refused) == 7 and recorded.reviewer == won[0]
        assert len(audited) == 1
    else:  # each wrote over what was there when it wrote: none is lost from the audit log
        assert len(won) + len(refused) == 8 and won and len(audited) == len(won)
        assert recorded.reviewer in won
