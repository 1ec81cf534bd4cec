"""Maker-checker after the sale: suspend, resume, terminate and close are requested by one person
and approved by another.

A request records the action, the reason and the state the case was in. Approving it is two
compare-and-sets in one transaction: the request from ``pending`` and the case from the state the
request was made in; of any number of concurrent approvals and rejections exactly one wins, the
others get Conflict and change nothing. The requester can never approve their own request.

A suspension or termination request carries the exit checklist (``hrdd/catalogs/exit_steps.yaml``):
the steps whose ``applies_to`` names it, ticked one by one with a note (compare-and-set on each
item's revision). A termination whose case was suspended starts from the suspension's checklist
(steps already done stay done, with where they came from). A termination is approved only when
every item is done or has a stated reason for staying open.
"""

from typing import Any

from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.engagement import REASON_MIN, ChecklistItem, checklist_blockers
from hrdd.model.lifecycle import CHECKED, State, allows, transition
from hrdd.model.limits import TEXT_MAX
from hrdd.services.cases import required_reason
from hrdd.services.permissions import Actor, require
from hrdd.store import Store, audit
from hrdd.store import cases as case_rows
from hrdd.store import engagements as rows
from hrdd.store.engagements import ChecklistRow, RequestRow


def exit_steps(action: str, catalog: Catalog | None = None) -> list[str]:
    """The exit step ids a request for ``action`` carries, in the catalogue's order."""
    steps = (catalog or default_catalog()).exit_steps.values()
    return [s.id for s in sorted(steps, key=lambda s: (s.order, s.id)) if action in s.applies_to]


def _carried(conn: Any, case_id: str) -> dict[str, ChecklistRow]:
    """The done items of the last approved suspension of the case, by step."""
    suspensions = [r for r in rows.list_requests(conn, case_id, status="approved") if r.action == "suspend"]
    if not suspensions:
        return {}
    return {i.step: i for i in rows.list_checklist(conn, suspensions[-1].id) if i.done}


def request_transition(store: Store, actor: Actor, case_id: str, action: str, reason: str, *,
                       seen: str | None = None, catalog: Catalog | None = None) -> RequestRow:
    """Ask for a post-sale transition; it happens when someone else approves it. ``seen``: the state
    the requester saw (the request is refused when the case is no longer in it)."""
    if action not in CHECKED:
        raise InvalidInput("not a post-sale request", [Problem(
            "unknown action", field="action", expected=", ".join(CHECKED), found=repr(action))])
    step = transition(action)
    require(actor, step.permission)
    reason = required_reason(reason)
    steps = exit_steps(action, catalog) if step.exit_checklist else []
    with store.transaction() as conn:
        case = case_rows.get_case(conn, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        if seen is not None and case.state != seen:
            raise Conflict(f"case {case_id} is {case.state}, no longer {seen}; reload and try again")
        if not allows(action, case.state):
            raise Conflict(f"cannot request to {action} case {case_id} while it is {case.state}")
        waiting = [r for r in rows.list_requests(conn, case_id, status="pending") if r.action == action]
        if waiting:
            raise Conflict(f"a request to {action} case {case_id} is already waiting for approval "
                           f"(request {waiting[0].id} by {waiting[0].requested_by})")
        row = rows.insert_request(conn, case_id=case_id, action=action, from_state=case.state, reason=reason,
                                  requested_by=actor.username)
        carried = _carried(conn, case_id) if action == "terminate" else {}
        rows.insert_checklist(conn, row.id, [
            (s, True, f"done for suspension request {carried[s].request_id}: {carried[s].note}"[:TEXT_MAX],
             carried[s].ticked_by) if s in carried else (s, False, "", None) for s in steps])
        audit.append(conn, actor=actor.username, action="engagement.request", entity="case", entity_id=case_id,
                     after={"request": row.id, "action": action, "reason": reason, "state": case.state,
                            "checklist": steps})
    return row


def _request(conn: Any, request_id: int) -> RequestRow:
    found = rows.get_request(conn, request_id)
    if found is None:
        raise NotFound(f"no request {request_id}")
    return found


def decide_request(store: Store, actor: Actor, request_id: int, approve: bool, note: str) -> RequestRow:
    """The checker: a different person with the transition's approval permission approves (the case
    moves) or rejects (nothing moves) a pending request."""
    note = required_reason(note, "note")
    with store.transaction() as conn:
        req = _request(conn, request_id)
        step = transition(req.action)
        assert step.approval is not None
        require(actor, step.approval)
        if actor.username == req.requested_by:
            raise Conflict("maker-checker: the person who requested this cannot approve or reject it")
        if req.status != "pending":
            raise Conflict(f"request {request_id} is already {req.status}")
        case = case_rows.get_case(conn, req.case_id)
        assert case is not None
        if approve and case.state != req.from_state:
            raise Conflict(f"case {case.id} is {case.state} now, not {req.from_state} as when request {request_id} "
                           "was made; reject it or ask for a new one")
        if approve and req.action == "terminate":
            blockers = checklist_blockers(ChecklistItem(i.step, i.done, i.note)
                                          for i in rows.list_checklist(conn, request_id))
            if blockers:
                raise Conflict("the exit checklist is not complete: " + ", ".join(blockers) + " still open without a "
                               "stated reason; tick each one or say why it stays open",
                               [Problem("open exit step without a reason", field=f"checklist.{b}",
                                        expected="done, or a reason for leaving it open") for b in blockers])
        status = "approved" if approve else "rejected"
        if not rows.decide_request(conn, request_id, status=status, decided_by=actor.username, note=note):
            raise Conflict(f"request {request_id} was decided by someone else in the meantime")
        if approve:
            if not case_rows.set_state(conn, case.id, expected={State(req.from_state)}, revision=case.revision,
                                       new=step.target):
                raise Conflict(f"case {case.id} changed while request {request_id} was being approved; reload")
            audit.append(conn, actor=actor.username, action=f"case.{req.action}", entity="case", entity_id=case.id,
                         before={"state": case.state, "revision": case.revision},
                         after={"state": step.target.value, "revision": case.revision, "reason": req.reason,
                                "request": request_id, "requested_by": req.requested_by, "note": note})
        else:
            audit.append(conn, actor=actor.username, action="engagement.reject", entity="case", entity_id=case.id,
                         before={"request": request_id, "status": "pending"},
                         after={"request": request_id, "action": req.action, "status": status, "note": note})
        decided = rows.get_request(conn, request_id)
    assert decided is not None
    return decided


def withdraw_request(store: Store, actor: Actor, request_id: int, reason: str) -> RequestRow:
    """The requester takes back a pending request (for instance after the case moved on), audited."""
    reason = required_reason(reason)
    with store.transaction() as conn:
        req = _request(conn, request_id)
        require(actor, transition(req.action).permission)
        if actor.username != req.requested_by:
            raise Conflict("only the person who made a request can withdraw it; an approver rejects it")
        if not rows.decide_request(conn, request_id, status="withdrawn", decided_by=actor.username, note=reason):
            raise Conflict(f"request {request_id} is already {req.status if req.status != 'pending' else 'decided'}")
        audit.append(conn, actor=actor.username, action="engagement.withdraw", entity="case", entity_id=req.case_id,
                     before={"request": request_id, "status": "pending"},
                     after={"request": request_id, "action": req.action, "status": "withdrawn", "reason": reason})
        decided = rows.get_request(conn, request_id)
    assert decided is not None
    return decided


def tick(store: Store, actor: Actor, item_id: int, done: bool, note: str, *,
         revision: int | None = None) -> ChecklistRow:
    """Tick an exit step (``done`` with what was done) or leave it open with the reason why; on a
    pending or approved request only. ``revision``: the item revision the caller saw."""
    require(actor, "engagement.checklist")
    note = note.strip()
    if len(note) < REASON_MIN or len(note) > TEXT_MAX:
        raise InvalidInput("a note is required", [Problem(
            "say what was done, or why the step stays open", field="note",
            expected=f"{REASON_MIN} to {TEXT_MAX} characters", found=f"{len(note)} characters")])
    with store.transaction() as conn:
        item = rows.get_checklist_item(conn, item_id)
        if item is None:
            raise NotFound(f"no checklist item {item_id}")
        req = _request(conn, item.request_id)
        if req.status not in ("pending", "approved"):
            raise Conflict(f"request {req.id} was {req.status}: its checklist is closed")
        if revision is not None and revision != item.revision:
            raise Conflict(f"checklist item {item_id} changed (revision {item.revision}, not {revision}); reload")
        if not rows.tick_item(conn, item_id, revision=item.revision, done=done, note=note, by=actor.username):
            raise Conflict(f"checklist item {item_id} was changed by someone else in the meantime; reload")
        audit.append(conn, actor=actor.username, action="engagement.checklist", entity="case", entity_id=req.case_id,
                     before={"request": req.id, "step": item.step, "done": item.done, "revision": item.revision},
                     after={"request": req.id, "step": item.step, "done": done, "note": note,
                            "revision": item.revision + 1})
        ticked = rows.get_checklist_item(conn, item_id)
    assert ticked is not None
    return ticked


def checklist(store: Store, actor: Actor, request_id: int) -> tuple[RequestRow, list[ChecklistRow]]:
    require(actor, "case.read")
    with store.transaction() as conn:
        req = _request(conn, request_id)
        return req, rows.list_checklist(conn, request_id)
