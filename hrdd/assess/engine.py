"""``assess``: the whole method in order. Pure: no I/O, no clock (the case carries its date)."""

from hrdd.assess.country import summarise_country
from hrdd.assess.flags import evaluate_flags
from hrdd.assess.likelihood import assess_likelihood
from hrdd.assess.policy import decide
from hrdd.assess.questions import open_questions
from hrdd.assess.residual import case_safeguards, inherent_risk, reduce
from hrdd.assess.result import Assessment, Confidence, FlagResult
from hrdd.assess.scope import decide_scope
from hrdd.assess.severity import assess_severity
from hrdd.assess.steps import collect_findings, summarise_steps
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case

ENGINE_VERSION = "assess-v1"


def assess(case: Case, catalog: Catalog, context: AssessmentContext = AssessmentContext()) -> Assessment:  # noqa: B008
    """Assess one case against the catalogue and the context (country, screening, misuse)."""
    scope = decide_scope(case, catalog, context)
    flags = evaluate_flags(case, catalog, context)
    severity = assess_severity(case, catalog)
    likelihood = assess_likelihood(case, catalog, context, flags)
    inherent = inherent_risk(severity, likelihood, catalog.policy)
    safeguards = case_safeguards(case, catalog, flags, scope.in_scope)
    residual = reduce(inherent, safeguards, catalog.policy)
    decision = decide(case, catalog, context, scope, flags, inherent, residual, safeguards)
    findings = collect_findings(case, catalog, context, scope, flags, safeguards, decision.conditions, residual)
    return Assessment(
        engine_version=ENGINE_VERSION,
        catalog_version=catalog.version,
        data_versions=tuple(sorted(context.data_versions)),
        case=case,
        scope=scope,
        severity=severity,
        likelihood=likelihood,
        inherent=inherent,
        residual=residual,
        projected=decision.projected,
        recommendation=decision.recommendation,
        recommendation_reasons=decision.reasons,
        conditions=decision.conditions,
        safeguards=safeguards,
        steps=summarise_steps(catalog, findings),
        findings=findings,
        flags=flags,
        screening=context.screening,
        questions=open_questions(case, catalog, context, flags),
        confidence=rate_confidence(context, flags),
        country=summarise_country(context),
        hard_stops=decision.hard_stops,
    )


def rate_confidence(context: AssessmentContext, flags: tuple[FlagResult, ...]) -> Confidence:
    """How far the result rests on evidence rather than gaps: 1.0 less a penalty per gap."""
    penalties: list[tuple[float, str]] = []
    if not context.screening.performed:
        penalties.append((0.2, "restricted-party screening was not performed"))
    if context.country is None or context.country.risk is None:
        penalties.append((0.2, "country context is missing"))
    matters = sorted(f.id for f in flags if f.matters)
    if matters:
        penalties.append((0.1 * len(matters), f"unknown answers the policy escalates on: {', '.join(matters)}"))
    other = sorted(f.id for f in flags if f.status == "unknown" and not f.matters and f.likelihood > 0)
    if other:
        penalties.append((0.03 * len(other), f"{len(other)} other red-flag question(s) unanswered"))
    weak = sorted(f.id for f in flags if f.status != "unknown" and f.confidence == "low")
    if weak:
        penalties.append((0.05 * len(weak), f"low-confidence defaults: {', '.join(weak)}"))
    score = round(max(0.0, 1.0 - sum(p for p, _ in penalties)), 2)
    level = "high" if score >= 0.75 else "medium" if score >= 0.5 else "low"
    return Confidence(level=level, score=score, reasons=tuple(r for _, r in penalties))
