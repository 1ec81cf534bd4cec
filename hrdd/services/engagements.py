"""Engagements: an approved sale activated with its contract, reviewed on a cycle set by its risk.

``activate`` turns an approved case into an active engagement (one person with ``case.lifecycle``,
compare-and-set on the case, audited): the contract reference and dates, and a review cycle from
the policy's ``review_months`` for the case's residual level (the company overlay may change it).
``record_review`` keeps a periodic review and moves the next review date on by one cycle
(compare-and-set on the engagement's revision). The conditions of the case are the engagement's
obligations (``hrdd.services.conditions``); suspension, resumption, termination and closure are
requested and approved by two people (``hrdd.services.post_sale``). docs/lifecycle.md, "Engagements".
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.engagement import REASON_MIN, add_months, review_cycle
from hrdd.model.lifecycle import ENGAGED, State, transition
from hrdd.model.limits import CONTRACT_REF_MAX, TEXT_MAX
from hrdd.services.cases import required_reason
from hrdd.services.permissions import Actor, can, require
from hrdd.services.revisions import check_tag
from hrdd.store import Store, audit, work
from hrdd.store import cases as case_rows
from hrdd.store import engagements as rows
from hrdd.store import evidence as evidence_rows
from hrdd.store.audit import AuditEntry
from hrdd.store.cases import CaseRow
from hrdd.store.engagements import ChecklistRow, EngagementRow, EngagementSummary, RequestRow, ReviewRow


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _case(conn: Any, case_id: str) -> CaseRow:
    row = case_rows.get_case(conn, case_id)
    if row is None:
        raise NotFound(f"no case {case_id}")
    return row


def _contract(contract_ref: str, start: dt.date, end: dt.date | None) -> str:
    ref = contract_ref.strip()
    problems = []
    if not ref or len(ref) > CONTRACT_REF_MAX or any(ord(ch) < 32 for ch in ref):
        problems.append(Problem("give the contract's reference", field="contract_ref",
                                expected=f"1 to {CONTRACT_REF_MAX} characters on one line", found=repr(contract_ref)))
    if end is not None and end < start:
        problems.append(Problem("the contract cannot end before it starts", field="contract_end",
                                expected=f"a date on or after {start.isoformat()}", found=end.isoformat()))
    if problems:
        raise InvalidInput("the contract is not valid", problems)
    return ref


def activate(store: Store, actor: Actor, case_id: str, contract_ref: str, contract_start: dt.date,
             contract_end: dt.date | None, reason: str, *, tag: str | None = None,
             catalog: Catalog | None = None) -> EngagementRow:
    """Make an approved case an active engagement with its contract; the first review falls one
    cycle after the contract starts."""
    step = transition("activate")
    require(actor, step.permission)
    ref = _contract(contract_ref, contract_start, contract_end)
    reason = required_reason(reason)
    policy = (catalog or default_catalog()).policy
    with store.transaction() as conn:
        case = _case(conn, case_id)
        check_tag(conn, case, tag)
        if State(case.state) not in step.sources:
            raise Conflict(f"case {case_id} is {case.state}: only an approved case can be activated")
        level = case.residual_level or "unassessed"
        months = review_cycle(policy.review_months, case.residual_level)
        if not case_rows.set_state(conn, case_id, expected={State(case.state)}, revision=case.revision,
                                   new=step.target):
            raise Conflict(f"case {case_id} changed while it was being activated; reload and try again")
        engagement = rows.put_engagement(conn, case_id=case_id, contract_ref=ref, contract_start=contract_start,
                                         contract_end=contract_end, residual_level=level, review_months=months,
                                         next_review=add_months(contract_start, months), activated_by=actor.username)
        audit.append(conn, actor=actor.username, action="case.activate", entity="case", entity_id=case_id,
                     before={"state": case.state, "revision": case.revision},
                     after={"state": step.target.value, "revision": case.revision, "reason": reason,
                            "contract_ref": ref, "contract_start": contract_start.isoformat(),
                            "contract_end": contract_end.isoformat() if contract_end else None,
                            "residual_level": level, "review_months": months,
                            "next_review": engagement.next_review.isoformat()})
    return engagement


def record_review(store: Store, actor: Actor, case_id: str, reviewed_on: dt.date, outcome: str, *,
                  revision: int | None = None, catalog: Catalog | None = None) -> ReviewRow:
    """Keep a periodic review (who, on which day, its outcome) and move the next review date to one
    cycle after it; the cycle is the policy's for the case's residual level now. ``revision``: the
    engagement revision the reviewer saw (of two reviews recorded from it, one wins)."""
    require(actor, "engagement.review")
    outcome = outcome.strip()
    if len(outcome) < REASON_MIN or len(outcome) > TEXT_MAX:
        raise InvalidInput("describe the review's outcome", [Problem(
            "write what the review found and decided", field="outcome",
            expected=f"{REASON_MIN} to {TEXT_MAX} characters", found=f"{len(outcome)} characters")])
    if reviewed_on > _today():
        raise InvalidInput("a review cannot be recorded ahead of time", [Problem(
            "the review date is in the future", field="reviewed_on", expected=f"on or before {_today()}",
            found=reviewed_on.isoformat())])
    policy = (catalog or default_catalog()).policy
    with store.transaction() as conn:
        case = _case(conn, case_id)
        engagement = rows.get_engagement(conn, case_id)
        if engagement is None:
            raise NotFound(f"case {case_id} is not an engagement (it was never activated)")
        if State(case.state) not in ENGAGED:
            raise Conflict(f"case {case_id} is {case.state}: reviews are recorded on an active or suspended engagement")
        if revision is not None and revision != engagement.revision:
            raise Conflict(f"the engagement of case {case_id} changed (revision {engagement.revision}, not {revision}); "
                           "reload and try again")
        if reviewed_on < engagement.contract_start:
            raise InvalidInput("the review predates the contract", [Problem(
                "the review date is before the contract started", field="reviewed_on",
                expected=f"on or after {engagement.contract_start}", found=reviewed_on.isoformat())])
        level = case.residual_level or engagement.residual_level
        months = review_cycle(policy.review_months, case.residual_level)
        next_review = add_months(reviewed_on, months)
        review = rows.record_review(conn, case_id, revision=engagement.revision, reviewed_by=actor.username,
                                    reviewed_on=reviewed_on, outcome=outcome, next_review=next_review,
                                    residual_level=level, review_months=months)
        if review is None:
            raise Conflict(f"the engagement of case {case_id} changed while the review was recorded; reload and try again")
        audit.append(conn, actor=actor.username, action="engagement.review", entity="case", entity_id=case_id,
                     before={"next_review": engagement.next_review.isoformat(), "revision": engagement.revision},
                     after={"review": review.id, "reviewed_on": reviewed_on.isoformat(), "outcome": outcome,
                            "next_review": next_review.isoformat(), "review_months": months,
                            "revision": engagement.revision + 1})
    return review


ENGAGEMENT_STATES = (State.ACTIVE, State.SUSPENDED, State.TERMINATED, State.CLOSED)


def list_engagements(store: Store, actor: Actor, *, due_only: bool = False, today: dt.date | None = None,
                     include_ended: bool = False, state: State | None = None) -> list[EngagementSummary]:
    """Engagements, those with a review due or a condition overdue first; by default only the ones
    still running (active or suspended); ``state``: only those in that state."""
    require(actor, "case.read")
    states = [state.value] if state is not None else None if include_ended else [s.value for s in ENGAGED]
    with store.transaction() as conn:
        return rows.list_engagements(conn, today=today or _today(), due_only=due_only, states=states)


def count_due(store: Store, actor: Actor, *, today: dt.date | None = None) -> int:
    """How many running engagements have a review due or a condition overdue (the navigation's count)."""
    require(actor, "case.read")
    with store.transaction() as conn:
        return rows.count_due(conn, today=today or _today(), states=[s.value for s in ENGAGED])


@dataclass(frozen=True, slots=True)
class EngagementView:
    """Everything the engagement page shows, read in one transaction."""

    case: CaseRow
    engagement: EngagementRow | None  # None: approved, not activated yet
    conditions: list[work.ConditionRow]
    evidence: list[evidence_rows.EvidenceRow]
    reviews: list[ReviewRow]
    requests: list[RequestRow]
    checklists: dict[int, list[ChecklistRow]] = field(default_factory=dict)  # by request id
    trail: list[AuditEntry] = field(default_factory=list)  # empty when the actor may not read the audit log
    today: dt.date = field(default_factory=_today)

    @property
    def pending(self) -> list[RequestRow]:
        return [r for r in self.requests if r.status == "pending"]

    @property
    def review_due(self) -> bool:
        return self.engagement is not None and self.engagement.next_review <= self.today

    def overdue(self, condition: work.ConditionRow) -> bool:
        return condition.status == "open" and condition.due < self.today


def engagement_view(store: Store, actor: Actor, case_id: str) -> EngagementView:
    require(actor, "case.read")
    with store.transaction() as conn:
        case = _case(conn, case_id)
        engagement = rows.get_engagement(conn, case_id)
        requests = rows.list_requests(conn, case_id)
        if engagement is None and not requests and case.state != State.APPROVED:
            raise NotFound(f"case {case_id} is not an engagement (it was never activated)")
        return EngagementView(
            case=case, engagement=engagement, conditions=work.list_conditions(conn, case_id),
            evidence=evidence_rows.list_evidence(conn, case_id) if can(actor, "evidence.read") else [],
            reviews=rows.list_reviews(conn, case_id) if engagement else [], requests=requests,
            checklists={r.id: rows.list_checklist(conn, r.id) for r in requests},
            trail=audit.entries(conn, entity_id=case_id) if can(actor, "audit.read") else [])


def get_engagement(store: Store, actor: Actor, case_id: str) -> EngagementRow:
    require(actor, "case.read")
    with store.transaction() as conn:
        _case(conn, case_id)
        found = rows.get_engagement(conn, case_id)
    if found is None:
        raise NotFound(f"case {case_id} is not an engagement (it was never activated)")
    return found


__all__ = [
    "ChecklistRow",
    "EngagementRow",
    "EngagementSummary",
    "EngagementView",
    "RequestRow",
    "ReviewRow",
    "activate",
    "engagement_view",
    "get_engagement",
    "list_engagements",
    "record_review",
]
