"""The status of a condition (an obligation, once its case is an engagement): open, done, waived.

Every change is a compare-and-set on the condition's revision, audited with the before and after.
Marking a condition done needs proof: an evidence file uploaded on the same case, linked by id
and kept with its SHA-256 (the file's content as it was when it was linked). Waiving needs a
written reason and an approver (``condition.waive``); the approver is recorded as ``status_by``.
Reopening clears the proof and the waiver and needs a reason.
"""

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.engagement import CONDITION_STATUSES, REASON_MIN
from hrdd.model.limits import TEXT_MAX
from hrdd.services.permissions import Actor, require
from hrdd.store import Store, audit, work
from hrdd.store import evidence as evidence_rows

PERMISSION = {"open": "condition.write", "done": "condition.write", "waived": "condition.waive"}


def _text(value: str, field: str, what: str, *, required: bool) -> str:
    value = value.strip()
    if len(value) > TEXT_MAX or "\x00" in value or (required and len(value) < REASON_MIN):
        raise InvalidInput(f"{what} is required" if required else f"{what} is too long", [Problem(
            f"give {what}", field=field, expected=f"{REASON_MIN if required else 0} to {TEXT_MAX} characters",
            found=f"{len(value)} characters")])
    return value


def set_condition_status(store: Store, actor: Actor, condition_id: int, status: str, *, note: str = "",
                         evidence_id: int | None = None, sha256: str | None = None, reason: str = "",
                         revision: int | None = None, case_id: str | None = None) -> work.ConditionRow:
    """Set the status of a condition (of case ``case_id`` when given: NotFound otherwise).

    - ``done``: ``evidence_id`` names an evidence file of the condition's case (``sha256``, when
      sent, must be that file's); ``note`` says what was done (optional).
    - ``waived``: by an approver, with ``reason``.
    - ``open``: back to open, with ``reason``; the proof and the waiver are cleared.

    ``revision``: the condition revision the caller saw; of concurrent changes from the same
    revision exactly one wins, the others get Conflict and change nothing.
    """
    if status not in CONDITION_STATUSES:
        raise InvalidInput("unknown status", [Problem("unknown status", field="status",
                                                      expected=", ".join(CONDITION_STATUSES), found=repr(status))])
    require(actor, PERMISSION[status])
    note = _text(note, "note", "a note", required=False)
    proof_id = proof_sha = waiver = None
    if status == "done" and evidence_id is None:
        raise InvalidInput("marking a condition done needs proof", [Problem(
            "link the evidence file that proves the condition is fulfilled", field="evidence_id",
            expected="the id of an evidence file uploaded on the case")])
    if status == "waived":
        waiver = _text(reason, "reason", "the reason for the waiver", required=True)
    if status == "open":
        reason = _text(reason, "reason", "the reason for reopening", required=True)
    with store.transaction() as conn:
        row = work.get_condition(conn, condition_id)
        if row is None or (case_id is not None and row.case_id != case_id):
            raise NotFound(f"no condition {condition_id}" + (f" on case {case_id}" if case_id else ""))
        if revision is not None and revision != row.revision:
            raise Conflict(f"condition {condition_id} changed (revision {row.revision}, not {revision}): it is now "
                           f"{row.status}; reload and try again")
        if status == row.status == "open":
            raise Conflict(f"condition {condition_id} is already open")
        if status == "done":
            found = evidence_rows.get_evidence(conn, evidence_id) if evidence_id is not None else None
            if found is None or found.case_id != row.case_id:
                raise InvalidInput("the proof is not evidence of this case", [Problem(
                    "no evidence file with this id on the condition's case", field="evidence_id",
                    expected=f"an evidence id of case {row.case_id}", found=repr(evidence_id))])
            if sha256 is not None and sha256.lower() != found.sha256:
                raise InvalidInput("the proof's SHA-256 does not match the file", [Problem(
                    "the SHA-256 sent is not the evidence file's", field="sha256", expected=found.sha256,
                    found=sha256)])
            proof_id, proof_sha = found.id, found.sha256
        if not work.set_condition_status(conn, condition_id, revision=row.revision, status=status,
                                         note=note or row.note, by=actor.username, proof_evidence_id=proof_id,
                                         proof_sha256=proof_sha, waiver_reason=waiver):
            raise Conflict(f"condition {condition_id} was changed by someone else in the meantime; reload and try again")
        audit.append(conn, actor=actor.username, action="condition.status", entity="case", entity_id=row.case_id,
                     before={"condition": condition_id, "status": row.status, "revision": row.revision,
                             "proof_sha256": row.proof_sha256},
                     after={"condition": condition_id, "status": status, "revision": row.revision + 1,
                            **({"evidence": proof_id, "proof_sha256": proof_sha} if status == "done" else {}),
                            **({"reason": waiver or reason} if status != "done" else {}),
                            **({"note": note} if note else {})})
        done = work.get_condition(conn, condition_id)
    assert done is not None
    return done
