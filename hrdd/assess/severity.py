"""Severity of the potential impact, per UNGP 14: scale, scope and irremediability, each 1..5.

For each component:

1. the base is the highest value among the case's capabilities (a product with features but
   no catalogue capability starts at 1);
2. plus the largest uplift any of its features gives that component;
3. scope (how many people) is the widest of three estimates, counted once (method v2; v1
   added the purpose's widening on top of the deployment scale, counting a national
   deployment twice): the product's reach (step 2), the deployment scale
   (``scales[scale].scope``) and, only when no deployment scale is stated, the product's base
   scope widened by the riskiest purpose's ``scope_uplift``;
4. each component is capped at 5.

Scale is the gravity of the impact on a person and comes from the capability and its
features only, never from the deployment scale.
"""

from hrdd.assess.result import Contribution, SeverityResult
from hrdd.catalog.registry import Catalog
from hrdd.model import Case

COMPONENTS = ("scale", "scope", "irremediability")
CAP = 5


def assess_severity(case: Case, catalog: Catalog) -> SeverityResult:
    contributions: list[Contribution] = []
    values: dict[str, int] = {}
    capabilities = [catalog.capabilities[c] for c in case.capabilities if c in catalog.capabilities]
    features = [catalog.features[f] for f in case.features if f in catalog.features]
    for comp in COMPONENTS:
        target = f"severity.{comp}"
        base = 1
        if capabilities:
            top = max(capabilities, key=lambda c: (getattr(c.severity, comp), c.id))
            base = getattr(top.severity, comp)
            contributions.append(Contribution(f"capability:{top.id}", target, base,
                                              f"{top.title}: {comp} {base} (highest among the capabilities)"))
        else:
            contributions.append(Contribution("baseline", target, 1, "no catalogue capability: starts at 1"))
        value = base
        uplifting = [f for f in features if getattr(f.uplift, comp) > 0]
        if uplifting:
            top_f = max(uplifting, key=lambda f: (getattr(f.uplift, comp), f.id))
            up = getattr(top_f.uplift, comp)
            value += up
            contributions.append(Contribution(f"feature:{top_f.id}", target, up,
                                              f"{top_f.title} raises {comp} by {up} (largest feature uplift)"))
        if comp == "scope":
            value = _scope_from_deployment(case, catalog, value, contributions)
        if value > CAP:
            contributions.append(Contribution("cap", target, CAP - value, f"{comp} capped at {CAP}"))
            value = CAP
        values[comp] = value
    return SeverityResult(scale=values["scale"], scope=values["scope"],
                          irremediability=values["irremediability"], contributions=tuple(contributions))


def _scope_from_deployment(case: Case, catalog: Catalog, value: int, contributions: list[Contribution]) -> int:
    """The widest of the product's reach, the deployment scale and the purpose's widening, once."""
    base = value - sum(c.value for c in contributions if c.target == "severity.scope" and c.factor.startswith("feature:"))
    estimates: list[tuple[int, str, str]] = []
    scale = catalog.scales.get(case.end_use.scale) if case.end_use.scale else None
    if scale is not None:
        estimates.append((scale.scope, f"scale:{scale.id}",
                          f"deployment scale {scale.title} implies scope {scale.scope}"))
    purposes = [catalog.purposes[p] for p in case.end_use.purposes if p in catalog.purposes]
    uplifting = [p for p in purposes if p.scope_uplift > 0]
    if uplifting and scale is None:  # a stated deployment scale says how many people; the purpose only infers it
        top = max(uplifting, key=lambda p: (p.scope_uplift, p.id))
        estimates.append((int(base) + top.scope_uplift, f"purpose:{top.id}",
                          f"purpose {top.title} widens the product's scope {int(base)} by {top.scope_uplift}"))
    wider = [e for e in estimates if e[0] > value]
    if not wider:
        return value
    widest, factor, detail = max(wider, key=lambda e: (e[0], e[1]))
    contributions.append(Contribution(factor, "severity.scope", widest - value,
                                      f"{detail} (the widest estimate of scope, counted once)"))
    return widest
