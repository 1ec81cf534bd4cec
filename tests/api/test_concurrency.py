"""Real concurrency against a running server (uvicorn in a subprocess), on SQLite and PostgreSQL:
of concurrent actions on one record exactly one wins and the others are refused with 409 or
412 (never a 5xx), and the audit log holds exactly the winner's entry."""

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from hrdd.store import audit, open_store
from hrdd.store.cases import get_case
from hrdd.store.revisions import list_revisions
from hrdd.store.work import list_decisions
from tests.live_server import LiveServer, SessionKey, live_database, live_server, log_in, session_client
from tests.service_fixtures import JUSTIFY_ALL

__all__ = ["live_database", "live_server"]  # module-scoped fixtures: one server per database

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "01-city-police-video-analytics-br.yaml"
ROUNDS = 3


@pytest.fixture
def server(live_server: LiveServer) -> LiveServer:
    return live_server


@pytest.fixture
def database_url(live_database: str) -> str:
    return live_database


def at_once(count: int, action: Callable[[int], httpx.Response]) -> list[int]:
    """Run ``action(i)`` in ``count`` threads released together; the status codes, in thread order."""
    barrier = threading.Barrier(count)
    codes: list[int] = [0] * count

    def run(i: int) -> None:
        barrier.wait()
        codes[i] = action(i).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def _tag(client: httpx.Client, case_id: str) -> dict[str, str]:
    return {"If-Match": client.get(f"/api/cases/{case_id}").headers["etag"]}


def proposed_case(server: LiveServer, analyst: SessionKey) -> tuple[str, int]:
    """A case created, assessed and proposed through the API: (case id, decision id)."""
    with session_client(server, analyst) as client:
        created = client.post("/api/cases", json={"case_text": EXAMPLE.read_text(encoding="utf-8")})
        assert created.status_code == 201, created.text
        case_id = created.json()["id"]
        assert client.post(f"/api/cases/{case_id}/assess").status_code == 200
        proposed = client.post(f"/api/cases/{case_id}/decisions", headers=_tag(client, case_id),
                               json={"outcome": "escalate", "rationale": "Needs the committee"})
        assert proposed.status_code == 201, proposed.text
        return case_id, int(proposed.json()["decision"]["id"])


def _clients(server: LiveServer, keys: list[SessionKey], count: int) -> list[httpx.Client]:
    return [session_client(server, keys[i % len(keys)]) for i in range(count)]


def _audit_actions(database_url: str, case_id: str) -> list[str]:
    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            assert audit.verify_chain(conn) == []
            return [e.action for e in audit.entries(conn, entity_id=case_id)]
    finally:
        store.engine.dispose()


def test_of_twenty_concurrent_approvals_exactly_one_wins(server: LiveServer, database_url: str) -> None:
    analyst = log_in(server, "analyst")
    approvers = [log_in(server, "approver"), log_in(server, "approver2")]
    tallies = []
    for _ in range(ROUNDS):
        case_id, decision_id = proposed_case(server, analyst)
        clients = _clients(server, approvers, 20)
        url = f"/api/decisions/{decision_id}/approve"
        codes = at_once(20, lambda i, c=clients, u=url: c[i].post(u, json={"note": f"approval number {i}", "justifications": JUSTIFY_ALL}))
        for c in clients:
            c.close()
        tallies.append(Counter(codes))
        assert Counter(codes) == {200: 1, 409: 19}, codes
        assert _audit_actions(database_url, case_id).count("decision.approve") == 1
    print(f"\n[{database_url.split(':')[0]}] 20 concurrent approvals x {ROUNDS} rounds: {tallies}")


def test_concurrent_approvals_and_rejections_one_wins(server: LiveServer, database_url: str) -> None:
    analyst = log_in(server, "analyst")
    approvers = [log_in(server, "approver"), log_in(server, "approver2")]
    case_id, decision_id = proposed_case(server, analyst)
    clients = _clients(server, approvers, 20)
    verbs = ["approve" if i % 2 else "reject" for i in range(20)]
    codes = at_once(20, lambda i: clients[i].post(f"/api/decisions/{decision_id}/{verbs[i]}",
                                                   json={"note": f"{verbs[i]} number {i}",
                                                         "justifications": JUSTIFY_ALL}))
    for c in clients:
        c.close()
    assert Counter(codes) == {200: 1, 409: 19}, codes
    winner = verbs[codes.index(200)]
    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            (decision,) = list_decisions(conn, case_id)
            case = get_case(conn, case_id)
    finally:
        store.engine.dispose()
    assert case is not None
    assert (decision.status, case.state) == (("approved", "approved") if winner == "approve" else
                                             ("rejected", "rejected"))
    actions = _audit_actions(database_url, case_id)
    assert actions.count("decision.approve") + actions.count("decision.reject") == 1


def test_concurrent_edits_with_the_same_if_match_one_wins(server: LiveServer, database_url: str) -> None:
    analyst = log_in(server, "analyst")
    text = EXAMPLE.read_text(encoding="utf-8")
    with session_client(server, analyst) as client:
        case_id = client.post("/api/cases", json={"case_text": text}).json()["id"]
        tag = _tag(client, case_id)
    clients = _clients(server, [analyst], 20)

    def edit(i: int) -> httpx.Response:
        changed = text.replace("Search recorded footage", f"Search recorded footage (edit {i})")
        return clients[i].put(f"/api/cases/{case_id}", json={"case_text": changed, "reason": f"edit {i}"},
                              headers=tag)

    codes = at_once(20, edit)
    for c in clients:
        c.close()
    assert Counter(codes) == {200: 1, 412: 19}, codes
    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            revisions = list_revisions(conn, case_id, with_text=True)
            case = get_case(conn, case_id)
    finally:
        store.engine.dispose()
    assert [r.number for r in revisions] == [1, 2] and case is not None
    assert revisions[1].case_text == case.case_text and revisions[1].reason == f"edit {codes.index(200)}"


def test_thirty_concurrent_creations_get_thirty_ids(server: LiveServer) -> None:
    analyst = log_in(server, "analyst")
    text = EXAMPLE.read_text(encoding="utf-8")
    clients = _clients(server, [analyst], 30)
    bodies: list[Any] = [None] * 30

    def create(i: int) -> httpx.Response:
        response = clients[i].post("/api/cases", json={"case_text": text})
        bodies[i] = response.json()
        return response

    codes = at_once(30, create)
    for c in clients:
        c.close()
    assert Counter(codes) == {201: 30}, codes
    ids = {b["id"] for b in bodies}
    assert len(ids) == 30
    numbers = sorted(int(i.rsplit("-", 1)[1]) for i in ids)
    assert numbers == list(range(numbers[0], numbers[0] + 30))  # no gaps: no creation failed


def test_concurrent_post_sale_approvals_one_wins(server: LiveServer, database_url: str) -> None:
    """Maker-checker after the sale: an analyst asks to suspend and another to close an active
    engagement; two approvers approve both requests at once, 12 calls in all: exactly one call moves
    the case (the other request was made from a state the case is no longer in), 11 get a 409."""
    analyst = log_in(server, "analyst")
    case_id, decision_id = proposed_case(server, analyst)
    with session_client(server, log_in(server, "approver")) as client:
        assert client.post(f"/api/decisions/{decision_id}/approve", json={"note": "Agreed", "justifications": JUSTIFY_ALL}).status_code == 200
    requests = []
    with session_client(server, analyst) as client:
        activated = client.post(f"/api/engagements/{case_id}/activate",
                                json={"contract_ref": "C-77", "contract_start": "2026-12-01", "reason": "Signed"})
        assert activated.status_code == 201, activated.text
        for action in ("suspend", "close"):
            made = client.post(f"/api/engagements/{case_id}/requests", json={"action": action, "reason": f"{action} it"})
            assert made.status_code == 201, made.text
            requests.append(made.json()["request"]["id"])
    approvers = [log_in(server, "approver"), log_in(server, "approver2")]
    clients = _clients(server, approvers, 12)
    codes = at_once(12, lambda i: clients[i].post(f"/api/engagements/requests/{requests[i % 2]}/approve",
                                                  json={"note": f"decision {i}"}))
    for c in clients:
        c.close()
    assert Counter(codes) == {200: 1, 409: 11}, codes
    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            case = get_case(conn, case_id)
    finally:
        store.engine.dispose()
    winner = ("suspend", "close")[codes.index(200) % 2]
    assert case is not None and case.state == {"suspend": "suspended", "close": "closed"}[winner]
    logged = _audit_actions(database_url, case_id)
    assert sum(logged.count(f"case.{a}") for a in ("suspend", "close")) == 1, logged