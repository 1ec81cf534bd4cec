"""Building blocks for findings: levels from numbers, citations resolved to labels."""

from collections.abc import Iterable

from hrdd.assess.result import Citation, EvidenceItem, Finding, FlagResult
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Fact
from hrdd.model import RiskLevel


def level_from_scale(value: float) -> RiskLevel:
    """A 1..5 reading (severity index, likelihood) as a level."""
    if value >= 4.5:
        return RiskLevel.CRITICAL
    if value >= 3.5:
        return RiskLevel.HIGH
    if value >= 2.5:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def level_from_points(points: float) -> RiskLevel:
    """Likelihood points a factor adds (0..3) as a level."""
    if points >= 2:
        return RiskLevel.HIGH
    if points >= 1:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def level_from_risk(risk: float) -> RiskLevel:
    """A 0..1 country risk as a level."""
    if risk >= 0.8:
        return RiskLevel.CRITICAL
    if risk >= 0.6:
        return RiskLevel.HIGH
    if risk >= 0.35:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def highest(levels: Iterable[RiskLevel]) -> RiskLevel:
    return max(levels, key=lambda lv: lv.rank, default=RiskLevel.LOW)


def resolve_citations(catalog: Catalog, ids: Iterable[str]) -> tuple[Citation, ...]:
    """Citation ids to labels, de-duplicated in order; an unknown id keeps the id as its label."""
    seen: dict[str, Citation] = {}
    for cid in ids:
        if cid in seen:
            continue
        try:
            label = catalog.citation(cid).label
        except KeyError:
            label = cid
        seen[cid] = Citation(id=cid, label=label)
    return tuple(seen.values())


def step_citations(catalog: Catalog, step: str) -> tuple[str, ...]:
    item = catalog.steps.get(step)
    return tuple(item.citations) + tuple(item.ungp) if item is not None else ()


def make_finding(catalog: Catalog, fid: str, step: str, level: RiskLevel, title: str, explanation: str,
                 evidence: Iterable[EvidenceItem] = (), citations: Iterable[str] = (), kind: str = "risk",
                 reconstructed: bool = False) -> Finding:
    cites = resolve_citations(catalog, [*citations, *step_citations(catalog, step)])
    return Finding(id=fid, step=step, level=level, title=title, explanation=explanation,
                   evidence=tuple(evidence), citations=cites, kind=kind, reconstructed=reconstructed)


def flag_findings(catalog: Catalog, flags: Iterable[FlagResult], step: str) -> list[Finding]:
    """A finding for each flag of the step that is true (a risk) or unknown with weight (a gap)."""
    found: list[Finding] = []
    for flag in flags:
        if flag.step != step:
            continue
        item = catalog.facts.get(flag.id) if flag.kind == "fact" else catalog.derived_flags.get(flag.id)
        if item is None:
            continue
        if flag.status == "false":
            if flag.default is not None and flag.default != "false":
                found.append(make_finding(
                    catalog, f"{step}.override.{flag.id}", step, RiskLevel.MEDIUM,
                    f"Analyst answer differs from the data: {flag.title}",
                    f"{item.explanation} {flag.explanation} A reviewer should check the evidence for the answer.",
                    flag.evidence, item.citations, "info", item.reconstructed))
            continue
        if flag.status == "true":
            level = RiskLevel.CRITICAL if flag.hard_stop else level_from_points(flag.likelihood)
            title = f"Red flag: {flag.title}"
            kind = "risk"
        else:
            # an open question weighs what its answer could add; it adds nothing until answered
            weight = item.likelihood_true if flag.kind == "fact" and isinstance(item, Fact) else 0.0
            if weight <= 0 and not flag.matters:
                continue
            level = RiskLevel.MEDIUM if flag.matters or weight >= 2 else RiskLevel.LOW
            title = f"Unknown: {flag.title}" + ("" if flag.asked else " (not yet asked)")
            kind = "gap"
        text = f"{item.explanation} {flag.explanation}"
        if flag.kind == "fact" and flag.status == "unknown":
            text += f" Question: {catalog.facts[flag.id].question}"
        found.append(make_finding(catalog, f"{step}.{flag.kind}.{flag.id}", step, level, title, text,
                                  flag.evidence, item.citations, kind, item.reconstructed))
    return found
