"""``assess``: the whole method in order. Pure: no I/O, no clock (the case carries its date)."""

from hrdd.assess.completeness import assess_completeness
from hrdd.assess.country import summarise_country
from hrdd.assess.credit import BuyerRecord, assess_buyer_record, assess_leverage
from hrdd.assess.evidence import weigh_misuse
from hrdd.assess.flags import case_categories, effective_facts, evaluate_flags
from hrdd.assess.involvement import assess_involvement, mark_findings
from hrdd.assess.likelihood import assess_likelihood
from hrdd.assess.policy import Inputs, decide
from hrdd.assess.questions import open_questions
from hrdd.assess.redlines import red_lines
from hrdd.assess.residual import case_safeguards, inherent_risk, level_for, reduce
from hrdd.assess.result import Assessment, Completeness, Confidence, Contribution, FlagResult, RiskScore
from hrdd.assess.scope import decide_scope
from hrdd.assess.severity import assess_severity
from hrdd.assess.steps import collect_findings, summarise_steps
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Policy
from hrdd.model import AssessmentContext, Case

ENGINE_VERSION = "assess-v2"


def assess(case: Case, catalog: Catalog, context: AssessmentContext = AssessmentContext()) -> Assessment:  # noqa: B008
    """Assess one case against the catalogue and the context (country, screening, misuse)."""
    tuning = tuning_of(catalog)
    scope = decide_scope(case, catalog, context)
    flags = evaluate_flags(case, catalog, context)
    severity = assess_severity(case, catalog)
    likelihood = assess_likelihood(case, catalog, context, flags)
    misuse = weigh_misuse(context, case.date.year, case_categories(case, catalog))
    record = assess_buyer_record(case, catalog, context, flags, misuse, tuning)
    leverage = assess_leverage(case, tuning)
    inherent = floor_for_misuse(inherent_risk(severity, likelihood, catalog.policy), record, catalog.policy)
    safeguards = case_safeguards(case, catalog, flags, scope.in_scope, (record, leverage))
    residual = reduce(inherent, safeguards, catalog.policy)
    crossed = red_lines(case, catalog, context, effective_facts(case, catalog, context), severity, record) \
        if scope.in_scope else ()
    completeness = assess_completeness(case, catalog, context, flags) if scope.in_scope else Completeness(True, ())
    decision = decide(case, catalog, Inputs(context, scope, flags, inherent, residual, safeguards,
                                            (record, leverage), crossed, completeness))
    involvement = assess_involvement(case, catalog, flags, record, leverage)
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
        findings=mark_findings(findings, involvement),
        flags=flags,
        screening=context.screening,
        questions=open_questions(case, catalog, context, flags),
        confidence=rate_confidence(context, flags, completeness),
        country=summarise_country(context),
        hard_stops=decision.hard_stops,
        escalation=decision.escalation,
        completeness=completeness,
        red_lines=decision.red_lines,
        overrides=tuple(f"{f.id}: {f.override}" for f in flags if f.override),
        involvement=involvement,
    )


def floor_for_misuse(inherent: RiskScore, record: BuyerRecord, policy: Policy) -> RiskScore:
    """Documented misuse of the same category by this end user: inherent risk is at least high."""
    high = policy.level_thresholds[1]
    if not record.same_category_misuse or inherent.score >= high:
        return inherent
    part = Contribution("misuse_floor", "inherent", high - inherent.score,
                        f"documented misuse of the same category ({', '.join(record.same_category_misuse)}) by this "
                        f"end user: inherent risk is at least high ({high})")
    return RiskScore(score=high, level=level_for(high, policy), formula=inherent.formula,
                     contributions=(*inherent.contributions, part))


def rate_confidence(context: AssessmentContext, flags: tuple[FlagResult, ...],
                    completeness: Completeness) -> Confidence:
    """How far the result rests on evidence rather than gaps: 1.0 less a penalty per gap."""
    penalties: list[tuple[float, str]] = []
    if not context.screening.performed:
        penalties.append((0.2, "restricted-party screening was not performed"))
    if context.country is None or context.country.risk is None:
        penalties.append((0.2, "country context is missing"))
    matters = sorted(f.id for f in flags if f.matters)
    if matters:
        penalties.append((0.1 * len(matters), f"required answers still open: {', '.join(matters)}"))
    other = sorted(f.id for f in flags if f.kind == "fact" and f.status == "unknown" and not f.matters)
    if other:
        penalties.append((0.03 * len(other), f"{len(other)} other red-flag question(s) open"))
    weak = sorted(f.id for f in flags if f.status != "unknown" and f.confidence == "low")
    if weak:
        penalties.append((0.05 * len(weak), f"low-confidence readings: {', '.join(weak)}"))
    overridden = sorted(f.id for f in flags if f.override)
    if overridden:
        penalties.append((0.1 * len(overridden), f"evidence set aside by the analyst: {', '.join(overridden)}"))
    score = round(max(0.0, 1.0 - sum(p for p, _ in penalties)), 2)
    level = "high" if score >= 0.75 else "medium" if score >= 0.5 else "low"
    if not completeness.complete and level == "high":
        level = "medium"  # an incomplete case is never rated high confidence
    return Confidence(level=level, score=score, reasons=tuple(r for _, r in penalties))
