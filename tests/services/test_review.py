"""Maker-checker at the service: neither the case's creator nor the proposer may approve, even
when they hold the approver role later; a refused approval changes nothing."""

import pytest

from hrdd.exc import Conflict
from hrdd.model.lifecycle import State
from hrdd.services.permissions import Actor, Role
from hrdd.services.review import propose_decision, resolve_decision
from hrdd.store import Store
from hrdd.store.cases import get_case, insert_case, next_case_id, save_report

REPORT = {"recommendation": "escalate", "inherent_risk": {"level": "high"}, "residual_risk": {"level": "high"}}


def test_no_self_approval_even_after_a_role_change(store: Store) -> None:
    with store.transaction() as conn:
        case_id = next_case_id(conn, 2026)
        insert_case(conn, case_id=case_id, title="t", case_text="title: t\n", country="BR", end_user="x",
                    created_by="ana")
        save_report(conn, case_id, 1, REPORT, "ana", expected={State.DRAFT})
    decision = propose_decision(store, Actor("bo", Role.ANALYST), case_id, "escalate", "Needs the committee")
    for maker in ("ana", "bo"):
        with pytest.raises(Conflict, match="maker-checker"):
            resolve_decision(store, Actor(maker, Role.APPROVER), decision.id, True, "I approve my own work")
    with store.transaction() as conn:
        row = get_case(conn, case_id)
    assert row is not None and row.state == "proposed"
    approved = resolve_decision(store, Actor("cy", Role.APPROVER), decision.id, True, "Checked by a second person")
    assert (approved.status, approved.approved_by, approved.case_revision) == ("approved", "cy", 1)
