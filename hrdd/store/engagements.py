"""Engagements, their periodic reviews, post-sale requests and exit checklists.

Every change is a compare-and-set: a review on the engagement's revision, a request's decision
on its status (``pending``), a checklist item on its revision. The caller's transaction holds
the change and its audit entry together.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import (
    cases,
    conditions,
    engagement_requests,
    engagement_reviews,
    engagements,
    exit_checklist_items,
)


@dataclass(frozen=True, slots=True)
class EngagementRow:
    case_id: str
    contract_ref: str
    contract_start: dt.date
    contract_end: dt.date | None
    residual_level: str
    review_months: int
    next_review: dt.date
    last_review: dt.date | None
    activated_by: str
    activated_at: dt.datetime
    revision: int


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    case_id: str
    reviewed_by: str
    reviewed_on: dt.date
    outcome: str
    next_review: dt.date
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    case_id: str
    action: str
    from_state: str
    reason: str
    status: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    id: int
    request_id: int
    step: str
    done: bool
    note: str
    ticked_by: str | None
    ticked_at: dt.datetime | None
    revision: int


@dataclass(frozen=True, slots=True)
class EngagementSummary:
    """A line of the engagement list: the engagement, its case's title and state, and what is late."""

    engagement: EngagementRow
    title: str
    state: str
    overdue_conditions: int
    open_conditions: int
    pending_requests: int


def put_engagement(conn: sa.Connection, *, case_id: str, contract_ref: str, contract_start: dt.date,
                   contract_end: dt.date | None, residual_level: str, review_months: int, next_review: dt.date,
                   activated_by: str) -> EngagementRow:
    """The engagement of a case being activated: a new row, or (a case reopened, approved again and
    activated again) the existing one with the new contract; its past reviews stay."""
    now = dt.datetime.now(dt.UTC)
    values = {"contract_ref": contract_ref, "contract_start": contract_start, "contract_end": contract_end,
              "residual_level": residual_level, "review_months": review_months, "next_review": next_review,
              "activated_by": activated_by, "activated_at": now}
    before = get_engagement(conn, case_id)
    if before is None:
        conn.execute(engagements.insert().values(case_id=case_id, last_review=None, revision=1, **values))
    else:
        conn.execute(engagements.update().where(engagements.c.case_id == case_id)
                     .values(revision=before.revision + 1, **values))
    found = get_engagement(conn, case_id)
    assert found is not None
    return found


def get_engagement(conn: sa.Connection, case_id: str) -> EngagementRow | None:
    row = conn.execute(sa.select(engagements).where(engagements.c.case_id == case_id)).first()
    return row_as(EngagementRow, row) if row else None


def _overdue_count(today: dt.date) -> sa.ScalarSelect[Any]:
    return (sa.select(sa.func.count()).where(conditions.c.case_id == engagements.c.case_id,
                                             conditions.c.status == "open", conditions.c.due < today)
            .scalar_subquery())


def _due(today: dt.date) -> sa.ColumnElement[bool]:
    """A review due or a condition overdue by ``today``."""
    return sa.or_(engagements.c.next_review <= today, _overdue_count(today) > 0)


def count_due(conn: sa.Connection, *, today: dt.date, states: Iterable[str]) -> int:
    """How many engagements in ``states`` have a review due or a condition overdue (one count)."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(engagements)
                            .join(cases, cases.c.id == engagements.c.case_id)
                            .where(cases.c.state.in_(list(states)), _due(today))).scalar_one())


def list_engagements(conn: sa.Connection, *, today: dt.date, states: Iterable[str] | None = None,
                     due_only: bool = False) -> list[EngagementSummary]:
    """Engagements with what needs attention first: a due review or an overdue condition, then the
    soonest review. ``due_only``: only those with a review due or a condition overdue by ``today``."""
    overdue = _overdue_count(today)
    still_open = (sa.select(sa.func.count()).where(conditions.c.case_id == engagements.c.case_id,
                                                    conditions.c.status == "open").scalar_subquery())
    pending = (sa.select(sa.func.count()).where(engagement_requests.c.case_id == engagements.c.case_id,
                                                 engagement_requests.c.status == "pending").scalar_subquery())
    due = _due(today)
    query = (sa.select(engagements, cases.c.title, cases.c.state, overdue.label("overdue"),
                       still_open.label("still_open"), pending.label("pending"))
             .join(cases, cases.c.id == engagements.c.case_id)
             .order_by(sa.case((due, 0), else_=1), engagements.c.next_review, engagements.c.case_id))
    if states is not None:
        query = query.where(cases.c.state.in_(list(states)))
    if due_only:
        query = query.where(due)
    return [EngagementSummary(row_as(EngagementRow, r), r.title, r.state, int(r.overdue), int(r.still_open),
                              int(r.pending)) for r in conn.execute(query)]


def due_reviews(conn: sa.Connection, today: dt.date, states: Iterable[str]) -> list[EngagementRow]:
    """Engagements in one of ``states`` whose next review is on or before ``today``."""
    rows = conn.execute(sa.select(engagements).join(cases, cases.c.id == engagements.c.case_id)
                        .where(engagements.c.next_review <= today, cases.c.state.in_(list(states)))
                        .order_by(engagements.c.next_review, engagements.c.case_id))
    return [row_as(EngagementRow, r) for r in rows]


def record_review(conn: sa.Connection, case_id: str, *, revision: int, reviewed_by: str, reviewed_on: dt.date,
                  outcome: str, next_review: dt.date, residual_level: str, review_months: int) -> ReviewRow | None:
    """Compare-and-set the engagement from ``revision`` to the next review date (and the cycle in
    force), and keep the review; None (nothing written) when the engagement changed meanwhile."""
    moved = conn.execute(engagements.update()
                         .where(engagements.c.case_id == case_id, engagements.c.revision == revision)
                         .values(next_review=next_review, last_review=reviewed_on, residual_level=residual_level,
                                 review_months=review_months, revision=revision + 1))
    if moved.rowcount != 1:
        return None
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(engagement_reviews.insert().values(
        case_id=case_id, reviewed_by=reviewed_by, reviewed_on=reviewed_on, outcome=outcome, next_review=next_review,
        recorded_at=now))
    (row_id,) = result.inserted_primary_key or (0,)
    return ReviewRow(int(row_id), case_id, reviewed_by, reviewed_on, outcome, next_review, now)


def list_reviews(conn: sa.Connection, case_id: str) -> list[ReviewRow]:
    rows = conn.execute(sa.select(engagement_reviews).where(engagement_reviews.c.case_id == case_id)
                        .order_by(engagement_reviews.c.id))
    return [row_as(ReviewRow, r) for r in rows]


def insert_request(conn: sa.Connection, *, case_id: str, action: str, from_state: str, reason: str,
                   requested_by: str) -> RequestRow:
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(engagement_requests.insert().values(
        case_id=case_id, action=action, from_state=from_state, reason=reason, status="pending",
        requested_by=requested_by, requested_at=now))
    (row_id,) = result.inserted_primary_key or (0,)
    return RequestRow(int(row_id), case_id, action, from_state, reason, "pending", requested_by, now, None, None,
                      None)


def get_request(conn: sa.Connection, request_id: int) -> RequestRow | None:
    row = conn.execute(sa.select(engagement_requests).where(engagement_requests.c.id == request_id)).first()
    return row_as(RequestRow, row) if row else None


def list_requests(conn: sa.Connection, case_id: str, *, status: str | None = None) -> list[RequestRow]:
    query = sa.select(engagement_requests).where(engagement_requests.c.case_id == case_id)
    if status is not None:
        query = query.where(engagement_requests.c.status == status)
    return [row_as(RequestRow, r) for r in conn.execute(query.order_by(engagement_requests.c.id))]


def decide_request(conn: sa.Connection, request_id: int, *, status: str, decided_by: str, note: str) -> bool:
    """Compare-and-set a pending request to ``status``: False when it was no longer pending."""
    result = conn.execute(engagement_requests.update()
                          .where(engagement_requests.c.id == request_id, engagement_requests.c.status == "pending")
                          .values(status=status, decided_by=decided_by, decided_at=dt.datetime.now(dt.UTC),
                                  decision_note=note))
    return result.rowcount == 1


def insert_checklist(conn: sa.Connection, request_id: int, items: Iterable[tuple[str, bool, str, str | None]]) -> None:
    """The exit checklist of a request: (step, done, note, ticked_by) per step."""
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = [{"request_id": request_id, "step": step, "done": done, "note": note,
                                   "ticked_by": by, "ticked_at": now if by else None, "revision": 1}
                                  for step, done, note, by in items]
    if rows:
        conn.execute(exit_checklist_items.insert(), rows)


def list_checklist(conn: sa.Connection, request_id: int) -> list[ChecklistRow]:
    rows = conn.execute(sa.select(exit_checklist_items).where(exit_checklist_items.c.request_id == request_id)
                        .order_by(exit_checklist_items.c.id))
    return [row_as(ChecklistRow, r) for r in rows]


def get_checklist_item(conn: sa.Connection, item_id: int) -> ChecklistRow | None:
    row = conn.execute(sa.select(exit_checklist_items).where(exit_checklist_items.c.id == item_id)).first()
    return row_as(ChecklistRow, row) if row else None


def tick_item(conn: sa.Connection, item_id: int, *, revision: int, done: bool, note: str, by: str) -> bool:
    """Compare-and-set a checklist item from ``revision``: False when someone changed it meanwhile."""
    result = conn.execute(exit_checklist_items.update()
                          .where(exit_checklist_items.c.id == item_id, exit_checklist_items.c.revision == revision)
                          .values(done=done, note=note, ticked_by=by, ticked_at=dt.datetime.now(dt.UTC),
                                  revision=revision + 1))
    return result.rowcount == 1
