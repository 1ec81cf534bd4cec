"""Engagements at the service: activation with the contract, the review cycle from the policy (and
an overlay), reviews moving the next date, the review-due alert, obligations with proof and
waivers, maker-checker requests with the exit checklist, and real concurrency on both databases."""

import datetime as dt
import hashlib
import textwrap
from pathlib import Path

import pytest

from hrdd.catalog import default_catalog, load_catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, PermissionDenied
from hrdd.model.engagement import add_months, review_cycle
from hrdd.services import conditions, engagements, post_sale
from hrdd.services.alerts import REVIEW_DUE, addressees, list_alerts
from hrdd.services.duedates import raise_reviews_due
from hrdd.services.evidence import add_evidence
from hrdd.services.review import add_condition
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store.cases import get_case
from tests.services.engagement_fixtures import ANALYST, ANALYST2, APPROVER, APPROVER2, approved_case, at_once

START = dt.date(2026, 1, 31)


def _state(store: Store, case_id: str) -> str:
    with store.transaction() as conn:
        row = get_case(conn, case_id)
    assert row is not None
    return row.state


def _actions(store: Store, case_id: str) -> list[str]:
    with store.transaction() as conn:
        return [e.action for e in audit.entries(conn, entity_id=case_id)]


def _activate(store: Store, case_id: str, start: dt.date = START) -> engagements.EngagementRow:
    return engagements.activate(store, ANALYST, case_id, "C-2026-017", start, None, "Contract signed")


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 6, 15), 24) == dt.date(2028, 6, 15)


def test_the_shipped_policy_reviews_higher_risk_more_often() -> None:
    months = default_catalog().policy.review_months
    assert [review_cycle(months, lv) for lv in ("critical", "high", "medium", "low")] == [3, 6, 12, 24]
    assert review_cycle(months, None) == 3  # unassessed: the most cautious cycle


@pytest.mark.parametrize(("level", "months"), [("high", 6), ("medium", 12), ("low", 24)])
def test_activation_sets_the_cycle_from_the_residual_level(store: Store, level: str, months: int) -> None:
    case_id = approved_case(store, level)
    engagement = _activate(store, case_id)
    assert (engagement.review_months, engagement.residual_level) == (months, level)
    assert engagement.next_review == add_months(START, months)
    assert _state(store, case_id) == "active"
    assert _actions(store, case_id)[-1] == "case.activate"


def test_a_company_overlay_changes_the_cycle(store: Store, tmp_path: Path) -> None:
    overlay = tmp_path / "policy.yaml"
    overlay.write_text(textwrap.dedent("""\
        kind: policy
        adjust:
          - review_months: {critical: 1, high: 4, medium: 9, low: 18}
        """), encoding="utf-8")
    catalog = load_catalog([overlay])
    case_id = approved_case(store, "high")
    engagement = engagements.activate(store, ANALYST, case_id, "C-1", START, None, "Contract signed", catalog=catalog)
    assert engagement.review_months == 4 and engagement.next_review == dt.date(2026, 5, 31)


def test_an_overlay_cannot_review_a_higher_risk_less_often(tmp_path: Path) -> None:
    from hrdd.exc import CatalogError

    overlay = tmp_path / "policy.yaml"
    overlay.write_text("kind: policy\nadjust:\n  - review_months: {critical: 12, high: 6, medium: 12, low: 24}\n",
                       encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog([overlay])
    assert any(p.field == "review_months" for p in caught.value.problems)


def test_only_an_approved_case_is_activated_with_a_valid_contract(store: Store) -> None:
    case_id = approved_case(store)
    with pytest.raises(InvalidInput) as caught:
        engagements.activate(store, ANALYST, case_id, "C-1", START, START - dt.timedelta(days=1), "Contract signed")
    assert caught.value.problems[0].field == "contract_end"
    with pytest.raises(InvalidInput) as caught:
        engagements.activate(store, ANALYST, case_id, "  ", START, None, "Contract signed")
    assert caught.value.problems[0].field == "contract_ref"
    with pytest.raises(PermissionDenied):
        engagements.activate(store, APPROVER, case_id, "C-1", START, None, "Contract signed")
    _activate(store, case_id)
    with pytest.raises(Conflict, match="only an approved case"):
        _activate(store, case_id)


def test_a_review_moves_the_next_date_and_a_stale_one_is_refused(store: Store) -> None:
    case_id = approved_case(store, "high")
    engagement = _activate(store, case_id)
    on = dt.date(2026, 7, 20)
    review = engagements.record_review(store, APPROVER, case_id, on, "Audit logs checked; no misuse found",
                                       revision=engagement.revision)
    assert review.next_review == add_months(on, 6)
    now = engagements.get_engagement(store, ANALYST, case_id)
    assert (now.next_review, now.last_review, now.revision) == (add_months(on, 6), on, engagement.revision + 1)
    with pytest.raises(Conflict, match="changed"):
        engagements.record_review(store, ANALYST, case_id, on, "Same review again from an old page",
                                  revision=engagement.revision)
    with pytest.raises(InvalidInput) as caught:
        engagements.record_review(store, ANALYST, case_id, dt.date.today() + dt.timedelta(days=2), "Ahead of time")
    assert caught.value.problems[0].field == "reviewed_on"
    with pytest.raises(InvalidInput) as caught:
        engagements.record_review(store, ANALYST, case_id, on, "ok")
    assert caught.value.problems[0].field == "outcome"
    assert _actions(store, case_id).count("engagement.review") == 1


def test_a_due_review_raises_one_alert_per_review_date(store: Store) -> None:
    case_id = approved_case(store, "high")
    engagement = _activate(store, case_id, START)
    due = engagement.next_review
    assert raise_reviews_due(store, due - dt.timedelta(days=1)) == []
    (alert_id,) = raise_reviews_due(store, due)
    assert raise_reviews_due(store, due + dt.timedelta(days=3)) == []  # once per engagement and date
    rows, _ = list_alerts(store, ANALYST, case_id=case_id)
    (row,) = rows
    assert row.id == alert_id and row.kind == REVIEW_DUE and "user:ana" in addressees(row.audience)
    assert row.explanation["next_review"] == due.isoformat()
    engagements.record_review(store, ANALYST, case_id, due, "Reviewed on time; conditions in place")
    assert raise_reviews_due(store, due + dt.timedelta(days=3)) == []
    assert len(raise_reviews_due(store, add_months(due, 6))) == 1  # the next date alerts again


def test_a_suspended_engagement_is_still_reviewed_a_closed_one_is_not(store: Store) -> None:
    case_id = approved_case(store, "high")
    due = _activate(store, case_id).next_review
    req = post_sale.request_transition(store, ANALYST, case_id, "close", "Contract ended early")
    post_sale.decide_request(store, APPROVER, req.id, True, "Closure agreed")
    assert raise_reviews_due(store, due) == []


def _evidence(store: Store, case_id: str, tmp_path: Path, text: str = "delivery note signed") -> tuple[int, str]:
    settings = Settings(home=tmp_path / "home", database_url=store.engine.url.render_as_string(hide_password=False))
    data = text.encode()
    row = add_evidence(store, ANALYST, case_id, "proof.txt", data, "proof", settings)
    return row.id, hashlib.sha256(data).hexdigest()


def test_an_obligation_is_done_only_with_proof_of_its_own_case(store: Store, tmp_path: Path) -> None:
    case_id, other = approved_case(store), approved_case(store)
    _activate(store, case_id)
    cond = add_condition(store, ANALYST, case_id, "audit_rights", "ana", dt.date(2026, 6, 30))
    with pytest.raises(InvalidInput) as caught:
        conditions.set_condition_status(store, ANALYST, cond.id, "done")
    assert caught.value.problems[0].field == "evidence_id"
    foreign, _ = _evidence(store, other, tmp_path)
    with pytest.raises(InvalidInput) as caught:
        conditions.set_condition_status(store, ANALYST, cond.id, "done", evidence_id=foreign)
    assert caught.value.problems[0].field == "evidence_id"
    proof, sha = _evidence(store, case_id, tmp_path, "audit report 2026")
    with pytest.raises(InvalidInput) as caught:
        conditions.set_condition_status(store, ANALYST, cond.id, "done", evidence_id=proof, sha256="0" * 64)
    assert caught.value.problems[0].field == "sha256"
    done = conditions.set_condition_status(store, ANALYST, cond.id, "done", evidence_id=proof, sha256=sha,
                                           revision=cond.revision)
    assert (done.status, done.proof_evidence_id, done.proof_sha256, done.status_by, done.revision) == (
        "done", proof, sha, "ana", cond.revision + 1)
    with pytest.raises(Conflict, match="changed"):
        conditions.set_condition_status(store, ANALYST, cond.id, "open", reason="Reopened from an old page",
                                        revision=cond.revision)
    reopened = conditions.set_condition_status(store, ANALYST, cond.id, "open", reason="The audit was incomplete")
    assert (reopened.status, reopened.proof_evidence_id, reopened.proof_sha256) == ("open", None, None)


def test_waiving_an_obligation_needs_an_approver_and_a_reason(store: Store) -> None:
    case_id = approved_case(store)
    cond = add_condition(store, ANALYST, case_id, "audit_rights", "ana", dt.date(2026, 6, 30))
    with pytest.raises(PermissionDenied):
        conditions.set_condition_status(store, ANALYST, cond.id, "waived", reason="Not needed any more")
    with pytest.raises(InvalidInput) as caught:
        conditions.set_condition_status(store, APPROVER, cond.id, "waived")
    assert caught.value.problems[0].field == "reason"
    waived = conditions.set_condition_status(store, APPROVER, cond.id, "waived",
                                             reason="Replaced by the on-site audit of March")
    assert (waived.status, waived.status_by, waived.waiver_reason) == (
        "waived", "cy", "Replaced by the on-site audit of March")
    assert _actions(store, case_id)[-1] == "condition.status"


def test_suspension_is_requested_by_one_and_approved_by_another(store: Store) -> None:
    case_id = approved_case(store)
    _activate(store, case_id)
    with pytest.raises(InvalidInput) as caught:
        post_sale.request_transition(store, ANALYST, case_id, "activate", "Not a request")
    assert caught.value.problems[0].field == "action"
    with pytest.raises(Conflict):
        post_sale.request_transition(store, ANALYST, case_id, "resume", "Nothing to resume")
    req = post_sale.request_transition(store, ANALYST, case_id, "suspend", "Credible report of misuse")
    assert _state(store, case_id) == "active"  # a request alone changes nothing
    with pytest.raises(Conflict, match="already waiting"):
        post_sale.request_transition(store, ANALYST2, case_id, "suspend", "Same report, second analyst")
    with pytest.raises(PermissionDenied):
        post_sale.decide_request(store, ANALYST2, req.id, True, "An analyst cannot approve")
    # the requester holding the approver role later still cannot approve their own request
    from hrdd.services.permissions import Actor, Role
    with pytest.raises(Conflict, match="maker-checker"):
        post_sale.decide_request(store, Actor("ana", Role.APPROVER), req.id, True, "My own request")
    _, items = post_sale.checklist(store, ANALYST, req.id)
    assert [i.step for i in items] == post_sale.exit_steps("suspend") and not any(i.done for i in items)
    approved = post_sale.decide_request(store, APPROVER, req.id, True, "Suspend pending review")
    assert (approved.status, approved.decided_by) == ("approved", "cy") and _state(store, case_id) == "suspended"
    with pytest.raises(Conflict, match="already approved"):
        post_sale.decide_request(store, APPROVER2, req.id, False, "Too late")
    assert _actions(store, case_id)[-2:] == ["engagement.request", "case.suspend"]


def test_a_rejected_request_moves_nothing_and_closes_its_checklist(store: Store) -> None:
    case_id = approved_case(store)
    _activate(store, case_id)
    req = post_sale.request_transition(store, ANALYST, case_id, "suspend", "Unconfirmed press report")
    rejected = post_sale.decide_request(store, APPROVER, req.id, False, "Not credible; engage first")
    assert rejected.status == "rejected" and _state(store, case_id) == "active"
    _, items = post_sale.checklist(store, ANALYST, req.id)
    with pytest.raises(Conflict, match="closed"):
        post_sale.tick(store, ANALYST, items[0].id, True, "Sent the letter anyway")


def test_termination_needs_a_complete_checklist_and_keeps_what_the_suspension_did(store: Store) -> None:
    case_id = approved_case(store)
    _activate(store, case_id)
    suspend = post_sale.request_transition(store, ANALYST, case_id, "suspend", "Credible report of misuse")
    post_sale.decide_request(store, APPROVER, suspend.id, True, "Suspend pending review")
    _, items = post_sale.checklist(store, ANALYST, suspend.id)
    remote = next(i for i in items if i.step == "remote_access_revoked")
    post_sale.tick(store, ANALYST2, remote.id, True, "VPN tunnel and support accounts closed on 3 March")
    with pytest.raises(Conflict, match="changed"):
        post_sale.tick(store, ANALYST, remote.id, False, "From an old page", revision=remote.revision)

    term = post_sale.request_transition(store, ANALYST, case_id, "terminate", "Misuse confirmed by the review")
    _, items = post_sale.checklist(store, ANALYST, term.id)
    assert [i.step for i in items] == post_sale.exit_steps("terminate")
    carried = {i.step: i for i in items if i.done}
    assert set(carried) == {"remote_access_revoked"} and carried["remote_access_revoked"].ticked_by == "bo"
    with pytest.raises(Conflict, match="exit checklist") as caught:
        post_sale.decide_request(store, APPROVER, term.id, True, "Terminate")
    assert {p.field for p in caught.value.problems} == {f"checklist.{i.step}" for i in items if not i.done}
    assert _state(store, case_id) == "suspended"
    for item in items:
        if item.step == "authorities_notified":
            post_sale.tick(store, ANALYST, item.id, False, "No licence condition or designation requires it")
        elif not item.done:
            post_sale.tick(store, ANALYST, item.id, True, f"{item.step} done and recorded")
    post_sale.decide_request(store, APPROVER, term.id, True, "Terminate: exit complete")
    assert _state(store, case_id) == "terminated"
    assert _actions(store, case_id).count("case.terminate") == 1


def test_the_engagement_view_reads_everything_at_once(store: Store) -> None:
    case_id = approved_case(store)
    pending = engagements.engagement_view(store, ANALYST, case_id)
    assert pending.engagement is None  # approved, not activated yet: the page offers activation
    _activate(store, case_id)
    add_condition(store, ANALYST, case_id, "audit_rights", "ana", dt.date(2020, 1, 1))
    req = post_sale.request_transition(store, ANALYST, case_id, "suspend", "Credible report of misuse")
    view = engagements.engagement_view(store, APPROVER, case_id)
    assert view.engagement is not None and [r.id for r in view.pending] == [req.id]
    assert view.overdue(view.conditions[0]) and len(view.checklists[req.id]) == len(post_sale.exit_steps("suspend"))
    assert "case.activate" in [e.action for e in view.trail]
    (line,) = engagements.list_engagements(store, ANALYST)
    assert (line.overdue_conditions, line.pending_requests, line.state) == (1, 1, "active")
    assert engagements.list_engagements(store, ANALYST, due_only=True, today=dt.date(2026, 2, 1))
    # the navigation's count is the length of that list, counted by the database
    for day in (dt.date(2019, 1, 1), dt.date(2026, 2, 1)):
        assert engagements.count_due(store, ANALYST, today=day) == len(
            engagements.list_engagements(store, ANALYST, due_only=True, today=day))
    assert engagements.count_due(store, ANALYST, today=dt.date(2026, 2, 1)) == 1
    with pytest.raises(NotFound):
        engagements.engagement_view(store, ANALYST, "HRDD-1999-0001")


# --- real concurrency: threads against the store, on SQLite and on PostgreSQL ---

def test_of_concurrent_approvals_and_rejections_exactly_one_wins(store: Store) -> None:
    from hrdd.services.permissions import Actor, Role

    case_id = approved_case(store)
    _activate(store, case_id)
    req = post_sale.request_transition(store, ANALYST, case_id, "terminate", "Misuse confirmed")
    _, items = post_sale.checklist(store, ANALYST, req.id)
    for item in items:
        post_sale.tick(store, ANALYST, item.id, True, f"{item.step} done")
    approvers = [Actor(f"approver{i}", Role.APPROVER) for i in range(8)]
    results = at_once(8, lambda i: post_sale.decide_request(store, approvers[i], req.id, i % 2 == 0,
                                                            f"decision {i}"))
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception)), results
    expected = "terminated" if winners[0].status == "approved" else "active"
    assert _state(store, case_id) == expected
    logged = _actions(store, case_id)
    assert logged.count("case.terminate") + logged.count("engagement.reject") == 1


def test_of_two_different_requests_approved_at_once_one_moves_the_case(store: Store) -> None:
    case_id = approved_case(store)
    _activate(store, case_id)
    suspend = post_sale.request_transition(store, ANALYST, case_id, "suspend", "Credible report of misuse")
    close = post_sale.request_transition(store, ANALYST2, case_id, "close", "Customer ended the contract")
    results = at_once(2, lambda i: post_sale.decide_request(store, (APPROVER, APPROVER2)[i],
                                                            (suspend, close)[i].id, True, "Agreed"))
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception)), results
    assert _state(store, case_id) in ("suspended", "closed")


def test_of_concurrent_status_changes_of_an_obligation_one_wins(store: Store, tmp_path: Path) -> None:
    case_id = approved_case(store)
    _activate(store, case_id)
    cond = add_condition(store, ANALYST, case_id, "audit_rights", "ana", dt.date(2026, 6, 30))
    proof, _ = _evidence(store, case_id, tmp_path)

    def change(i: int) -> object:
        if i % 2:
            return conditions.set_condition_status(store, APPROVER, cond.id, "waived", reason=f"waiver {i}",
                                                   revision=cond.revision)
        return conditions.set_condition_status(store, ANALYST, cond.id, "done", evidence_id=proof,
                                               revision=cond.revision)

    results = at_once(6, change)
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception)), results
    assert _actions(store, case_id).count("condition.status") == 1
