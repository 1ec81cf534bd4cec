"""The steps of the guided intake and of case editing: one set of short pages, each owning
some fields of the case file, in the order of the guidance's due diligence.

Red-flag questions and safeguards go on the page of the catalogue step they belong to
(``facts.yaml`` / ``safeguards.yaml`` ``step:``), so each page asks what that step asks.
"""

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["NEW_CASE_SECTIONS", "STEPS", "Step", "on_step", "step_by_id", "step_owning"]


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    intro: str  # what the step is about, in plain language
    sections: tuple[str, ...]  # the groups of fields on the page (hrdd.web.stepform)
    guidance_steps: tuple[str, ...]  # catalogue step ids whose questions and safeguards are asked here
    terms: tuple[str, ...]  # glossary terms explained on the page
    owns: tuple[str, ...]  # case-file paths (prefixes) whose fields are on this page


STEPS: tuple[Step, ...] = (
    Step("scope", "Scope and product",
         "What is sold, by whom, and what it can do. The capabilities and features decide whether the sale "
         "is in scope of the guidance and how severe misuse could be.",
         ("case", "seller", "transaction", "products", "facts"), ("export_controls", "capabilities"),
         ("cyber_surveillance_item", "dual_use", "severity"),
         ("title", "date", "seller", "transaction", "products")),
    Step("end_user", "End user",
         "Who will use the product, the government behind it, and its record. Check the specific agency, "
         "not only the country.",
         ("end_user_identity", "end_user_details", "facts"), ("end_user",),
         ("end_user", "government_linked", "know_your_customer"),
         ("end_user.name", "end_user.kind", "end_user.sector", "end_user.parent", "end_user.aliases",
          "end_user.identifiers", "end_user.government_ties")),
    Step("country", "Country",
         "Where the end user is. The country's laws, oversight and record of repression come from the "
         "catalogue; answer what you know about the situation now.",
         ("end_user_country", "facts"), ("country_laws",), ("internal_repression",),
         ("end_user.country", "end_user.region")),
    Step("end_use", "End use",
         "What the end user says the product is for, and whether that fits the product and the buyer.",
         ("end_use", "facts"), ("end_use",), ("end_use", "function_creep"), ("end_use",)),
    Step("third_parties", "Third parties",
         "Everyone else in the transaction: distributors, integrators, consignees, financiers and agents.",
         ("intermediaries", "facts", "safeguards"), ("third_parties",), ("diversion", "fifty_percent_rule"),
         ("intermediaries",)),
    Step("tailoring", "Tailoring",
         "Changes to the product itself that limit misuse: capabilities removed or locked, logs the seller "
         "keeps, licence scopes.",
         ("safeguards", "facts"), ("product_tailoring",), ("human_rights_by_design", "kill_switch"), ()),
    Step("safeguards", "Safeguards",
         "What the contract and the seller's own processes commit to: clauses, audit and suspension rights, "
         "monitoring, grievance channels and reporting.",
         ("safeguards", "facts"), ("contract_safeguards", "grievance_mechanism", "public_reporting"),
         ("leverage", "buyer_promise", "grievance_mechanism"), ()),
    Step("sources", "Sources",
         "The sources you relied on: reports, registers, correspondence. Files go on the case page as evidence.",
         ("evidence",), (), ("due_diligence",), ("evidence",)),
)

# the first page of a new case: the scope step plus what every case file must name about the end user
NEW_CASE_SECTIONS: tuple[str, ...] = ("case", "seller", "transaction", "products", "end_user_identity",
                                      "end_user_country", "facts")


def step_by_id(step_id: str) -> Step | None:
    return next((s for s in STEPS if s.id == step_id), None)


def step_owning(path: str, fact_steps: Mapping[str, str], safeguard_steps: Mapping[str, str],
                safeguard_id: str | None = None) -> Step:
    """The page on which the field at the dotted ``path`` is edited."""
    if path.startswith("facts."):
        guidance = fact_steps.get(path.split(".")[1].split("[")[0], "")
        return next((s for s in STEPS if guidance in s.guidance_steps), STEPS[0])
    if path.startswith("safeguards") and safeguard_id is not None:
        guidance = safeguard_steps.get(safeguard_id, "")
        return next((s for s in STEPS if guidance in s.guidance_steps), STEPS[-2])
    best = max(((prefix, s) for s in STEPS for prefix in s.owns
                if path == prefix or path.startswith((prefix + ".", prefix + "["))),
               key=lambda found: len(found[0]), default=None)
    return best[1] if best else STEPS[0]


def on_step(name: str, step: Step) -> bool:
    """Whether the form field ``name`` is edited on ``step``'s page."""
    from hrdd.catalog import default_catalog

    if name.startswith("safeguards."):
        return name.split(".")[1].split("[")[0] == step.id
    if name.startswith("facts."):
        fact = default_catalog().facts.get(name.split(".")[1])
        return fact is not None and fact.step in step.guidance_steps
    path = name.removesuffix(".rows").removesuffix(".asked")
    return any(path == p or path.startswith((p + ".", p + "[")) for p in step.owns)
