"""The questions still open, most decisive first: what to ask or do before a decision.

Order: screening to do or review, unknowns the policy escalates on, the other unknown red
flags by their weight, then missing context (country data, deployment scale, intermediaries).
"""

from hrdd.assess.likelihood import open_hits
from hrdd.assess.result import FlagResult
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, Tristate


def open_questions(case: Case, catalog: Catalog, context: AssessmentContext,
                   flags: tuple[FlagResult, ...]) -> tuple[str, ...]:
    questions: list[str] = []
    if not context.screening.performed:
        parties = ["the end user"] + (["its parent"] if case.end_user.parent else []) + (
            ["every intermediary"] if case.intermediaries else [])
        questions.append(f"Screen {', '.join(parties)} against the sanctions and export-control lists "
                         "before signing: screening was not done.")
    for hit in open_hits(context):
        questions.append(f"Review the screening hit on {hit.source} entry {hit.entry_id} ({hit.name}) for "
                         f"the {hit.party.replace('_', ' ')} and record a judgement (match or no match) with a reason.")
    unknown = [f for f in flags if f.kind == "fact" and f.status == "unknown" and (f.matters or f.likelihood > 0)]
    unknown.sort(key=lambda f: (not f.matters, -f.likelihood, f.id))
    questions += [catalog.facts[f.id].ask_customer for f in unknown]
    country = context.country
    if country is None or country.risk is None:
        questions.append(f"Import country indicators for {case.end_user.country} (hrdd data update) or record "
                         "the country context by hand: it is missing and counted as mid-range risk.")
    if country is not None and any(law.applies is None for law in country.laws):
        questions.append(f"Verify the unverified laws and practices of concern for {country.name}.")
    if not case.end_use.scale:
        questions.append("Ask the customer at what scale the product will be deployed (site, city, region "
                         "or national).")
    if not case.end_use.purposes:
        questions.append("Ask the customer to state the end use and the purposes the product will serve.")
    for party in case.intermediaries:
        if party.government_ties is Tristate.UNKNOWN:
            questions.append(f"Establish whether the {party.role.replace('_', ' ')} {party.name} has ties to "
                             "the government (ownership, officials, legal obligations to give access).")
    return tuple(dict.fromkeys(questions))
