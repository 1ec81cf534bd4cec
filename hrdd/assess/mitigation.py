"""Findings of the mitigation steps: ``product_tailoring``, ``contract_safeguards``,
``grievance_mechanism`` and ``public_reporting`` (safeguards recorded, conditions required)."""

from hrdd.assess.findings import flag_findings, make_finding
from hrdd.assess.result import AppliedSafeguard, EvidenceItem, Finding, FlagResult, RiskScore
from hrdd.catalog.registry import Catalog
from hrdd.model import Case, RiskLevel

MITIGATION_STEPS = ("product_tailoring", "contract_safeguards", "grievance_mechanism", "public_reporting")
ALWAYS_RECOMMENDED = {
    "grievance_mechanism": "The guidance recommends a grievance mechanism through which people affected by "
                           "misuse can raise concerns; none is recorded for this case.",
    "public_reporting": "The guidance recommends public reporting on sales practices and the due diligence "
                        "performed; none is recorded for this case.",
}


def _clause_text(catalog: Catalog, sg: AppliedSafeguard) -> str:
    if sg.clause is None:
        return ""
    clause = catalog.clauses.get(sg.clause)
    return f" Model clause: {clause.title} ({clause.id})." if clause else f" Model clause: {sg.clause}."


def mitigation_findings(step: str, case: Case, catalog: Catalog, flags: tuple[FlagResult, ...],
                        safeguards: tuple[AppliedSafeguard, ...], conditions: tuple[AppliedSafeguard, ...],
                        residual: RiskScore, in_scope: bool) -> list[Finding]:
    found: list[Finding] = []
    required = {c.id for c in conditions}
    for sg in safeguards:
        if sg.step != step or sg.id in required:
            continue
        item = catalog.safeguards[sg.id]
        effect = (f"It addresses {', '.join(sg.addresses)} and lowers residual risk by "
                  f"{sg.reduction:g} x {sg.factor:g} ({sg.status})." if sg.applies else
                  "It addresses nothing present in this case, so it does not lower residual risk.")
        found.append(make_finding(
            catalog, f"{step}.safeguard.{sg.id}", step, RiskLevel.LOW, f"Safeguard: {sg.title} ({sg.status})",
            f"{item.explanation} {effect}{_clause_text(catalog, sg)}",
            [EvidenceItem(source="case file (safeguards)", as_of=case.date.isoformat(),
                          value=f"{sg.id}: {sg.status}" + (f"; {sg.note}" if sg.note else ""))],
            item.citations, "info", item.reconstructed))
    for cond in conditions:
        if cond.step != step:
            continue
        item = catalog.safeguards[cond.id]
        now = "not yet committed" if cond.status == "proposed" else f"currently {cond.status}, not implemented"
        found.append(make_finding(
            catalog, f"{step}.condition.{cond.id}", step, RiskLevel.MEDIUM, f"Condition: {cond.title}",
            f"{item.explanation} Required before proceeding ({now}): it addresses {', '.join(cond.addresses)} and "
            f"removes {cond.reduction:g} of the residual risk once implemented.{_clause_text(catalog, cond)}",
            [EvidenceItem(source="hrdd recommendation policy", as_of=catalog.version,
                          value=f"residual {residual.score} ({residual.level.value}) before conditions")],
            item.citations, "condition", item.reconstructed))
    recorded = any(sg.step == step for sg in safeguards) or any(c.step == step for c in conditions)
    if in_scope and not recorded and step in ALWAYS_RECOMMENDED:
        found.append(make_finding(catalog, f"{step}.none_recorded", step, RiskLevel.LOW,
                                  f"No {step.replace('_', ' ')} recorded", ALWAYS_RECOMMENDED[step],
                                  [EvidenceItem(source="case file (safeguards)", as_of=case.date.isoformat(),
                                                value="none for this step")], kind="gap"))
    return found + flag_findings(catalog, flags, step)
