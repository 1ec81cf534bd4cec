"""Engagements: the rules of an approved sale being carried out, as pure functions.

An *engagement* is a case activated with its contract (reference, start, optional end). Its
review cycle (months between periodic reviews) comes from the policy's ``review_months`` by the
case's residual risk level; each recorded review moves the next review date on by one cycle.

An *obligation* is a condition of the case (``conditions`` table) tracked on its engagement:
owner, due date, status, proof. Statuses are defined here once: ``open``, ``done`` (fulfilled:
needs proof, an evidence file of the case with its SHA-256) and ``waived`` (needs a reason and
an approver).

An *exit checklist* is the list of exit steps (``hrdd/catalogs/exit_steps.yaml``) carried by a
suspension or termination request; a termination is approved only when every item is done or
has a stated reason for staying open (:func:`checklist_blockers`).
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CONDITION_STATUSES: tuple[str, ...] = ("open", "done", "waived")
REASON_MIN = 5  # characters of a reason, a note or a review outcome


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_cycle(review_months: Mapping[Any, int], residual_level: str | None) -> int:
    """Months between periodic reviews for a residual level; an unassessed level gets the shortest
    cycle (the most cautious)."""
    by_level = {str(level): int(months) for level, months in review_months.items()}
    if residual_level is not None and residual_level in by_level:
        return by_level[residual_level]
    return min(by_level.values())


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    step: str  # an exit step id
    done: bool
    note: str  # what was done, or why the item stays open


def checklist_blockers(items: Iterable[ChecklistItem]) -> list[str]:
    """The exit steps that stop a termination: open and without a stated reason."""
    return [i.step for i in items if not i.done and len(i.note.strip()) < REASON_MIN]
