"""Findings of the ``end_user`` and ``third_parties`` steps."""

from hrdd.assess.findings import flag_findings, level_from_points, make_finding
from hrdd.assess.result import EvidenceItem, Finding, FlagResult
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, CountryContext, RiskLevel, Tristate


def end_user_findings(case: Case, catalog: Catalog, context: AssessmentContext,
                      flags: tuple[FlagResult, ...]) -> list[Finding]:
    step = "end_user"
    user = case.end_user
    kind = catalog.end_user_kinds.get(user.kind.value)
    sector = catalog.sectors.get(user.sector)
    points = (kind.likelihood if kind else 0.0) + (sector.likelihood if sector else 0.0)
    level = level_from_points(points)
    if sector is not None and sector.security_body and level.rank < RiskLevel.MEDIUM.rank:
        level = RiskLevel.MEDIUM
    parts = [f"The end user is {kind.title.lower() if kind else user.kind.value}"
             + (f" in the {sector.title.lower()} sector" if sector else f" (sector {user.sector})") + "."]
    if sector is not None and sector.security_body:
        parts.append("Security, intelligence, police, military, prison and border bodies are the users the "
                     "guidance is most concerned with.")
    if user.government_ties:
        parts.append(f"Government ties stated in the case: {user.government_ties}.")
    if user.parent:
        parts.append(f"Parent: {user.parent}.")
    citations = (kind.citations if kind else ()) + (sector.citations if sector else ())
    evidence = [EvidenceItem(source="case file (end user)", as_of=case.date.isoformat(),
                             value=f"kind {user.kind.value}, sector {user.sector}, country {user.country}")]
    found = [make_finding(catalog, f"{step}.profile", step, level, "End user profile", " ".join(parts), evidence,
                          citations)]
    if context.screening.government_ties:
        ties = list(context.screening.government_ties)
        found.append(make_finding(
            catalog, f"{step}.list_government_ties", step, RiskLevel.MEDIUM, "Government ties found in list data",
            "Screening data links the end user to a government: " + "; ".join(ties) + ".",
            [EvidenceItem(source="restricted-party lists", as_of=_latest_list_date(context), value=t) for t in ties]))
    return found + flag_findings(catalog, flags, step)


def _latest_year(country: CountryContext) -> str:
    years = sorted(f.year for f in country.figures if f.year is not None)
    return str(years[-1]) if years else "unknown"


def _latest_list_date(context: AssessmentContext) -> str:
    dates = sorted(li.as_of for li in context.screening.lists if li.as_of)
    return dates[-1] if dates else "unknown"


def third_party_findings(case: Case, catalog: Catalog, context: AssessmentContext,
                         flags: tuple[FlagResult, ...]) -> list[Finding]:
    step = "third_parties"
    found: list[Finding] = []
    countries = {c.code: c for c in context.other_countries}
    if context.country is not None:
        countries.setdefault(context.country.code, context.country)
    for index, party in enumerate(case.intermediaries):
        role = catalog.intermediary_roles.get(party.role)
        title = role.title if role else party.role
        ties = party.government_ties
        evidence = [EvidenceItem(source="case file (intermediaries)", as_of=case.date.isoformat(),
                                 value=f"{party.name} ({party.role}, {party.country or 'country not given'}): "
                                       f"government ties {ties.value}")]
        if ties is Tristate.FALSE:
            level, text, kind = RiskLevel.LOW, f"{title} with no government ties on record.", "info"
        else:
            weight = role.likelihood if role else 1.0
            level = level_from_points(weight)
            if ties is Tristate.TRUE and level.rank < RiskLevel.MEDIUM.rank:
                level = RiskLevel.MEDIUM
            reading = "has government ties" if ties is Tristate.TRUE else "has government ties that are unknown"
            text = (f"The {title.lower()} {party.name} {reading}: a route for diversion to a government user "
                    f"the due diligence did not cover. {role.explanation if role else ''}").strip()
            kind = "risk" if ties is Tristate.TRUE else "gap"
        where = countries.get(party.country or "")
        if where is not None and where.risk is not None:
            text += f" {where.name}: overall country risk {where.risk:.2f}."
            evidence.append(EvidenceItem(source=where.risk_method or "hrdd country context",
                                         as_of=_latest_year(where), value=f"{where.code} risk {where.risk:.2f}"))
            if where.risk >= tuning_of(catalog).high_risk_country and level.rank < RiskLevel.MEDIUM.rank:
                level = RiskLevel.MEDIUM
        found.append(make_finding(catalog, f"{step}.intermediary.{index}", step, level, f"Intermediary: {title}",
                                  text, evidence, role.citations if role else (), kind,
                                  role.reconstructed if role else False))
    return found + flag_findings(catalog, flags, step)
