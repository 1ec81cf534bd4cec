"""The transparency report's figures (``hrdd.transparency/1``), built from facts drawn for a period.

Pure: :func:`build_report` takes the facts (``hrdd.services.transparency`` reads them from the
store) and the catalogue's titles, counts them into tables and marks every table for publication
(:mod:`hrdd.transparency.suppression`). Nothing in the result names a case, a customer, a party,
a user or a reporter: rows and columns are catalogue titles, regions and outcomes only. The same
facts give the same dict, in the same order.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hrdd.transparency.methodology import methodology
from hrdd.transparency.period import Period
from hrdd.transparency.suppression import THRESHOLD, suppress

SCHEMA = "hrdd.transparency/1"
METHOD_VERSION = "transparency-v1"

# decision outcomes (recommendation values) as the report names them, in this order
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("proceed", "Proceed"),
    ("proceed_with_conditions", "Proceed with conditions"),
    ("escalate", "Escalated"),
    ("do_not_proceed", "Declined"),
)
# the world regions of hrdd.countries.regions.world_region, in this order
REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")
NOT_STATED = ("not_stated", "Not stated")
ENGAGEMENT_STATES: tuple[tuple[str, str], ...] = (("suspended", "Suspended"), ("terminated", "Terminated"))
ACKNOWLEDGEMENT: tuple[tuple[str, str], ...] = (
    ("on_time", "Acknowledged on time"), ("late", "Acknowledged late"), ("not_yet", "Not acknowledged yet"))
RESOLUTION: tuple[tuple[str, str], ...] = (
    ("open", "Open"), ("substantiated", "Closed: substantiated"),
    ("partly_substantiated", "Closed: partly substantiated"), ("not_substantiated", "Closed: not substantiated"),
    ("outside_scope", "Closed: outside scope"), ("withdrawn", "Closed: withdrawn"))
HIT_REVIEW: tuple[tuple[str, str], ...] = (("acknowledged", "Acknowledged"), ("open", "Not acknowledged yet"))


@dataclass(frozen=True, slots=True)
class Transaction:
    """One case decided in the period (its latest approved decision in the period)."""

    outcome: str  # a recommendation value
    category: str | None  # the capability category of its most severe capability
    region: str | None  # the world region of the end user's country
    end_user_kind: str | None


@dataclass(frozen=True, slots=True)
class GrievanceFact:
    category: str  # a right of the catalogue, or "other"
    acknowledgement: str  # a key of ACKNOWLEDGEMENT
    resolution: str  # a key of RESOLUTION


@dataclass(frozen=True, slots=True)
class Facts:
    period: Period
    transactions: Sequence[Transaction] = ()
    conditions: Sequence[str] = ()  # one safeguard id per condition imposed
    state_changes: Sequence[str] = ()  # one target state per engagement suspended or terminated
    rescreening_hits: Sequence[bool] = ()  # one per hit raised: acknowledged or not
    grievances: Sequence[GrievanceFact] = ()
    versions: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Labels:
    """Titles from the catalogue, in its order."""

    categories: Sequence[tuple[str, str]]
    end_user_kinds: Sequence[tuple[str, str]]
    safeguards: Mapping[str, str]
    rights: Mapping[str, str]


def _table(table_id: str, title: str, unit: str, row_heading: str, rows: Sequence[tuple[str, str]],
           columns: Sequence[tuple[str, str]], counts: Counter[tuple[str, str]], *, note: str = "",
           withhold: str = "") -> dict[str, Any]:
    grid = [[counts[(r, c)] for c, _ in columns] for r, _ in rows]
    marked = suppress(grid)
    shown = marked.grid()
    if withhold:
        shown = [["x"] * len(row) for row in shown]
    last = len(rows)
    return {
        "id": table_id, "title": title, "unit": unit, "row_heading": row_heading,
        "columns": [{"id": c, "title": t} for c, t in columns],
        "rows": [{"id": r, "title": t, "cells": shown[i][:-1], "total": shown[i][-1]} for i, (r, t) in enumerate(rows)],
        "totals": {"cells": shown[last][:-1], "total": shown[last][-1]},
        "withheld": bool(withhold) or marked.withheld,
        "note": withhold or ("Withheld: no pattern of complementary suppression protects its small counts."
                             if marked.withheld else note),
    }


def _present(rows: Sequence[tuple[str, str]], seen: set[str]) -> list[tuple[str, str]]:
    """The catalogue's rows, then "not stated" if any fact has none."""
    found = list(rows)
    if NOT_STATED[0] in seen:
        found.append(NOT_STATED)
    return found


def _transactions(facts: Facts, labels: Labels) -> list[dict[str, Any]]:
    unit = "transactions decided"
    total = len(facts.transactions)
    withhold = "" if total == 0 or total >= THRESHOLD else (
        f"Withheld: fewer than {THRESHOLD} transactions were decided in the period, so a breakdown could "
        "identify a customer.")
    by_region: Counter[tuple[str, str]] = Counter()
    by_category: Counter[tuple[str, str]] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    for t in facts.transactions:
        by_region[(t.region or NOT_STATED[0], t.outcome)] += 1
        by_category[(t.category or NOT_STATED[0], unit)] += 1
        by_kind[(t.end_user_kind or NOT_STATED[0], unit)] += 1
    regions = _present([(r, r) for r in REGIONS], {r for r, _ in by_region})
    categories = _present(labels.categories, {c for c, _ in by_category})
    kinds = _present(labels.end_user_kinds, {k for k, _ in by_kind})
    one = [(unit, "Transactions")]
    return [
        _table("transactions_by_region_and_outcome", "Transactions decided, by region of the end user and outcome",
               unit, "Region", regions, OUTCOMES, by_region,
               note="Regions are the UN M49 regions of the end user's country."),
        _table("transactions_by_capability_category", "Transactions decided, by capability category", unit,
               "Capability category", categories, one, by_category, withhold=withhold,
               note="Each transaction counts once, under the category of its most severe capability."),
        _table("transactions_by_end_user_kind", "Transactions decided, by kind of end user", unit, "End user",
               kinds, one, by_kind, withhold=withhold),
    ]


def _conditions(facts: Facts, labels: Labels) -> dict[str, Any]:
    counts = Counter((s, "conditions") for s in facts.conditions)
    rows = sorted({s for s, _ in counts}, key=lambda s: (labels.safeguards.get(s, s), s))
    return _table("conditions_by_safeguard", "Conditions imposed, by safeguard", "conditions", "Safeguard",
                  [(s, labels.safeguards.get(s, s)) for s in rows] or [("none", "No conditions")],
                  [("conditions", "Conditions")], counts,
                  note="Conditions recorded on transactions decided in the period with an outcome of proceed "
                       "or proceed with conditions; safeguards never imposed are not listed.")


def _engagements(facts: Facts) -> dict[str, Any]:
    counts = Counter((s, "engagements") for s in facts.state_changes)
    return _table("engagements_suspended_or_terminated", "Engagements suspended or terminated", "engagements",
                  "Change", ENGAGEMENT_STATES, [("engagements", "Engagements")], counts,
                  note="An engagement suspended and later terminated in the period counts in both rows.")


def _rescreening(facts: Facts) -> dict[str, Any]:
    counts = Counter(("hits", "acknowledged" if ack else "open") for ack in facts.rescreening_hits)
    return _table("rescreening_hits", "Re-screening hits on monitored transactions", "alerts", "Alerts",
                  [("hits", "Re-screening hits")], HIT_REVIEW, counts,
                  note="Alerts raised when a list update matched a party of an approved or pending transaction.")


def _grievances(facts: Facts, labels: Labels) -> list[dict[str, Any]]:
    total = len(facts.grievances)
    withhold = "" if total == 0 or total >= THRESHOLD else (
        f"Withheld: fewer than {THRESHOLD} grievances were received in the period.")
    by_category = Counter((g.category, g.resolution) for g in facts.grievances)
    rows = sorted({c for c, _ in by_category}, key=lambda c: (c == "other", labels.rights.get(c, c), c))
    acknowledged = Counter(("grievances", g.acknowledgement) for g in facts.grievances)
    return [
        _table("grievances_by_category_and_status", "Grievances received, by category and status", "grievances",
               "Category", [(c, labels.rights.get(c, "Other")) for c in rows] or [("none", "No grievances")],
               RESOLUTION, by_category,
               note="Status as recorded when the figures were drawn; categories are the rights a grievance "
                    "is about."),
        _table("grievances_acknowledged", "Grievances received, by acknowledgement", "grievances", "Grievances",
               [("grievances", "Grievances received")], ACKNOWLEDGEMENT, acknowledged, withhold=withhold,
               note="On time: acknowledged within the deadline set when the grievance was received."),
    ]


def build_report(facts: Facts, labels: Labels) -> dict[str, Any]:
    """The transparency report of ``facts``: a JSON-ready dict (``hrdd.transparency/1``)."""
    tables = [*_transactions(facts, labels), _conditions(facts, labels), _engagements(facts),
              _rescreening(facts), *_grievances(facts, labels)]
    return {
        "schema": SCHEMA,
        "period": facts.period.as_dict(),
        "versions": {"method": METHOD_VERSION, **dict(facts.versions)},
        "suppression": {"threshold": THRESHOLD, "small": f"<{THRESHOLD}", "complement": "x"},
        "tables": tables,
        "methodology": methodology(facts.period),
    }
