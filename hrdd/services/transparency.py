"""The transparency report: draw a period's figures from the store (``hrdd transparency``).

``draw_report`` reads everything the report counts in one transaction, keeps only catalogue ids,
regions and outcomes (no case id, name or person leaves this module), and builds the report with
:func:`hrdd.transparency.figures.build_report`. Proposing, approving and publishing a snapshot is
:mod:`hrdd.services.transparency_reports`.
"""

from collections.abc import Mapping
from typing import Any

from hrdd.catalog import default_catalog
from hrdd.catalog.parse import CASE_FILE, parse_yaml
from hrdd.catalog.registry import Catalog
from hrdd.countries.regions import world_region
from hrdd.model.grievance import OUTCOMES as GRIEVANCE_OUTCOMES
from hrdd.services.alerts import SCREENING_HIT
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.store import transparency as rows
from hrdd.transparency.figures import OUTCOMES, Facts, GrievanceFact, Labels, Transaction, build_report
from hrdd.transparency.period import Period, parse_period
from hrdd.version import __version__

_OUTCOME_IDS = {o for o, _ in OUTCOMES}
_TARGETS = ("suspended", "terminated")


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def labels(catalog: Catalog) -> Labels:
    categories = list(dict.fromkeys(c.category for c in catalog.capabilities.values()))
    return Labels(
        categories=[(c, _words(c)) for c in categories],
        end_user_kinds=[(k.id, k.title) for k in catalog.end_user_kinds.values()],
        safeguards={s.id: s.title for s in catalog.safeguards.values()},
        rights={r.id: r.title for r in catalog.rights.values()},
    )


def _case_facts(case_text: str, catalog: Catalog) -> tuple[str | None, str | None]:
    """(capability category of the most severe capability, end user kind) read from a case file."""
    parsed = parse_yaml(case_text, "case", CASE_FILE)  # the case loader's reader: YAML 1.2, bounded
    data = None if parsed.problems else parsed.data
    if not isinstance(data, Mapping):
        return None, None
    order = {cid: n for n, cid in enumerate(catalog.capabilities)}
    found = []
    for product in data.get("products") or ():
        if isinstance(product, Mapping):
            for cid in product.get("capabilities") or ():
                item = catalog.capabilities.get(str(cid))
                if item is not None:
                    s = item.severity
                    found.append((-(s.scale + s.scope + s.irremediability), order[item.id], item.category))
    end_user = data.get("end_user")
    kind = end_user.get("kind") if isinstance(end_user, Mapping) else None
    return (min(found)[2] if found else None), (str(kind) if kind in catalog.end_user_kinds else None)


def _acknowledgement(row: rows.GrievanceRow) -> str:
    if row.acknowledged_at is None:
        return "not_yet"
    return "on_time" if row.acknowledged_at <= row.acknowledge_due else "late"


def _resolution(row: rows.GrievanceRow) -> str:
    if row.state != "closed":
        return "open"
    return row.outcome if row.outcome in GRIEVANCE_OUTCOMES else "withdrawn"


def _state_changes(changes: list[tuple[str, Any, Any]]) -> list[str]:
    """One target state per case that moved into it (suspended, terminated) in the period."""
    seen: set[tuple[str, str]] = set()
    for case_id, before, after in changes:
        target = after.get("state") if isinstance(after, Mapping) else None
        earlier = before.get("state") if isinstance(before, Mapping) else None
        if target in _TARGETS and earlier != target:
            seen.add((case_id, str(target)))
    return sorted(state for _, state in seen)


def _versions(found: list[dict[str, Any]], lists: dict[str, str]) -> dict[str, Any]:
    return {
        "hrdd": __version__,
        "engines": sorted({str(v["engine"]) for v in found if v.get("engine")}),
        "catalogs": sorted({str(v["catalog"]) for v in found if v.get("catalog")}),
        "lists": dict(sorted(lists.items())),
    }


def draw_facts(store: Store, period: Period, catalog: Catalog) -> Facts:
    """Everything the report counts for ``period``, read in one transaction."""
    with store.transaction() as conn:
        decided = [d for d in rows.decided(conn, period.start, period.end) if d.outcome in _OUTCOME_IDS]
        with_conditions = [d.case_id for d in decided if d.outcome in ("proceed", "proceed_with_conditions")]
        conditions = rows.condition_safeguards(conn, with_conditions)
        changes = rows.state_changes(conn, period.start, period.end)
        hits = rows.alerts_raised(conn, SCREENING_HIT, period.start, period.end)
        received = rows.grievances_received(conn, period.start, period.end)
        versions = rows.report_versions(conn, [(d.case_id, d.case_revision) for d in decided])
        lists = rows.lists_in_force(conn, period.end)
    transactions = []
    for d in decided:
        category, kind = _case_facts(d.case_text, catalog)
        transactions.append(Transaction(d.outcome, category, world_region(d.country), kind))
    transactions.sort(key=lambda t: (t.outcome, t.category or "", t.region or "", t.end_user_kind or ""))
    return Facts(
        period=period,
        transactions=transactions,
        conditions=sorted(s for _, s in conditions),
        state_changes=_state_changes(changes),
        rescreening_hits=sorted(hits),
        grievances=sorted((GrievanceFact(r.category, _acknowledgement(r), _resolution(r)) for r in received),
                          key=lambda g: (g.category, g.acknowledgement, g.resolution)),
        versions=_versions(versions, lists),
    )


def draw_report(store: Store, actor: Actor, period: str | Period, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """The transparency report of ``period`` ("2026" or "2026-Q3") as the database holds it now."""
    require(actor, "transparency.draw")
    catalog = catalog or default_catalog()
    found = parse_period(period) if isinstance(period, str) else period
    return build_report(draw_facts(store, found, catalog), labels(catalog))
