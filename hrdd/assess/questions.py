"""The questions still open, most decisive first: what to ask or do before a decision.

Order: screening to do or review, unknowns the policy escalates on, the other unknown red
flags by their weight, then missing context (country data, deployment scale, intermediaries)
and the fields the case file left out (``case.missing``).
"""

from hrdd.assess.likelihood import open_hits
from hrdd.assess.result import FlagResult
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, Tristate

SCALE_QUESTION = ("Ask the customer at what scale the product will be deployed (site, city, region "
                  "or national).")
PURPOSE_QUESTION = "Ask the customer to state the end use and the purposes the product will serve."
MISSING_QUESTIONS = {
    "end_use.description": "Ask the customer to describe the end use in their own words: what the product will "
                           "do, where, against whom and for how long.",
    "end_use.purposes": PURPOSE_QUESTION,
    "end_use.scale": SCALE_QUESTION,
    "end_user.government_ties": "Describe the end user's ties to the government: ownership, officials in its "
                                "management, legal obligations to give the state access.",
    "end_user.parent": "Identify the end user's parent or controlling owner, so that it can be screened and its "
                       "record checked.",
    "intermediaries": "Confirm whether any distributor, reseller, integrator, consignee or other third party takes "
                      "part in the transaction.",
    "evidence": "Record the sources relied on (reports, articles, registers) with their dates.",
}


def open_questions(case: Case, catalog: Catalog, context: AssessmentContext,
                   flags: tuple[FlagResult, ...]) -> tuple[str, ...]:
    questions: list[str] = []
    if not context.screening.performed:
        parties = ["the end user"] + (["its parent"] if case.end_user.parent else []) + (
            ["every intermediary"] if case.intermediaries else [])
        named = parties[0] if len(parties) == 1 else f"{', '.join(parties[:-1])} and {parties[-1]}"
        questions.append(f"Screen {named} against the sanctions and export-control lists "
                         "before signing: screening was not done.")
    for hit in open_hits(context):
        questions.append(f"Review the screening hit on {hit.source} entry {hit.entry_id} ({hit.name}) for "
                         f"the {hit.party.replace('_', ' ')} and record a judgement (match or no match) with a reason.")
    unknown = [f for f in flags if f.kind == "fact" and f.status == "unknown"
               and (f.matters or catalog.facts[f.id].likelihood_true > 0)]
    unknown.sort(key=lambda f: (not f.matters, -catalog.facts[f.id].likelihood_true, f.id))
    questions += [catalog.facts[f.id].ask_customer for f in unknown]
    country = context.country
    if country is None or country.risk is None:
        questions.append(f"Import country indicators for {case.end_user.country} (hrdd data update) or record "
                         "the country context by hand: it is missing and counted as mid-range risk.")
    if country is not None and any(law.applies is None for law in country.laws):
        questions.append(f"Verify the unverified laws and practices of concern for {country.name}.")
    if not case.end_use.scale:
        questions.append(SCALE_QUESTION)
    if not case.end_use.purposes:
        questions.append(PURPOSE_QUESTION)
    for party in case.intermediaries:
        if party.government_ties is Tristate.UNKNOWN:
            questions.append(f"Establish whether the {party.role.replace('_', ' ')} {party.name} has ties to "
                             "the government (ownership, officials, legal obligations to give access).")
    for path in case.missing:
        questions.append(MISSING_QUESTIONS.get(path, f"Complete {path} in the case file."))
    return tuple(dict.fromkeys(questions))
