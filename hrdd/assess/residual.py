"""Inherent and residual risk scores (0..100) and their levels.

Inherent score: ``round(100 * (S * L - 1) / 24)`` where ``S`` is the severity index (mean of
scale, scope and irremediability, 1..5) and ``L`` the likelihood (1..5): the familiar 5 x 5
risk matrix (products 1..25) rescaled to 0..100. Levels come from
``policy.level_thresholds`` (scores at which medium, high and critical begin).

Residual score: the inherent score times ``(1 - reduction x status_factor[status])`` for
each safeguard of the case that addresses something present in it (a capability, a feature,
a red flag that is true, or a flag whose ``mitigated_by`` names it). A safeguard whose
``addresses`` is empty is general and applies to every in-scope case. A **tailoring option**
(a product safeguard a capability of the case lists under ``tailoring`` in capabilities.yaml:
features removed or locked, seller-held tamper-evident logs, a licence scoped to unit, site and
time, no covert mode) addresses that capability: recorded in the case, it reduces the score by
its catalogue reduction at full credit (a technical control the seller enforces, credit.py),
and the report names the option it stands for. The product form
means safeguards never push the score below zero, and an extra safeguard never raises it.
"""

from collections.abc import Iterable

from hrdd.assess.credit import BuyerRecord, Leverage, safeguard_credit
from hrdd.assess.result import (
    AppliedSafeguard,
    Contribution,
    FlagResult,
    LikelihoodResult,
    RiskScore,
    SeverityResult,
)
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Policy
from hrdd.model import Case, RiskLevel, SafeguardStatus

Weighing = tuple[BuyerRecord, Leverage]

INHERENT_FORMULA = "round(100 * (S * L - 1) / 24), S = mean(scale, scope, irremediability), L = likelihood"
RESIDUAL_FORMULA = ("inherent * product(1 - reduction * status_factor[status] * credit) over applicable safeguards; "
                    "credit by who enforces it, the buyer's record and the seller's leverage")


def level_for(score: float, policy: Policy) -> RiskLevel:
    medium, high, critical = policy.level_thresholds
    if score >= critical:
        return RiskLevel.CRITICAL
    if score >= high:
        return RiskLevel.HIGH
    if score >= medium:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def within(level: RiskLevel, limit: str) -> bool:
    return level.rank <= RiskLevel(limit).rank


def inherent_risk(severity: SeverityResult, likelihood: LikelihoodResult, policy: Policy) -> RiskScore:
    product = severity.index * likelihood.raw
    score = round(100 * (product - 1) / 24)
    detail = (f"S = {severity.index:.2f} (scale {severity.scale}, scope {severity.scope}, irremediability "
              f"{severity.irremediability}); L = {likelihood.raw:.2f}; S x L = {product:.2f}")
    return RiskScore(score=score, level=level_for(score, policy), formula=INHERENT_FORMULA,
                     contributions=(Contribution("severity_x_likelihood", "inherent", score, detail),))


def present_items(case: Case, flags: Iterable[FlagResult]) -> set[str]:
    """Ids of what is present in the case and can be addressed: capabilities, features, live flags."""
    live = {f.id for f in flags if f.status == "true"}  # an unknown adds no risk, so nothing to address
    return set(case.capabilities) | set(case.features) | live


def mitigations(catalog: Catalog, flags: Iterable[FlagResult]) -> dict[str, set[str]]:
    """safeguard id -> the live flags that name it in ``mitigated_by``."""
    found: dict[str, set[str]] = {}
    for flag in flags:
        if flag.status != "true":
            continue
        item = catalog.facts.get(flag.id) if flag.kind == "fact" else catalog.derived_flags.get(flag.id)
        for sid in item.mitigated_by if item is not None else ():
            found.setdefault(sid, set()).add(flag.id)
    return found


def applied_safeguard(sid: str, status: str, note: str, catalog: Catalog, present: set[str],
                      mitigated: dict[str, set[str]], in_scope: bool, weighing: Weighing | None = None
                      ) -> AppliedSafeguard:
    item = catalog.safeguards[sid]
    credit, why = safeguard_credit(item.enforced_by, item.kind, *weighing) if weighing else (1.0, "")
    factors = {str(k): v for k, v in catalog.policy.status_factor.items()}
    factor = 1.0 if status == "proposed" else factors.get(status, 0.0)
    tailoring = tailoring_options(sid, catalog, present)
    hits = sorted((set(item.addresses) & present) | mitigated.get(sid, set()) | {cap for cap, _ in tailoring})
    general = (item.general or not item.addresses) and in_scope
    return AppliedSafeguard(
        id=sid, title=item.title, step=item.step, kind=item.kind, status=status, reduction=item.reduction,
        factor=factor, applies=bool(hits) or general, addresses=tuple(hits) if hits else (("general",) if general else ()),
        clause=item.clause, note=note, enforced_by=item.enforced_by, credit=credit, credit_reason=why,
        tailoring=tailoring)


def tailoring_options(sid: str, catalog: Catalog, present: set[str]) -> tuple[tuple[str, str], ...]:
    """(capability, option) for each capability present whose tailoring options include safeguard ``sid``."""
    return tuple((cid, option.option) for cid in sorted(present & set(catalog.capabilities))
                 for option in catalog.capabilities[cid].tailoring if option.safeguard == sid)


def case_safeguards(case: Case, catalog: Catalog, flags: tuple[FlagResult, ...],
                    in_scope: bool, weighing: Weighing | None = None) -> tuple[AppliedSafeguard, ...]:
    """The case's safeguards (best status per id), each with whether it applies; sorted by id."""
    rank = {status.value: n for n, status in enumerate(SafeguardStatus)}  # planned < agreed < implemented
    best: dict[str, tuple[str, str]] = {}
    for sg in case.safeguards:
        if sg.id not in catalog.safeguards:
            continue
        current = best.get(sg.id)
        if current is None or rank[sg.status.value] > rank[current[0]]:
            best[sg.id] = (sg.status.value, sg.note)
    present, mitigated = present_items(case, flags), mitigations(catalog, flags)
    return tuple(applied_safeguard(sid, st, note, catalog, present, mitigated, in_scope, weighing)
                 for sid, (st, note) in sorted(best.items()))


def reduce(inherent: RiskScore, safeguards: Iterable[AppliedSafeguard], policy: Policy) -> RiskScore:
    value = float(inherent.score)
    parts: list[Contribution] = []
    for sg in safeguards:
        if not sg.applies or sg.factor <= 0:
            continue
        multiplier = 1 - sg.reduction * sg.factor * sg.credit
        credit = f" x credit {sg.credit:g} ({sg.credit_reason})" if sg.credit < 1 else ""
        tailored = "".join(f"; tailoring option for {cap}: {option}" for cap, option in sg.tailoring)
        parts.append(Contribution(f"safeguard:{sg.id}", "residual", round(multiplier, 4),
                                  f"{sg.title} ({sg.status}): x (1 - {sg.reduction:g} x {sg.factor:g}{credit}) = "
                                  f"x {multiplier:.3f}; addresses {', '.join(sg.addresses)}{tailored}"))
        value *= multiplier
    floor = inherent.score * (1 - policy.max_reduction)
    if value < floor:
        parts.append(Contribution("max_reduction", "residual", round(floor, 2),
                                  f"safeguards remove at most {policy.max_reduction:.0%} of the inherent score "
                                  f"({inherent.score}): floor {floor:.1f}"))
        value = floor
    score = round(value)
    return RiskScore(score=score, level=level_for(score, policy), formula=RESIDUAL_FORMULA, contributions=tuple(parts))


