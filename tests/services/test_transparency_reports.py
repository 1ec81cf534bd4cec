"""Publishing the transparency report: maker-checker, compare-and-set, immutable once published."""

import threading

import pytest
import sqlalchemy as sa

from hrdd.exc import Conflict, HrddError, InvalidInput, NotFound, PermissionDenied
from hrdd.services.permissions import Actor, Role
from hrdd.services.transparency_reports import (
    list_snapshots,
    propose,
    publish,
    published_periods,
    published_report,
    reject,
)
from hrdd.store import Store
from hrdd.store.tables import transparency_reports
from tests.transparency import fixture

ANA = Actor("ana", Role.ANALYST)
APPROVER = Actor("vera", Role.APPROVER)
OTHER_APPROVER = Actor("otto", Role.APPROVER)


def test_propose_then_publish_by_another_person(store: Store) -> None:
    fixture.build(store)
    row = propose(store, ANA, "2025")
    assert row.status == "proposed" and len(row.sha256) == 64
    with pytest.raises(NotFound):
        published_report(store, "2025")  # not public until published
    with pytest.raises(PermissionDenied):
        publish(store, ANA, row.id)  # an analyst may not publish
    done = publish(store, APPROVER, row.id, "checked against the registers")
    assert (done.status, done.resolved_by) == ("published", "vera")
    snapshot, report = published_report(store, "2025")
    assert snapshot.id == row.id and report["period"]["id"] == "2025"
    assert [r.period for r in published_periods(store)] == ["2025"]
    with pytest.raises(Conflict):
        propose(store, ANA, "2025")  # a published report is final


def test_the_proposer_cannot_publish_their_own(store: Store) -> None:
    fixture.build(store)
    admin_approver = Actor("vera", Role.APPROVER)
    row = propose(store, Actor("vera", Role.ADMIN), "2025")
    with pytest.raises(PermissionDenied):
        publish(store, admin_approver, row.id)


def test_reject_needs_a_reason_and_one_proposal_waits_per_period(store: Store) -> None:
    fixture.build(store)
    row = propose(store, ANA, "2025")
    with pytest.raises(Conflict):
        propose(store, ANA, "2025")
    with pytest.raises(InvalidInput) as err:
        reject(store, APPROVER, row.id, " ")
    assert err.value.problems[0].field == "note"
    assert reject(store, APPROVER, row.id, "figures for Q4 incomplete").status == "rejected"
    again = propose(store, ANA, "2025")  # a new proposal after a rejection
    assert [r.status for r in list_snapshots(store, APPROVER)] == ["proposed", "rejected"]
    assert again.id != row.id


def test_a_period_not_over_cannot_be_proposed(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        propose(store, ANA, "9998")
    assert err.value.problems[0].field == "period"


def test_published_and_rejected_rows_are_immutable(store: Store) -> None:
    fixture.build(store)
    row = propose(store, ANA, "2025")
    publish(store, APPROVER, row.id)
    for statement in (transparency_reports.update().where(transparency_reports.c.id == row.id).values(body="{}"),
                      transparency_reports.delete().where(transparency_reports.c.id == row.id)):
        with pytest.raises(sa.exc.DBAPIError), store.transaction() as conn:
            conn.execute(statement)
    assert published_report(store, "2025")[0].body == row.body


def test_concurrent_publishes_exactly_one_wins(store: Store) -> None:
    fixture.build(store)
    row = propose(store, ANA, "2025")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(actor: Actor) -> None:
        barrier.wait()
        try:
            publish(store, actor, row.id)
            outcomes.append("published")
        except Conflict:
            outcomes.append("conflict")
        except HrddError as err:  # any other refusal is a defect of the test
            outcomes.append(f"unexpected {err!r}")

    threads = [threading.Thread(target=run, args=(a,)) for a in (APPROVER, OTHER_APPROVER)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "published"]
    with store.transaction() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(transparency_reports)
                             .where(transparency_reports.c.status == "published")).scalar_one()
    assert count == 1


def test_publish_and_reject_race_one_wins(store: Store) -> None:
    fixture.build(store)
    row = propose(store, ANA, "2025")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(action: str) -> None:
        barrier.wait()
        try:
            if action == "publish":
                publish(store, APPROVER, row.id)
            else:
                reject(store, OTHER_APPROVER, row.id, "not yet")
            outcomes.append(action)
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=run, args=(a,)) for a in ("publish", "reject")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) in (["conflict", "publish"], ["conflict", "reject"])
