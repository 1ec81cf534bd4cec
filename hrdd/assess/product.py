"""Findings of the ``capabilities`` and ``end_use`` steps."""

from hrdd.assess.findings import flag_findings, level_from_scale, make_finding
from hrdd.assess.result import EvidenceItem, Finding, FlagResult, ScopeResult
from hrdd.catalog.registry import Catalog
from hrdd.model import Case, RiskLevel
from hrdd.model.types import Grade

PURPOSE_LEVEL: dict[Grade, RiskLevel] = {"low": RiskLevel.LOW, "medium": RiskLevel.MEDIUM, "high": RiskLevel.HIGH}


def _catalogue_evidence(catalog: Catalog, kind: str, item_id: str) -> EvidenceItem:
    return EvidenceItem(source=f"hrdd catalogue ({kind})", as_of=catalog.version, value=item_id)


def capability_findings(case: Case, catalog: Catalog, scope: ScopeResult,
                        flags: tuple[FlagResult, ...]) -> list[Finding]:
    step = "capabilities"
    found = [make_finding(
        catalog, f"{step}.scope", step, RiskLevel.LOW,
        "In scope of the guidance" if scope.in_scope else "Out of scope of the guidance",
        "; ".join(scope.reasons) + ".",
        [EvidenceItem(source="case file", as_of=case.date.isoformat(),
                      value=f"capabilities: {', '.join(case.capabilities) or 'none'}; features: "
                            f"{', '.join(case.features) or 'none'}; end user kind: {case.end_user.kind.value}")],
        kind="info")]
    for cap_id in case.capabilities:
        cap = catalog.capabilities.get(cap_id)
        if cap is None:
            continue
        sev = cap.severity
        index = (sev.scale + sev.scope + sev.irremediability) / 3
        text = (f"{cap.explanation} Misuse vectors: {'; '.join(cap.misuse_vectors)}. Rights at risk: "
                f"{', '.join(r.replace('_', ' ') for r in cap.rights)}. Severity: scale {sev.scale}, scope "
                f"{sev.scope}, irremediability {sev.irremediability}" + (" (inherently covert)." if cap.covert else "."))
        found.append(make_finding(catalog, f"{step}.capability.{cap_id}", step, level_from_scale(index),
                                  f"Capability: {cap.title}", text, [_catalogue_evidence(catalog, "capabilities", cap_id)],
                                  cap.citations, reconstructed=cap.reconstructed))
    for feat_id in case.features:
        feat = catalog.features.get(feat_id)
        if feat is None:
            continue
        up = feat.uplift
        biggest = max(up.scale, up.scope, up.irremediability)
        level = RiskLevel.HIGH if feat.covert or biggest >= 2 else RiskLevel.MEDIUM
        text = (f"{feat.explanation} Misuse vectors: {'; '.join(feat.misuse_vectors)}. Raises severity by "
                f"scale +{up.scale}, scope +{up.scope}, irremediability +{up.irremediability}.")
        found.append(make_finding(catalog, f"{step}.feature.{feat_id}", step, level, f"Feature: {feat.title}", text,
                                  [_catalogue_evidence(catalog, "features", feat_id)], feat.citations,
                                  reconstructed=feat.reconstructed))
    return found + flag_findings(catalog, flags, step)


def end_use_findings(case: Case, catalog: Catalog, flags: tuple[FlagResult, ...]) -> list[Finding]:
    step = "end_use"
    found: list[Finding] = []
    case_evidence = EvidenceItem(source="case file (end use)", as_of=case.date.isoformat(),
                                 value=case.end_use.description or "no description given")
    for pid in case.end_use.purposes:
        purpose = catalog.purposes.get(pid)
        if purpose is None:
            continue
        text = f"Stated purpose: {purpose.title}. {purpose.explanation}"
        found.append(make_finding(catalog, f"{step}.purpose.{pid}", step, PURPOSE_LEVEL[purpose.risk],
                                  f"Purpose: {purpose.title} ({purpose.risk} risk)", text, [case_evidence],
                                  purpose.citations, reconstructed=purpose.reconstructed))
    if not case.end_use.purposes:
        found.append(make_finding(catalog, f"{step}.no_purpose", step, RiskLevel.MEDIUM, "No stated purpose",
                                  "The case states no purpose, so the end use cannot be checked against the "
                                  "product and the end user's mission.", [case_evidence], kind="gap"))
    scale = catalog.scales.get(case.end_use.scale) if case.end_use.scale else None
    if scale is None:
        found.append(make_finding(catalog, f"{step}.no_scale", step, RiskLevel.LOW, "Deployment scale not given",
                                  "Without the deployment scale (site, city, region or national) the scope of the "
                                  "potential impact rests on the capabilities alone.", [case_evidence], kind="gap"))
    else:
        level = level_from_scale(scale.scope)
        found.append(make_finding(catalog, f"{step}.scale.{scale.id}", step, level,
                                  f"Deployment scale: {scale.title}",
                                  f"{scale.explanation} This scale implies a UNGP scope of {scale.scope}.",
                                  [case_evidence], scale.citations, reconstructed=scale.reconstructed))
    return found + flag_findings(catalog, flags, step)
