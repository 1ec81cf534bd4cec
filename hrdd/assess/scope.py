"""Scope: is this transaction one the guidance covers, and why (or why not)?

In scope when (a) some product has a catalogue capability or a surveillance feature, and
(b) the end user's kind is in scope (``end_user_kinds[kind].in_scope``), or list data found
government ties for an end user declared private. Both halves give their reasons.
"""

from hrdd.assess.result import ScopeResult
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import CapabilityCategory
from hrdd.model import AssessmentContext, Case

CATEGORY_LABELS: dict[CapabilityCategory, str] = {
    "sensors": "sensor",
    "biometric_identification": "biometric identification",
    "data_analytics": "data analytics",
    "internet_surveillance": "internet surveillance",
    "location_tracking": "non-cooperative location tracking",
    "recording_devices": "recording device",
}


def product_reasons(case: Case, catalog: Catalog) -> list[str]:
    """Why the products are surveillance-capable; empty when none is."""
    reasons: list[str] = []
    for cap_id in case.capabilities:
        cap = catalog.capabilities.get(cap_id)
        if cap is not None:
            label = CATEGORY_LABELS.get(cap.category, cap.category)
            article = "an" if label[:1].lower() in "aeiou" else "a"
            reasons.append(f"{cap_id} is {article} {label} capability ({cap.title})")
    for feat_id in case.features:
        feat = catalog.features.get(feat_id)
        if feat is not None:
            reasons.append(f"{feat_id} is a surveillance feature ({feat.title})")
    return reasons


def decide_scope(case: Case, catalog: Catalog, context: AssessmentContext) -> ScopeResult:
    reasons = product_reasons(case, catalog)
    has_product = bool(reasons)
    if not has_product:
        reasons.append("no product has a surveillance capability or feature of the catalogue")
    kind = case.end_user.kind.value
    item = catalog.end_user_kinds.get(kind)
    user_in_scope = bool(item and item.in_scope)
    if item is None:
        reasons.append(f"end user kind {kind} is not in the catalogue; treated as in scope")
        user_in_scope = True
    elif item.in_scope:
        reasons.append(f"end user is {item.title.lower()} ({kind}): {item.explanation}")
    elif context.screening.government_ties:
        user_in_scope = True
        ties = "; ".join(context.screening.government_ties)
        reasons.append(f"end user was declared {kind}, but list data shows government ties: {ties}")
    else:
        reasons.append(f"end user is {item.title.lower()} ({kind}) with no government ties on record: "
                       f"{item.explanation}")
    return ScopeResult(in_scope=has_product and user_in_scope, reasons=tuple(reasons))
