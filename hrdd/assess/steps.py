"""One result per due-diligence step of the contract, in the contract's order."""

from collections.abc import Sequence
from typing import get_args

from hrdd.assess.country import country_findings
from hrdd.assess.export import export_findings
from hrdd.assess.findings import highest
from hrdd.assess.mitigation import MITIGATION_STEPS, mitigation_findings
from hrdd.assess.parties import end_user_findings, third_party_findings
from hrdd.assess.product import capability_findings, end_use_findings
from hrdd.assess.result import AppliedSafeguard, Finding, FlagResult, RiskScore, ScopeResult, StepResult
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import StepId
from hrdd.model import AssessmentContext, Case

STEP_IDS: tuple[StepId, ...] = get_args(StepId)  # in the order the guidance takes them


def collect_findings(case: Case, catalog: Catalog, context: AssessmentContext, scope: ScopeResult,
                     flags: tuple[FlagResult, ...], safeguards: tuple[AppliedSafeguard, ...],
                     conditions: tuple[AppliedSafeguard, ...], residual: RiskScore) -> tuple[Finding, ...]:
    """Every finding, grouped by step in the contract's order; ids are unique."""
    found: list[Finding] = []
    found += export_findings(case, catalog, context)
    found += capability_findings(case, catalog, scope, flags)
    found += end_user_findings(case, catalog, context, flags)
    found += country_findings(case, catalog, context, flags)
    found += end_use_findings(case, catalog, flags)
    found += third_party_findings(case, catalog, context, flags)
    for step in MITIGATION_STEPS:
        found += mitigation_findings(step, case, catalog, flags, safeguards, conditions, residual, scope.in_scope)
    ids = [f.id for f in found]
    if len(ids) != len(set(ids)):
        raise AssertionError(f"duplicate finding ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return tuple(found)


def summarise_steps(catalog: Catalog, findings: Sequence[Finding]) -> tuple[StepResult, ...]:
    results: list[StepResult] = []
    for order, step_id in enumerate(STEP_IDS, start=1):
        mine = [f for f in findings if f.step == step_id]
        item = catalog.steps.get(step_id)
        level = highest(f.level for f in mine)
        risks = sum(1 for f in mine if f.kind in ("risk", "hit"))
        gaps = sum(1 for f in mine if f.kind == "gap")
        summary = f"{len(mine)} finding(s): {risks} risk(s), {gaps} gap(s); highest level {level.value}"
        results.append(StepResult(id=step_id, title=item.title if item else step_id.replace("_", " ").capitalize(),
                                  order=order, level=level, findings=tuple(f.id for f in mine), summary=summary))
    return tuple(results)
