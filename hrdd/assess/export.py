"""Findings of the ``export_controls`` step: screening, hits, embargoes, classification flags."""

from typing import TYPE_CHECKING

from hrdd.assess.findings import make_finding
from hrdd.assess.likelihood import is_strong_hit
from hrdd.assess.policy import is_restrictive_list
from hrdd.assess.result import EvidenceItem, Finding
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, Hit, RiskLevel

if TYPE_CHECKING:  # legal.py imports this module
    from hrdd.assess.legal import Effect

STEP = "export_controls"
NO_LICENCE_CODES = frozenset({"", "EAR99", "NLR"})


def export_findings(case: Case, catalog: Catalog, context: AssessmentContext) -> list[Finding]:
    found = [_screening_finding(case, catalog, context)]
    found += [_hit_finding(catalog, context, hit, n) for n, hit in enumerate(_sorted_hits(context), start=1)]
    found += _embargo_findings(case, catalog, context)
    found += _ownership_findings(case, catalog, context)
    found += _classification_findings(case, catalog)
    return found


def _sorted_hits(context: AssessmentContext) -> list[Hit]:
    return sorted(context.screening.hits, key=lambda h: (h.judgement == "no_match", -h.score, h.source,
                                                        h.entry_id, h.party, h.query))


def _screening_finding(case: Case, catalog: Catalog, context: AssessmentContext) -> Finding:
    screening = context.screening
    if not screening.performed:
        return make_finding(
            catalog, f"{STEP}.screening_not_performed", STEP, RiskLevel.MEDIUM,
            "Restricted-party screening was not done",
            "No sanctions or export-control list was loaded, so the end user, its parent and the "
            "intermediaries were not screened. This is a gap, not a pass: screen every party before signing.",
            [EvidenceItem(source="hrdd screening", as_of=case.date.isoformat(), value="no list loaded")],
            kind="gap")
    lists = sorted(screening.lists, key=lambda li: li.source)
    parties = len(screening.parties)
    open_count = sum(1 for h in screening.hits if h.judgement != "no_match")
    level = RiskLevel.LOW if open_count == 0 else RiskLevel.HIGH
    text = (f"Screened {parties} name(s) against {len(lists)} list(s)"
            + (f" with {screening.algorithm}" if screening.algorithm else "")
            + (f" (threshold {screening.threshold:g})" if screening.threshold is not None else "")
            + f": {len(screening.hits)} hit(s), {open_count} not cleared by a reviewer.")
    evidence = [EvidenceItem(source=li.title or li.source, as_of=li.as_of, value=f"{li.source}: {li.entries} entries")
                for li in lists]
    return make_finding(catalog, f"{STEP}.screening", STEP, level, "Restricted-party screening", text, evidence,
                        kind="info" if open_count == 0 else "risk")


def _hit_finding(catalog: Catalog, context: AssessmentContext, hit: Hit, number: int) -> Finding:
    as_of = next((li.as_of for li in context.screening.lists if li.source == hit.source), "unknown")
    restrictive = is_restrictive_list(hit)
    if hit.judgement == "no_match":
        level, state = RiskLevel.LOW, f"cleared by a reviewer as no match ({hit.judgement_reason or 'no reason given'})"
    elif is_strong_hit(hit, tuning_of(catalog)) and restrictive:
        level, state = RiskLevel.CRITICAL, "a strong match on a sanctions or export-control list: a hard stop"
    else:
        level, state = RiskLevel.HIGH, "not cleared: a reviewer must judge it before the case can proceed"
    programs = f"; programmes {', '.join(hit.programs)}" if hit.programs else ""
    text = (f"The {hit.party.replace('_', ' ')} name screened matched {hit.source} entry {hit.entry_id} "
            f"({hit.name}) through the name '{hit.matched_name}' with score {hit.score:.2f}{programs}. "
            f"This hit is {state}. {hit.explanation}".strip())
    evidence = [EvidenceItem(source=hit.source, as_of=as_of,
                             value=f"{hit.entry_id}: {hit.name}; topics {', '.join(hit.topics) or 'none'}"
                                   + (f"; listed {hit.listed_on}" if hit.listed_on else ""))]
    return make_finding(catalog, f"{STEP}.hit.{number}.{hit.source}.{hit.entry_id}", STEP, level,
                        f"Screening hit: {hit.name} on {hit.source}", text, evidence, kind="hit")


def _ownership_findings(case: Case, catalog: Catalog, context: AssessmentContext) -> list[Finding]:
    from hrdd.assess.legal import ownership_stops

    levels: dict[Effect, RiskLevel] = {"prohibited": RiskLevel.CRITICAL, "review": RiskLevel.HIGH, "not_applicable": RiskLevel.LOW}
    found: list[Finding] = []
    for number, stop in enumerate(ownership_stops(case, context), start=1):
        tie = stop.tie
        evidence = [EvidenceItem(source="restricted-party lists (FollowTheMoney Ownership)",
                                 as_of=_list_date(context), value=f"{tie.entry_id}: {tie.detail}"
                                 + (f"; owner {tie.owner_name} ({tie.owner_id})" if tie.owner_name else ""))]
        found.append(make_finding(catalog, f"{STEP}.ownership.{number}.{tie.kind}", STEP, levels[stop.effect],
                                  f"Ownership: {tie.kind.replace('_', ' ')}", stop.describe()[0].upper()
                                  + stop.describe()[1:] + ".", evidence, ("ofac.fifty_percent",)))
    return found


def _list_date(context: AssessmentContext) -> str:
    dates = sorted(li.as_of for li in context.screening.lists if li.as_of)
    return dates[-1] if dates else "unknown"


def _embargo_findings(case: Case, catalog: Catalog, context: AssessmentContext | None = None) -> list[Finding]:
    from hrdd.assess.legal import legal_stops, seller_jurisdictions

    found: list[Finding] = []
    bound = seller_jurisdictions(case, catalog)
    seller = (f"The seller is treated as subject to {', '.join(j.upper() for j in bound.codes) or 'none of US, EU, UK law'}"
              f" ({bound.source}).")
    levels: dict[Effect, RiskLevel] = {"prohibited": RiskLevel.CRITICAL, "review": RiskLevel.HIGH, "not_applicable": RiskLevel.LOW}
    verdicts: dict[Effect, str] = {"prohibited": "The sale is prohibited.", "review": "Legal review is needed before proceeding.",
                "not_applicable": "The measure does not reach this sale."}
    for number, stop in enumerate(legal_stops(case, catalog, context), start=1):
        embargo = stop.embargo
        text = f"{stop.describe()[0].upper()}{stop.describe()[1:]}. {verdicts[stop.effect]} {seller} {embargo.explanation}"
        acts = f"; acts: {'; '.join(embargo.acts)}" if embargo.acts else ""
        evidence = [EvidenceItem(source=", ".join(embargo.authorities), as_of=embargo.as_of.isoformat(),
                                 value=f"{embargo.regime} measures on {stop.country}{acts}", url=embargo.source_url)]
        found.append(make_finding(catalog, f"{STEP}.embargo.{embargo.id}.{number}", STEP, levels[stop.effect],
                                  f"Embargo: {embargo.title}", text, evidence, embargo.citations,
                                  reconstructed=embargo.reconstructed))
    return found


def _classification_findings(case: Case, catalog: Catalog) -> list[Finding]:
    found: list[Finding] = []
    for index, product in enumerate(case.products):
        cls = product.export_classification
        if cls is None or (cls.code or "").upper() in NO_LICENCE_CODES:
            continue
        text = (f"{product.name} is classified {cls.code} ({cls.jurisdiction or 'jurisdiction not given'}). "
                "A listed item may need an export licence for this destination and end user; confirm with "
                "export-control counsel. The human-rights assessment is additional to any licence.")
        evidence = [EvidenceItem(source="case file (export classification)", as_of=case.date.isoformat(),
                                 value=f"{cls.jurisdiction or '?'} {cls.code}")]
        found.append(make_finding(catalog, f"{STEP}.classification.{index}", STEP, RiskLevel.MEDIUM,
                                  f"Listed export classification: {cls.code}", text, evidence))
    return found
