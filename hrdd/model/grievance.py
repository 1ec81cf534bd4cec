"""Grievances: the states a concern raised from outside goes through, and its deadlines.

Defined once, here. A grievance is *received* (submitted through ``/report`` or
``POST /api/grievances``), *acknowledged* by a grievance officer, *under review* while the
officer looks into it, and *closed* with an outcome. The store enforces each change as a
compare-and-set on the row (state and revision); the database refuses a state not listed
in :data:`STATES`.

Deadlines follow Directive (EU) 2019/1937, Art. 9(1)(b) and (f): the receipt is
acknowledged within 7 days, and feedback is given within 3 months of the acknowledgement
(or, when none was sent, of the end of the 7 days). Both numbers are settings.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class GrievanceState(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_REVIEW = "under_review"
    CLOSED = "closed"


STATES: tuple[str, ...] = tuple(s.value for s in GrievanceState)

# what a grievance is about
ABOUT: tuple[str, ...] = ("product", "customer", "country")

# how a closed grievance ended (docs/grievances.md explains each)
OUTCOMES: dict[str, str] = {
    "substantiated": "The concern was found to be well founded; action was taken.",
    "partly_substantiated": "Part of the concern was found to be well founded; action was taken on that part.",
    "not_substantiated": "The review did not confirm the concern.",
    "outside_scope": "The concern is not about a product, customer or country this company deals with.",
    "withdrawn": "The reporter withdrew the concern.",
}

# a category that is not a right of the catalogue
OTHER_CATEGORY = "other"


@dataclass(frozen=True, slots=True)
class GrievanceTransition:
    action: str
    sources: frozenset[GrievanceState]
    target: GrievanceState


TRANSITIONS: dict[str, GrievanceTransition] = {t.action: t for t in (
    GrievanceTransition("acknowledge", frozenset({GrievanceState.RECEIVED}), GrievanceState.ACKNOWLEDGED),
    GrievanceTransition("review", frozenset({GrievanceState.ACKNOWLEDGED}), GrievanceState.UNDER_REVIEW),
    GrievanceTransition("close", frozenset({GrievanceState.ACKNOWLEDGED, GrievanceState.UNDER_REVIEW}),
                        GrievanceState.CLOSED),
)}


def grievance_actions_from(state: str) -> list[str]:
    """The actions an officer may take on a grievance in ``state``, in their usual order."""
    return [name for name, t in TRANSITIONS.items() if GrievanceState(state) in t.sources]


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` later (the month's last day when it is shorter)."""
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    return when.replace(year=year, month=month, day=min(when.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Deadlines:
    acknowledge_days: int = 7
    feedback_months: int = 3

    def acknowledge_due(self, received_at: dt.datetime) -> dt.datetime:
        return received_at + dt.timedelta(days=self.acknowledge_days)

    def feedback_due(self, received_at: dt.datetime, acknowledged_at: dt.datetime | None) -> dt.datetime:
        """Three months from the acknowledgement, or from the end of the acknowledgement period when
        there was none (Art. 9(1)(f)); an acknowledgement sent late does not move the date further."""
        start = self.acknowledge_due(received_at)
        if acknowledged_at is not None and acknowledged_at < start:
            start = acknowledged_at
        return add_months(start, self.feedback_months)
