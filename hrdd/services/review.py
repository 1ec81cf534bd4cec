"""Reviewing screening hits, conditions and decisions (maker-checker) on a stored case."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model import Recommendation
from hrdd.model.lifecycle import EDITABLE, State, transition
from hrdd.model.screening import Verdict
from hrdd.services.cases import required_reason
from hrdd.services.permissions import Actor, require
from hrdd.services.revisions import check_tag
from hrdd.settings import Settings, get_settings
from hrdd.store import Store, audit, work
from hrdd.store import hit_reviews as review_rows
from hrdd.store import hits as hit_rows
from hrdd.store.cases import CaseRow, get_case, latest_report, set_state

HIT_STATUSES = tuple(v.value for v in Verdict)
OUTCOMES = tuple(r.value for r in Recommendation)


def _reviewable(conn: Any, case_id: str, tag: str | None) -> CaseRow:
    """The case of a hit, when its hits may be reviewed: while it is being prepared, not while a
    proposal waits or after the decision."""
    case = get_case(conn, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    check_tag(conn, case, tag)
    if State(case.state) not in EDITABLE:
        raise Conflict(f"case {case_id} is {case.state}: its hits can be reviewed while it is being prepared "
                       "(draft, assessed or rejected)")
    return case


def review_hit(store: Store, actor: Actor, hit_id: int, status: str, reason: str,
               settings: Settings | None = None, *, tag: str | None = None,
               entity: str | None = None) -> hit_rows.HitRow:
    """Record the reviewer's judgement on a hit of a case, for its whole group (the same listed
    entity on every list that carries it). The review is kept by screened name and listed entity
    with the entity's content (``hrdd.store.hit_reviews``): later screenings of the case show it
    while the entity is unchanged, and ask again when it changed. Later screenings of the same name
    in other cases apply it too (``hrdd.services.screening``).

    Hit rows are written anew by each screening, so a row id from a page shown before the case was
    screened again may name another entry now: ``entity`` (``{source}-{entry_id}``, sent by the page
    with the id) must still be the row's, else Conflict and nothing is recorded."""
    from hrdd.services.hit_reviews import group_of
    from hrdd.services.judgements import prepare_judgement, record_judgement

    require(actor, "hit.review")
    if status not in HIT_STATUSES:
        raise InvalidInput("unknown judgement", [Problem("unknown judgement", field="status",
                                                         expected=" or ".join(HIT_STATUSES), found=repr(status))])
    reason = required_reason(reason)
    with store.transaction() as conn:
        hit = hit_rows.get_hit(conn, hit_id)
        if hit is None:
            raise NotFound(f"no hit {hit_id}")
        _reviewable(conn, hit.case_id, tag)
        if entity is not None and entity != f"{hit.source}-{hit.entry_id}":
            raise Conflict(f"the case was screened again since the page was shown: hit {hit_id} is now "
                           f"{hit.source} {hit.entry_id}, not {entity}; reload the page and review again")
        members = [h for h in hit_rows.list_hits(conn, hit.case_id) if group_of(h) == group_of(hit)] or [hit]
    # checked first: each entry must still be in the loaded lists, and its digest is recorded
    judgements = [prepare_judgement(member.query, f"{member.source}-{member.entry_id}", status, reason,
                                    settings=settings, reviewer=actor.username) for member in members]
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        case = _reviewable(conn, hit.case_id, tag)
        for judgement in judgements:
            record_judgement(conn, judgement)
        for member in members:
            review_rows.put_review(conn, review_rows.ReviewRow(
                case_id=hit.case_id, query=member.query, entity_key=f"{member.source}-{member.entry_id}",
                content_hash=member.entry_hash, content=member.detail.get("entity"), status=status, reason=reason,
                reviewed_by=actor.username, reviewed_at=now, reviewed_revision=case.revision))
            hit_rows.review_hit(conn, member.id, status=status, reviewer=actor.username, reason=reason,
                                revision=case.revision)
        audit.append(conn, actor=actor.username, action="hit.review", entity="case", entity_id=hit.case_id,
                     before={"hit": hit_id, "entry_id": hit.entry_id, "status": hit.status},
                     after={"hit": hit_id, "entry_id": hit.entry_id, "status": status, "reason": reason,
                            "revision": case.revision,
                            "entities": [f"{m.source}-{m.entry_id}" for m in members]})
        updated = hit_rows.get_hit(conn, hit_id)
    assert updated is not None
    return updated


def list_hits(store: Store, actor: Actor, case_id: str) -> list[hit_rows.HitRow]:
    require(actor, "case.read")
    with store.transaction() as conn:
        return hit_rows.list_hits(conn, case_id)


def add_condition(store: Store, actor: Actor, case_id: str, safeguard: str, owner: str, due: dt.date,
                  note: str = "") -> work.ConditionRow:
    require(actor, "condition.write")
    from hrdd.catalog import default_catalog

    catalog = default_catalog()
    if safeguard not in catalog.safeguards:
        raise InvalidInput("unknown safeguard", [Problem("unknown safeguard id", field="safeguard",
                                                         found=repr(safeguard),
                                                         suggestion=catalog.suggest("safeguards", safeguard))])
    if not owner.strip():
        raise InvalidInput("an owner is required", [Problem("missing owner", field="owner", expected="a name")])
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        row = work.insert_condition(conn, case_id=case_id, safeguard=safeguard, owner=owner.strip(), due=due,
                                    note=note)
        audit.append(conn, actor=actor.username, action="condition.add", entity="case", entity_id=case_id,
                     after={"condition": row.id, "safeguard": safeguard, "owner": row.owner, "due": due.isoformat()})
    return row


def set_condition_status(store: Store, actor: Actor, condition_id: int, status: str, note: str = "", *,
                         evidence_id: int | None = None, sha256: str | None = None, reason: str = "",
                         revision: int | None = None) -> work.ConditionRow:
    """Open, done (with proof) or waived (by an approver, with a reason): hrdd.services.conditions."""
    from hrdd.services.conditions import set_condition_status as set_status

    return set_status(store, actor, condition_id, status, note=note, evidence_id=evidence_id, sha256=sha256,
                      reason=reason, revision=revision)


def propose_decision(store: Store, actor: Actor, case_id: str, outcome: str, rationale: str, *,
                     tag: str | None = None) -> work.DecisionRow:
    """The maker: an analyst proposes the decision on the assessed revision of a case."""
    propose = transition("propose")
    require(actor, propose.permission)
    if outcome not in OUTCOMES:
        raise InvalidInput("unknown outcome", [Problem("unknown outcome", field="outcome",
                                                       expected=", ".join(OUTCOMES), found=repr(outcome))])
    rationale = required_reason(rationale, "rationale")
    with store.transaction() as conn:
        case = get_case(conn, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        check_tag(conn, case, tag)
        if case.state == State.PROPOSED:
            raise Conflict("a decision is already waiting for approval")
        if case.recommendation is None:
            raise Conflict("assess the case before proposing a decision")
        if State(case.state) not in propose.sources:
            raise Conflict(f"case {case_id} is {case.state}: a decision can be proposed on an assessed case")
        if not set_state(conn, case_id, expected=propose.sources, revision=case.revision, new=propose.target):
            raise Conflict(f"case {case_id} changed while the decision was being proposed; reload and try again")
        row = work.insert_decision(conn, case_id=case_id, case_revision=case.revision, outcome=outcome,
                                   rationale=rationale, prepared_by=actor.username)
        audit.append(conn, actor=actor.username, action="decision.propose", entity="case", entity_id=case_id,
                     after={"decision": row.id, "outcome": outcome, "recommendation": case.recommendation,
                            "revision": case.revision})
    return row


def resolve_decision(store: Store, actor: Actor, decision_id: int, approve: bool, note: str, *,
                     tag: str | None = None, justifications: Mapping[str, str] | None = None,
                     settings: Settings | None = None) -> work.DecisionRow:
    """The checker: someone with the approver role who neither prepared the case nor proposed it.

    Two compare-and-sets in one transaction: the decision from proposed, the case from proposed
    at the decision's revision. Of any number of concurrent approvals and rejections exactly one
    wins; the others get Conflict and change nothing.

    An approval goes past every blocking warning (``hrdd.services.approval``: a hard stop or red
    line, a lenient departure from the engine, unreviewed hits, open questions, overridden
    evidence, stale data) only with a written justification of each in ``justifications`` (by
    warning code), checked here in the approving transaction (InvalidInput naming
    ``justifications.<code>`` otherwise) and kept on the decision.
    """
    from hrdd.services.approval import justified, warnings_for
    step = transition("approve" if approve else "reject")
    require(actor, step.permission)
    note = required_reason(note, "note")
    status = "approved" if approve else "rejected"
    with store.transaction() as conn:
        decision = work.get_decision(conn, decision_id)
        if decision is None:
            raise NotFound(f"no decision {decision_id}")
        case = get_case(conn, decision.case_id)
        assert case is not None
        check_tag(conn, case, tag)
        if actor.username in (decision.prepared_by, case.created_by):
            raise Conflict("maker-checker: the person who prepared the case or proposed the decision cannot approve it")
        if decision.status != "proposed":
            raise Conflict(f"decision {decision_id} is already {decision.status}")
        weighed = None
        if approve:
            found = latest_report(conn, case.id)
            weighed = justified(warnings_for(found[1] if found else None, case.id, decision.outcome,
                                             hit_rows.list_hits(conn, case.id), settings or get_settings()),
                                justifications or {})
        if not work.resolve_decision(conn, decision_id, status=status, approved_by=actor.username, note=note,
                                     warnings=weighed):
            raise Conflict(f"decision {decision_id} was resolved by someone else in the meantime")
        revision = decision.case_revision if decision.case_revision is not None else case.revision
        if not set_state(conn, case.id, expected=step.sources, revision=revision, new=step.target):
            raise Conflict(f"case {case.id} is no longer waiting on decision {decision_id} at revision {revision}")
        audit.append(conn, actor=actor.username, action=f"decision.{'approve' if approve else 'reject'}",
                     entity="case", entity_id=case.id,
                     before={"decision": decision_id, "status": "proposed", "prepared_by": decision.prepared_by,
                             "state": State.PROPOSED.value},
                     after={"decision": decision_id, "status": status, "approved_by": actor.username,
                            "outcome": decision.outcome, "revision": revision, "state": step.target.value,
                            **({"justified": {w["code"]: w["justification"] for w in weighed}} if weighed else {})})
        resolved = work.get_decision(conn, decision_id)
    assert resolved is not None
    return resolved


def withdraw_decision(store: Store, actor: Actor, decision_id: int, reason: str) -> work.DecisionRow:
    """Take back a waiting proposal (so that the case can be edited or proposed again), audited."""
    step = transition("withdraw")
    require(actor, step.permission)
    reason = required_reason(reason)
    with store.transaction() as conn:
        decision = work.get_decision(conn, decision_id)
        if decision is None:
            raise NotFound(f"no decision {decision_id}")
        if decision.status != "proposed":
            raise Conflict(f"decision {decision_id} is already {decision.status}")
        if not work.resolve_decision(conn, decision_id, status="withdrawn", approved_by=actor.username, note=reason):
            raise Conflict(f"decision {decision_id} was resolved by someone else in the meantime")
        case = get_case(conn, decision.case_id)
        assert case is not None
        revision = decision.case_revision if decision.case_revision is not None else case.revision
        if not set_state(conn, case.id, expected=step.sources, revision=revision, new=step.target):
            raise Conflict(f"case {case.id} is no longer waiting on decision {decision_id}")
        audit.append(conn, actor=actor.username, action="decision.withdraw", entity="case", entity_id=case.id,
                     before={"decision": decision_id, "status": "proposed", "state": State.PROPOSED.value},
                     after={"decision": decision_id, "status": "withdrawn", "reason": reason,
                            "state": step.target.value})
        withdrawn = work.get_decision(conn, decision_id)
    assert withdrawn is not None
    return withdrawn


def list_conditions(store: Store, actor: Actor, case_id: str) -> list[work.ConditionRow]:
    require(actor, "case.read")
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        return work.list_conditions(conn, case_id)


def list_decisions(store: Store, actor: Actor, case_id: str) -> list[work.DecisionRow]:
    require(actor, "case.read")
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        return work.list_decisions(conn, case_id)
