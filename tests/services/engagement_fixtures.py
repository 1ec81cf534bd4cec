"""Helpers for the engagement tests: an approved case at a residual level, threads released together."""

import threading
from collections.abc import Callable
from typing import Any

from hrdd.model.lifecycle import State
from hrdd.services.permissions import Actor, Role
from hrdd.services.review import propose_decision, resolve_decision
from hrdd.store import Store
from hrdd.store.cases import insert_case, next_case_id, save_report

ANALYST = Actor("ana", Role.ANALYST)
ANALYST2 = Actor("bo", Role.ANALYST)
APPROVER = Actor("cy", Role.APPROVER)
APPROVER2 = Actor("di", Role.APPROVER)


def approved_case(store: Store, level: str = "high") -> str:
    """A case assessed at residual ``level``, proposed by ana and approved by cy."""
    report = {"recommendation": "escalate", "inherent_risk": {"level": "high"}, "residual_risk": {"level": level}}
    with store.transaction() as conn:
        case_id = next_case_id(conn, 2026)
        insert_case(conn, case_id=case_id, title="Video analytics", case_text="title: t\n", country="BR",
                    end_user="Civil Police", created_by=ANALYST.username)
        save_report(conn, case_id, 1, report, ANALYST.username, expected={State.DRAFT})
    decision = propose_decision(store, ANALYST, case_id, "escalate", "Escalated to the committee, approved there")
    resolve_decision(store, APPROVER, decision.id, True, "Approved with the conditions")
    return case_id


def at_once(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(i)`` in ``count`` threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as err:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
