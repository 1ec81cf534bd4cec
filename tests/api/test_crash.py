"""kill -9 of the server while approvals are in flight leaves every case in its old or its new
state, never half: the decision's status and the case's state agree, each approved decision has
exactly one audit entry, the chain verifies, and a restarted server carries on."""

import threading
from collections import Counter
from pathlib import Path

import httpx

from hrdd.model.lifecycle import State
from hrdd.services.permissions import Actor, Role
from hrdd.services.review import propose_decision
from hrdd.store import Store, audit, open_store
from hrdd.store.cases import get_case, insert_case, next_case_id, save_report
from hrdd.store.work import list_decisions
from tests.live_server import LiveServer, SessionKey, add_users, log_in, session_client, start_server
from tests.service_fixtures import JUSTIFY_ALL

CASES = 8
PER_CASE = 4  # concurrent approvals of each proposal
REPORT = {"recommendation": "escalate", "inherent_risk": {"level": "high", "likelihood": 4,
                                                          "severity": {"scale": 4, "scope": 3, "irremediability": 4}},
          "residual_risk": {"level": "high", "score": 70}}


def _proposals(store: Store, count: int) -> list[tuple[str, int]]:
    """``count`` cases waiting on a proposal, prepared in the store (no assessment run needed)."""
    made = []
    for _ in range(count):
        with store.transaction() as conn:
            case_id = next_case_id(conn, 2026)
            insert_case(conn, case_id=case_id, title="Crash test", case_text="title: crash\n", country="BR",
                        end_user="Police", created_by="analyst")
            save_report(conn, case_id, 1, REPORT, "analyst", expected={State.DRAFT})
        decision = propose_decision(store, Actor("analyst", Role.ANALYST), case_id, "escalate", "As assessed")
        made.append((case_id, decision.id))
    return made


def _invariants(store: Store, case_ids: list[str]) -> Counter[str]:
    """Check the record is whole; count the cases by state."""
    states: Counter[str] = Counter()
    with store.transaction() as conn:
        assert audit.verify_chain(conn) == []
        for case_id in case_ids:
            case = get_case(conn, case_id)
            assert case is not None
            (decision,) = list_decisions(conn, case_id)
            assert (case.state, decision.status) in {("proposed", "proposed"), ("approved", "approved")}, case_id
            approvals = [e for e in audit.entries(conn, entity_id=case_id) if e.action == "decision.approve"]
            assert len(approvals) == (1 if decision.status == "approved" else 0), case_id
            states[case.state] += 1
    return states


def _approve_until_killed(server: LiveServer, keys: list[SessionKey],
                          proposals: list[tuple[str, int]]) -> Counter[str]:
    """Fire PER_CASE approvals of every proposal at once; SIGKILL the server at the first success."""
    first_success = threading.Event()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(proposals) * PER_CASE + 1)

    def approve(i: int, decision_id: int) -> None:
        with session_client(server, keys[i % len(keys)], timeout=30.0) as client:
            barrier.wait()
            try:
                code = str(client.post(f"/api/decisions/{decision_id}/approve", json={"note": "crash test", "justifications": JUSTIFY_ALL})
                           .status_code)
            except httpx.TransportError:
                code = "cut"
        with lock:
            outcomes[code] += 1
        if code == "200":
            first_success.set()

    threads = [threading.Thread(target=approve, args=(i, d)) for i, (_, d) in enumerate(proposals * PER_CASE)]
    for t in threads:
        t.start()
    barrier.wait()
    first_success.wait(timeout=30)
    server.kill()
    for t in threads:
        t.join()
    return outcomes


def test_kill_9_during_approvals_leaves_old_or_new_state(database_url: str, tmp_path: Path) -> None:
    add_users(database_url)
    store = open_store(database_url)
    proposals = _proposals(store, CASES)
    case_ids = [c for c, _ in proposals]
    home = tmp_path / "live"
    server = start_server(database_url, home)
    try:
        keys = [log_in(server, "approver"), log_in(server, "approver2")]
        outcomes = _approve_until_killed(server, keys, proposals)
    finally:
        server.stop()
    store.engine.dispose()
    store = open_store(database_url)
    after_kill = _invariants(store, case_ids)
    print(f"\n[{store.dialect}] {CASES * PER_CASE} approvals of {CASES} proposals, SIGKILL at the first 200: "
          f"answers {dict(outcomes)}; cases after the kill {dict(after_kill)}")
    assert outcomes["cut"] > 0, "the kill came after every request was answered: nothing was in flight"
    assert outcomes["200"] <= after_kill["approved"]  # every answered approval is on record
    # a new server carries on: nothing is left locked or half-written
    server = start_server(database_url, home)
    try:
        key = log_in(server, "approver")
        with session_client(server, key) as client:
            for case_id, decision_id in proposals:
                response = client.post(f"/api/decisions/{decision_id}/approve", json={"note": "after restart"})
                with store.transaction() as conn:
                    case = get_case(conn, case_id)
                assert case is not None and case.state == "approved"
                assert response.status_code in (200, 409), response.text
    finally:
        server.stop()
    assert _invariants(store, case_ids) == {"approved": CASES}
    store.engine.dispose()
