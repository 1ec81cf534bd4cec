"""The search facts stay in step with the cases under real concurrency, on SQLite and PostgreSQL:
transactions writing cases that bring the same new words at once neither fail nor lose a word
(the word list's trigger inserts in one order), and of racing edits of one case exactly one wins
and its capabilities are the ones searched."""

import random
import threading
from collections.abc import Callable

import sqlalchemy as sa

from hrdd.model.lifecycle import State
from hrdd.store import Store
from hrdd.store import cases as case_rows
from hrdd.store.cases import CaseFilter
from hrdd.store.search import capabilities_of
from hrdd.store.tables import case_capabilities

THREADS = 6
NEW_WORDS = [f"zorvat{c}" for c in "abcdefghij"]  # words no case has yet, shared by every writer
CAPABILITIES = ["facial_recognition", "imsi_catcher", "video_analytics", "lawful_interception"]


def _text(title: str, words: list[str], capabilities: list[str]) -> str:
    products = "\n".join(f"  - {{name: P{i}, capabilities: [{c}]}}" for i, c in enumerate(capabilities))
    return f"title: {title}\nnotes: {' '.join(words)}\nproducts:\n{products}\n"


def _at_once(count: int, action: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as err:  # noqa: BLE001 (the test reports what a thread raised)
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_writers_bringing_the_same_new_words_at_once_all_succeed_and_all_are_found(store: Store) -> None:
    def create(i: int) -> str:
        words = random.Random(i).sample(NEW_WORDS, len(NEW_WORDS))  # each writer its own order
        capabilities = CAPABILITIES[i % len(CAPABILITIES):][:2]
        case_id = f"CASE-2026-{i + 1:04d}"
        with store.transaction() as conn:
            case_rows.insert_case(conn, case_id=case_id, title=f"Case {i}", case_text=_text(f"Case {i}", words,
                                  capabilities), country="BR", end_user="x", created_by="ana", reason="test")
        return case_id

    results = _at_once(THREADS, create)
    assert not [r for r in results if isinstance(r, Exception)], results
    with store.transaction() as conn:
        for word in NEW_WORDS:  # found by the whole word and by a prefix of it
            for typed in (word, word[:-1]):
                assert len(case_rows.list_cases(conn, CaseFilter(text=typed))[0]) == THREADS, typed
        for case_id in results:
            text = case_rows.get_case(conn, str(case_id))
            assert text is not None
            stored = conn.execute(sa.select(case_capabilities.c.capability).where(
                case_capabilities.c.case_id == case_id)).scalars().all()
            assert sorted(stored) == sorted(capabilities_of(text.case_text))


def test_of_racing_edits_the_winners_capabilities_are_searched(store: Store) -> None:
    with store.transaction() as conn:
        case_rows.insert_case(conn, case_id="CASE-2026-0001", title="Race", case_text=_text("Race", [], ["data_fusion"]),
                              country="BR", end_user="x", created_by="ana", reason="test")

    def edit(i: int) -> bool:
        with store.transaction() as conn:
            return case_rows.revise_case(conn, "CASE-2026-0001", expected={State.DRAFT}, revision=1,
                                         case_text=_text("Race", [], [CAPABILITIES[i]]), author=f"a{i}",
                                         reason="products changed")

    results = _at_once(len(CAPABILITIES), edit)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 1, results
    winner = CAPABILITIES[results.index(True)]
    with store.transaction() as conn:
        for capability in [*CAPABILITIES, "data_fusion"]:
            found = [r.id for r in case_rows.list_cases(conn, CaseFilter(capability=capability))[0]]
            assert found == (["CASE-2026-0001"] if capability == winner else []), capability
