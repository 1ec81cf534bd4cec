"""Incompleteness is a gate, not a score (method v2).

A case is **incomplete** while a question the policy requires (``policy.escalate_on_unknown``)
is unknown or not asked and no evidence answers it, while restricted-party screening was not
done (when the policy escalates on it), while the country context is missing, or while no
purpose is stated. The report lists each open question and whom to ask; the recommendation is
then an escalation with ``escalation: incomplete`` (distinct from a risk escalation), unless
the evidence already gives a stronger answer (a hard stop, a red line, a risk escalation).
Unknowns never raise likelihood; they lower confidence.
"""

from hrdd.assess.result import Completeness, FlagResult, OpenQuestion
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case

WHOM = {
    "end_user": "the customer, and the seller's own research (UN, NGO and media reports on the end user)",
    "end_use": "the customer",
    "capabilities": "the customer",
    "product_tailoring": "the customer",
    "contract_safeguards": "the customer",
    "third_parties": "the customer and each intermediary; check company registers",
    "country_laws": "the seller's legal counsel or country experts",
    "export_controls": "the seller's export-control team",
}


def assess_completeness(case: Case, catalog: Catalog, context: AssessmentContext,
                        flags: tuple[FlagResult, ...]) -> Completeness:
    open_items: list[OpenQuestion] = []
    if not context.screening.performed and tuning_of(catalog).escalate_when_unscreened:
        open_items.append(OpenQuestion("screening", "Screen the end user, its parent and every intermediary "
                                       "against the sanctions and export-control lists.", WHOM["export_controls"]))
    for flag in flags:
        if flag.kind == "fact" and flag.matters:
            fact = catalog.facts[flag.id]
            state = "asked, answer unknown" if flag.asked else "not yet asked"
            open_items.append(OpenQuestion(f"fact:{flag.id}", f"{fact.ask_customer} ({fact.title}: {state})",
                                           WHOM.get(fact.step, "the customer")))
    country = context.country
    if country is None or country.risk is None:
        open_items.append(OpenQuestion("country", f"Import or record the country context for "
                                       f"{case.end_user.country}.", "the seller's compliance team (hrdd data update)"))
    if not case.end_use.purposes:
        open_items.append(OpenQuestion("end_use.purposes", "State the end use and the purposes the product will "
                                       "serve.", WHOM["end_use"]))
    return Completeness(complete=not open_items, open=tuple(open_items))
