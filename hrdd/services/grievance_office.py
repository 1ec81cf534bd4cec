"""The grievance officer's work: the queue, acknowledging, reviewing, answering the reporter,
linking a grievance to a case (which records a post-sale signal on it) and closing it with an
outcome.

Who sees a grievance: grievance officers see every one; an approver sees those linked to a
case they decide (they approved or rejected a decision on it, or a proposal waits there for
an approver); nobody else, admins and auditors included. Anyone else asking for a grievance
gets the same "not found" whether it exists or not. Contact details are decrypted for
grievance officers only.

Every change is a compare-and-set on the grievance's state and revision, in one transaction
with its audit entry; the audit entry names states, the case and the outcome, never what the
reporter wrote.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem, Stale
from hrdd.model.grievance import OUTCOMES, TRANSITIONS, GrievanceState
from hrdd.model.limits import TEXT_MAX
from hrdd.model.signal import GRIEVANCE_KIND
from hrdd.services import grievance_secrets as secrets
from hrdd.services.grievances import deadlines
from hrdd.services.permissions import Actor, Role, can, require
from hrdd.services.signals import SignalInput, record_in
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store import grievances as rows
from hrdd.store.cases import get_case
from hrdd.store.grievances import GrievanceFilter, GrievanceRow

__all__ = ["GrievanceRow", "GrievanceView", "grievance_dict", "grievance_view", "is_officer", "iso", "link_case", "list_grievances", "overdue",
           "read_attachment", "rotate_contacts", "send_message", "transition"]

UNREADABLE = "(cannot be decrypted with the configured keys)"


@dataclass(frozen=True, slots=True)
class GrievanceView:
    grievance: GrievanceRow
    messages: list[rows.MessageRow]
    attachments: list[rows.AttachmentRow]
    contact: str | None  # decrypted, for grievance officers only; None: none given or not shown


def is_officer(actor: Actor) -> bool:
    return can(actor, "grievance.handle")


def overdue(row: GrievanceRow, now: dt.datetime | None = None) -> str | None:
    """Which deadline the grievance has missed and not yet met: "acknowledgement", "feedback" or None."""
    now = now or dt.datetime.now(dt.UTC)
    if row.state == GrievanceState.RECEIVED and _utc(row.acknowledge_due) < now:
        return "acknowledgement"
    if row.feedback_at is None and _utc(row.feedback_due) < now:
        return "feedback"
    return None


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    """A stored time as RFC 3339 with its UTC offset (SQLite hands times back without it)."""
    return None if value is None else _utc(value).isoformat(timespec="seconds")


def grievance_dict(row: GrievanceRow, now: dt.datetime | None = None) -> dict[str, Any]:
    """A grievance as the officers' API and the CLI list it: state and deadlines, never its text or contact."""
    return {"id": row.id, "state": row.state, "revision": row.revision, "about": row.about,
            "category": row.category, "subject": row.subject, "country": row.country,
            "received_at": iso(row.received_at), "acknowledge_due": iso(row.acknowledge_due),
            "acknowledged_at": iso(row.acknowledged_at), "acknowledged_by": row.acknowledged_by,
            "feedback_due": iso(row.feedback_due), "feedback_at": iso(row.feedback_at),
            "overdue": overdue(row, now), "closed_at": iso(row.closed_at), "closed_by": row.closed_by,
            "outcome": row.outcome, "case_id": row.case_id, "linked_by": row.linked_by,
            "contact_given": row.contact is not None}


def _may_see(conn: Any, actor: Actor, row: GrievanceRow) -> bool:
    if is_officer(actor):
        return True
    if actor.role != Role.APPROVER or row.case_id is None:
        return False
    deciders, waiting = rows.approvers_of(conn, row.case_id)
    return waiting or actor.username in deciders


def _visible(conn: Any, actor: Actor, grievance_id: int) -> GrievanceRow:
    row = rows.get_grievance(conn, grievance_id)
    if row is None or not _may_see(conn, actor, row):
        raise NotFound(f"no grievance {grievance_id}")
    return row


def list_grievances(store: Store, actor: Actor, *, state: str | None = None, open_only: bool = False,
                    case_id: str | None = None, limit: int = 100, offset: int = 0,
                    order: str = "received") -> tuple[list[GrievanceRow], int]:
    """The grievances the actor may see, oldest received first (or next deadline first: ``order``)."""
    require(actor, "grievance.read")
    with store.transaction() as conn:
        case_ids = None if is_officer(actor) else tuple(rows.cases_decided_by(conn, actor.username))
        filters = GrievanceFilter(state=state or None, open_only=open_only, case_id=case_id, case_ids=case_ids)
        return rows.list_grievances(conn, filters, limit=min(max(limit, 1), 500), offset=max(offset, 0),
                                    order=order if order in rows.ORDERS else "received")


def grievance_view(store: Store, actor: Actor, settings: Settings, grievance_id: int) -> GrievanceView:
    require(actor, "grievance.read")
    with store.transaction() as conn:
        row = _visible(conn, actor, grievance_id)
        messages = rows.list_messages(conn, grievance_id)
        files = rows.list_attachments(conn, grievance_id)
    contact = None
    if row.contact is not None and is_officer(actor):
        contact = secrets.decrypt_contact(settings, row.contact) or UNREADABLE
    return GrievanceView(row, messages, files, contact)


def read_attachment(store: Store, actor: Actor, grievance_id: int, attachment_id: int) -> tuple[rows.AttachmentRow, bytes]:
    require(actor, "grievance.read")
    with store.transaction() as conn:
        _visible(conn, actor, grievance_id)
        found = rows.read_attachment(conn, grievance_id, attachment_id)
    if found is None:
        raise NotFound(f"no attachment {attachment_id} on grievance {grievance_id}")
    return found


def _checked_revision(row: GrievanceRow, revision: int) -> None:
    if row.revision != revision:
        raise Stale(f"grievance {row.id} was changed since revision {revision} (now {row.revision}); "
                    "reload it and try again")


def _change(conn: Any, actor: Actor, row: GrievanceRow, action: str, values: dict[str, Any],
            before: dict[str, Any], after: dict[str, Any]) -> None:
    """The compare-and-set and its audit entry (the caller's transaction)."""
    now = dt.datetime.now(dt.UTC)
    if not rows.update_if(conn, row.id, state=row.state, revision=row.revision, values={**values, "updated_at": now}):
        raise Conflict(f"grievance {row.id} was changed by someone else just now; reload it and try again")
    audit.append(conn, actor=actor.username, action=f"grievance.{action}", entity="grievance",
                 entity_id=str(row.id), before={"state": row.state, "revision": row.revision, **before},
                 after={"revision": row.revision + 1, **after})


def transition(store: Store, actor: Actor, settings: Settings, grievance_id: int, action: str, revision: int, *,
               outcome: str = "", note: str = "") -> GrievanceRow:
    """Acknowledge, start the review of, or close a grievance (close needs an outcome and a note
    for the reporter, which counts as feedback)."""
    require(actor, "grievance.handle")
    if action not in TRANSITIONS:
        raise InvalidInput("unknown action", [Problem("unknown action", field="action",
                                                      expected=", ".join(TRANSITIONS), found=repr(action[:40]))])
    target = TRANSITIONS[action]
    if action == "close":
        _check_closing(outcome, note)
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        row = _visible(conn, actor, grievance_id)
        if GrievanceState(row.state) not in target.sources:
            raise Conflict(f"grievance {grievance_id} is {row.state.replace('_', ' ')}: it cannot be {action}d now")
        _checked_revision(row, revision)
        values: dict[str, Any] = {"state": target.target.value}
        after: dict[str, Any] = {"state": target.target.value}
        if action == "acknowledge":
            values |= {"acknowledged_at": now, "acknowledged_by": actor.username,
                       "feedback_due": deadlines(settings).feedback_due(_utc(row.received_at), now)}
            after["acknowledged_on_time"] = now <= _utc(row.acknowledge_due)
        elif action == "close":
            values |= {"closed_at": now, "closed_by": actor.username, "outcome": outcome, "outcome_note": note.strip()}
            after["outcome"] = outcome
        _change(conn, actor, row, action, values, {}, after)
        if action == "close":
            rows.set_feedback_once(conn, row.id, now)
        changed = rows.get_grievance(conn, grievance_id)
    assert changed is not None
    return changed


def _check_closing(outcome: str, note: str) -> None:
    problems = []
    if outcome not in OUTCOMES:
        problems.append(Problem("unknown outcome", field="outcome", expected=", ".join(OUTCOMES),
                                found=repr(outcome[:40])))
    if not note.strip():
        problems.append(Problem("say to the reporter what was done and why", field="note"))
    elif len(note) > TEXT_MAX or "\x00" in note:
        problems.append(Problem("the note is too long or not text", field="note", expected=f"at most {TEXT_MAX} characters"))
    if problems:
        raise InvalidInput("cannot close the grievance", problems)


def send_message(store: Store, actor: Actor, grievance_id: int, body: str, *, feedback: bool = False) -> rows.MessageRow:
    """A message from the grievance officers to the reporter; ``feedback`` marks it as feedback on
    the action taken (its first one meets the feedback deadline)."""
    require(actor, "grievance.handle")
    if not body.strip() or len(body) > TEXT_MAX or "\x00" in body:
        raise InvalidInput("the message has problems", [Problem("a message of 1 to 10,000 characters", field="body",
                                                                found=f"{len(body)} characters")])
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        row = _visible(conn, actor, grievance_id)
        if row.state == GrievanceState.CLOSED:
            raise Conflict(f"grievance {grievance_id} is closed")
        message_id = rows.insert_message(conn, grievance_id=grievance_id, sender="officer", officer=actor.username,
                                         body=body.strip(), feedback=feedback, sent_at=now)
        if feedback:
            rows.set_feedback_once(conn, grievance_id, now)
        audit.append(conn, actor=actor.username, action="grievance.message", entity="grievance",
                     entity_id=str(grievance_id), after={"message": message_id, "sender": "officer", "feedback": feedback})
        (message,) = [m for m in rows.list_messages(conn, grievance_id) if m.id == message_id]
    return message


def link_case(store: Store, actor: Actor, grievance_id: int, case_id: str, revision: int) -> GrievanceRow:
    """Link the grievance to a case and record a post-sale signal of kind "grievance" on that case.

    The signal's summary names the grievance's number and category only: the case's readers
    learn that a grievance concerns the case, not what the reporter wrote.
    """
    require(actor, "grievance.handle")
    case_id = case_id.strip()
    with store.transaction() as conn:
        row = _visible(conn, actor, grievance_id)
        if row.state == GrievanceState.CLOSED:
            raise Conflict(f"grievance {grievance_id} is closed")
        _checked_revision(row, revision)
        if get_case(conn, case_id) is None:
            raise InvalidInput("no such case", [Problem("no case with this id", field="case_id",
                                                        found=repr(case_id[:40]))])
        if row.case_id == case_id:
            raise Conflict(f"grievance {grievance_id} is already linked to {case_id}")
        _change(conn, actor, row, "link", {"case_id": case_id, "linked_by": actor.username,
                                           "linked_at": dt.datetime.now(dt.UTC)},
                {"case": row.case_id}, {"case": case_id})
        record_in(conn, actor, case_id, grievance_signal(row), states=None, grievance_id=row.id)
        changed = rows.get_grievance(conn, grievance_id)
    assert changed is not None
    return changed


def grievance_signal(row: GrievanceRow) -> SignalInput:
    """The signal a link records: the grievance's number, category and what it is about, never its
    text, subject or contact (the case's readers may not see the grievance)."""
    return SignalInput(kind=GRIEVANCE_KIND, source=f"grievance {row.id}",
                       description=f"Grievance {row.id} (category: {row.category}; about: the {row.about}) was linked "
                                   "to this case by a grievance officer. Its content is for the grievance officers "
                                   "and the case's approvers.")


def rotate_contacts(store: Store, actor: Actor, settings: Settings) -> tuple[int, int]:
    """Re-encrypt every stored contact under the first key: (re-encrypted, not openable)."""
    require(actor, "grievance.handle")
    done = failed = 0
    with store.transaction() as conn:
        for grievance_id, token in rows.contacts(conn):
            rotated = secrets.rotate_contact(settings, token)
            if rotated is None:
                failed += 1
                continue
            rows.set_contact(conn, grievance_id, rotated)
            done += 1
        audit.append(conn, actor=actor.username, action="grievance.rotate_contacts", entity="grievance",
                     entity_id="*", after={"reencrypted": done, "unreadable": failed})
    return done, failed
