"""Severity of the potential impact, per UNGP 14: scale, scope and irremediability, each 1..5.

For each component:

1. the base is the highest value among the case's capabilities (a product with features but
   no catalogue capability starts at 1);
2. plus the largest uplift any of its features gives that component;
3. scope is at least the scope the deployment scale implies (``scales[scale].scope``);
4. scope rises by the largest ``scope_uplift`` of the stated purposes;
5. each component is capped at 5.
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
    scale = catalog.scales.get(case.end_use.scale) if case.end_use.scale else None
    if scale is not None and scale.scope > value:
        contributions.append(Contribution(f"scale:{scale.id}", "severity.scope", scale.scope - value,
                                          f"deployment scale {scale.title} implies scope {scale.scope}"))
        value = scale.scope
    purposes = [catalog.purposes[p] for p in case.end_use.purposes if p in catalog.purposes]
    uplifting = [p for p in purposes if p.scope_uplift > 0]
    if uplifting:
        top = max(uplifting, key=lambda p: (p.scope_uplift, p.id))
        value += top.scope_uplift
        contributions.append(Contribution(f"purpose:{top.id}", "severity.scope", top.scope_uplift,
                                          f"purpose {top.title} widens scope by {top.scope_uplift}"))
    return value
