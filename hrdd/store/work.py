"""Conditions (safeguards with an owner and a due date) and decisions (maker-checker).

A decision row moves from ``proposed`` to exactly one of approved, rejected or withdrawn, by
a compare-and-set on its status (``resolve_decision``). A condition's status changes by a
compare-and-set on its revision (``set_condition_status``); tracked on an engagement it is
called an obligation (docs/glossary.md).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import conditions, decisions


@dataclass(frozen=True, slots=True)
class ConditionRow:
    id: int
    case_id: str
    safeguard: str
    owner: str
    due: dt.date
    status: str
    note: str
    revision: int = 1
    proof_evidence_id: int | None = None  # "done": the evidence file that proves it
    proof_sha256: str | None = None  # that file's SHA-256 when it was linked
    waiver_reason: str | None = None
    status_by: str | None = None  # who set the status ("waived": the approver)
    status_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DecisionRow:
    id: int
    case_id: str
    outcome: str
    rationale: str
    prepared_by: str
    proposed_at: dt.datetime
    status: str
    approved_by: str | None
    approved_at: dt.datetime | None
    approver_note: str | None
    case_revision: int | None  # the case revision the proposal was made on
    # the blocking warnings the approval went past, each with its justification (None: made before 0015)
    warnings: list[dict[str, Any]] | None = None


def _cond(r: Any) -> ConditionRow:
    return row_as(ConditionRow, r)


def _dec(r: Any) -> DecisionRow:
    return row_as(DecisionRow, r)


def insert_condition(conn: sa.Connection, *, case_id: str, safeguard: str, owner: str, due: dt.date,
                     note: str = "") -> ConditionRow:
    result = conn.execute(conditions.insert().values(case_id=case_id, safeguard=safeguard, owner=owner, due=due,
                                                     status="open", note=note))
    (row_id,) = result.inserted_primary_key or (0,)
    return ConditionRow(int(row_id), case_id, safeguard, owner, due, "open", note)


def update_condition(conn: sa.Connection, condition_id: int, **values: Any) -> None:
    conn.execute(conditions.update().where(conditions.c.id == condition_id).values(**values))


def set_condition_status(conn: sa.Connection, condition_id: int, *, revision: int, status: str, note: str,
                         by: str, proof_evidence_id: int | None = None, proof_sha256: str | None = None,
                         waiver_reason: str | None = None) -> bool:
    """Compare-and-set the status of a condition still at ``revision``: False when someone changed it
    in the meantime. The proof and the waiver reason are replaced (cleared when not given)."""
    result = conn.execute(conditions.update()
                          .where(conditions.c.id == condition_id, conditions.c.revision == revision)
                          .values(status=status, note=note, status_by=by, status_at=dt.datetime.now(dt.UTC),
                                  proof_evidence_id=proof_evidence_id, proof_sha256=proof_sha256,
                                  waiver_reason=waiver_reason, revision=revision + 1))
    return result.rowcount == 1


def get_condition(conn: sa.Connection, condition_id: int) -> ConditionRow | None:
    row = conn.execute(sa.select(conditions).where(conditions.c.id == condition_id)).first()
    return _cond(row) if row else None


def list_conditions(conn: sa.Connection, case_id: str | None = None, *, due_before: dt.date | None = None,
                    status: str | None = None, case_ids: list[str] | None = None) -> list[ConditionRow]:
    query = sa.select(conditions).order_by(conditions.c.due, conditions.c.id)
    if case_ids is not None:
        query = query.where(conditions.c.case_id.in_(case_ids))
    if case_id is not None:
        query = query.where(conditions.c.case_id == case_id)
    if due_before is not None:
        query = query.where(conditions.c.due <= due_before)
    if status is not None:
        query = query.where(conditions.c.status == status)
    return [_cond(r) for r in conn.execute(query)]


def insert_decision(conn: sa.Connection, *, case_id: str, case_revision: int, outcome: str, rationale: str,
                    prepared_by: str) -> DecisionRow:
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(decisions.insert().values(case_id=case_id, case_revision=case_revision, outcome=outcome,
                                                    rationale=rationale, prepared_by=prepared_by, proposed_at=now,
                                                    status="proposed"))
    (row_id,) = result.inserted_primary_key or (0,)
    return DecisionRow(int(row_id), case_id, outcome, rationale, prepared_by, now, "proposed", None, None, None,
                       case_revision)


def resolve_decision(conn: sa.Connection, decision_id: int, *, status: str, approved_by: str, note: str,
                     warnings: list[dict[str, Any]] | None = None) -> bool:
    """Compare-and-set a waiting proposal to ``status``: False when it was no longer proposed.
    ``warnings``: the blocking warnings an approval went past, with their justifications."""
    result = conn.execute(decisions.update().where(decisions.c.id == decision_id, decisions.c.status == "proposed")
                          .values(status=status, approved_by=approved_by, approved_at=dt.datetime.now(dt.UTC),
                                  approver_note=note, warnings=warnings))
    return result.rowcount == 1


def list_decisions(conn: sa.Connection, case_id: str) -> list[DecisionRow]:
    rows = conn.execute(sa.select(decisions).where(decisions.c.case_id == case_id).order_by(decisions.c.id))
    return [_dec(r) for r in rows]


def get_decision(conn: sa.Connection, decision_id: int) -> DecisionRow | None:
    row = conn.execute(sa.select(decisions).where(decisions.c.id == decision_id)).first()
    return _dec(row) if row else None
