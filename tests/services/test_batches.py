"""The screening workbench's services: one party on the spot, and files screened once even
when two processes try to run the same batch."""

import threading
from pathlib import Path

import pytest

from hrdd.exc import Conflict, InvalidInput, NotFound, PermissionDenied
from hrdd.services import batches
from hrdd.services.permissions import Actor, Role
from hrdd.settings import Settings
from hrdd.store import Store
from tests.screening.entities import write_list

ANALYST = Actor("analyst", Role.ANALYST)
OTHER = Actor("analyst2", Role.ANALYST)
AUDITOR = Actor("auditor", Role.AUDITOR)
FILE = b"name,country,schema\nRomashka Systems,ru,Company\nBakery Schmidt und Soehne,de,Company\nIRGC,,Organization\n"


@pytest.fixture
def lists(_isolated_home: Path) -> Settings:
    write_list(_isolated_home / "lists")
    return Settings(home=_isolated_home)


def test_one_party_gets_explained_hits_and_the_form_is_checked(lists: Settings) -> None:
    hits = batches.screen_party(ANALYST, "Ivan Sidorenko", schema="Person", birth_date="1961-04-12",
                                country="RU", settings=lists)
    assert hits and hits[0].entry_id == "3" and hits[0].explanation
    with pytest.raises(InvalidInput) as err:
        batches.screen_party(ANALYST, "Ivan Sidorenko", birth_date="12.4.61", settings=lists)
    assert err.value.problems[0].field == "birth_date"
    with pytest.raises(PermissionDenied):
        batches.screen_party(AUDITOR, "Ivan Sidorenko", settings=lists)


def test_a_batch_is_screened_in_order_and_keeps_its_versions(store: Store, lists: Settings) -> None:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", FILE, settings=lists, runner=lambda _: None)
    assert batches.get_batch(store, ANALYST, batch_id).status == "queued"
    assert batches.run_batch(store, batch_id, lists) is True
    batch, rows = batches.batch_results(store, ANALYST, batch_id)
    assert batch.status == "done" and batch.done == batch.total == 3
    assert {r["line"] for r in rows} == {2, 4}  # the bakery is clean
    assert rows == sorted(rows, key=lambda r: r["line"])
    assert batch.versions and batch.versions["lists"][0]["source"] == "test-list" and batch.versions["algorithm"]


def test_two_processes_racing_for_one_batch_run_it_once(store: Store, lists: Settings) -> None:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", FILE, settings=lists, runner=lambda _: None)
    barrier = threading.Barrier(6)
    outcomes: list[bool] = []

    def run() -> None:
        barrier.wait()
        outcomes.append(batches.run_batch(store, batch_id, lists))

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [False] * 5 + [True]
    assert batches.get_batch(store, ANALYST, batch_id).status == "done"


def test_a_failed_batch_says_so_and_results_are_not_offered(store: Store, lists: Settings,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", FILE, settings=lists, runner=lambda _: None)

    def broken(*_a: object, **_k: object) -> list[object]:
        raise OSError("index unreadable")

    monkeypatch.setattr("hrdd.services.screening.screen_name", broken)
    batches.run_batch(store, batch_id, lists)
    batch = batches.get_batch(store, ANALYST, batch_id)
    assert batch.status == "failed" and "index unreadable" in (batch.error or "")
    with pytest.raises(Conflict):
        batches.batch_results(store, ANALYST, batch_id)


def test_a_bad_file_stores_nothing(store: Store, lists: Settings) -> None:
    with pytest.raises(InvalidInput):
        batches.start_batch(store, ANALYST, "parties.csv", b"name,country\nX,Russia\n", settings=lists)
    assert batches.list_batches(store, ANALYST) == []


def test_batches_are_private_to_their_owner_and_auditors(store: Store, lists: Settings) -> None:
    batch_id = batches.start_batch(store, ANALYST, "parties.csv", FILE, settings=lists, runner=lambda _: None)
    with pytest.raises(NotFound):
        batches.get_batch(store, OTHER, batch_id)
    assert batches.get_batch(store, AUDITOR, batch_id).id == batch_id
    assert [b.id for b in batches.list_batches(store, ANALYST)] == [batch_id]
    assert batches.list_batches(store, OTHER) == []
