"""What each field of the step forms means, in plain language, and the glossary term behind it.

Labels come from ``hrdd.casefile.labels`` (the same words validation problems and revision
diffs use); this module adds the one-line explanation under each field and its glossary term.
"""

import re
from dataclasses import dataclass

from hrdd.casefile.labels import LABELS

__all__ = ["FieldHelp", "field_help", "field_id"]


@dataclass(frozen=True, slots=True)
class FieldHelp:
    label: str
    help: str
    term: str | None = None  # a glossary id


# form name with row numbers written as "*" -> (help, glossary term)
_HELP: dict[str, tuple[str, str | None]] = {
    "title": ("A short name your colleagues will recognise: what, to whom, where.", None),
    "date": ("The day the assessment speaks for; leave empty for today.", None),
    "seller.name": ("The company selling or licensing the product.", None),
    "seller.country": ("Where the seller is established: an ISO code such as DE, or the English name.", None),
    "seller.jurisdictions": (("Whose export and sanctions law binds the seller. Leave all unticked to follow the "
                             "company settings or the seller's country."), "catch_all_control"),
    "transaction.kind": (("A sale, a licence, software as a service, services, maintenance, training or the renewal "
                         "of an earlier contract."), None),
    "transaction.value_usd": ("Approximate value in US dollars, if known.", None),
    "transaction.existing_relationship": ("Tick when you are deciding whether to continue with an existing customer.",
                                          "leverage"),
    "products.*.name": ("The product or service as the contract names it.", None),
    "products.*.description": ("What it does as configured for this customer, not the brochure.", None),
    "products.*.capabilities": ("Every surveillance capability the product has, intended or not.",
                                "cyber_surveillance_item"),
    "products.*.features": ("Features that make misuse easier or more harmful.", "covert_surveillance"),
    "products.*.export_classification.jurisdiction": (("Whose control list the classification comes from, e.g. US "
                                                      "or EU."), "dual_use"),
    "products.*.export_classification.code": ("The control-list entry, e.g. 5A001.j or EAR99.", "ear99"),
    "end_user.name": ("The body that will use the product, as it names itself.", "end_user"),
    "end_user.kind": (("A public authority, a state-owned enterprise, a private party with close government ties, "
                      "or a private party without them."), "government_linked"),
    "end_user.sector": ("What the end user does; security bodies weigh more.", None),
    "end_user.country": ("Where the end user is: an ISO code such as BR, or the English name.", None),
    "end_user.region": (("Only when the product goes to a particular territory, e.g. Crimea; some measures cover a "
                        "territory, not the whole country."), None),
    "end_user.parent": ("The ministry or body the end user answers to, if any.", None),
    "end_user.aliases": ("Other names, one per line, in any script; each is screened.", "know_your_customer"),
    "end_user.identifiers": ("Registration numbers and similar, e.g. LEI or company register number.", None),
    "end_user.government_ties": ("For a government-linked or state-owned buyer: how it is tied to the government.",
                                 "government_linked"),
    "end_use.description": ("What the end user says the product is for, in its own words where you can.", "end_use"),
    "end_use.purposes": ("The purposes that best fit the stated end use.", "function_creep"),
    "end_use.scale": ("How widely it will be deployed; leave “not known yet” if nobody has said.", "scope"),
    "intermediaries.asked": ("Whether anyone else stands between the seller and the end user.", "diversion"),
    "intermediaries.*.name": ("The company's name.", None),
    "intermediaries.*.role": ("What it does in this transaction.", None),
    "intermediaries.*.country": ("Where it is: an ISO code or the English name.", None),
    "intermediaries.*.region": ("Only when it operates from a particular territory.", None),
    "intermediaries.*.government_ties": ("Whether it acts for, or is controlled by, a government.",
                                         "government_linked"),
    "safeguards.*.id": ("The commitment the seller makes or asks for.", None),
    "safeguards.*.status": ("Planned (intended), agreed (in the signed contract) or implemented (in place).",
                            "residual_risk"),
    "safeguards.*.note": ("Anything the approver should know: scope, who checks it, when.", None),
    "evidence.*.title": ("The report, register entry or letter you relied on.", None),
    "evidence.*.url": ("Where a reader can find it.", None),
    "evidence.*.date": ("Its date (YYYY-MM-DD).", None),
    "reason": ("Why you are changing the case; it is kept with the new revision for the approver and the audit.",
               None),
}
_EXTRA_LABELS = {"intermediaries.asked": "Are there third parties?", "reason": "Reason for this change",
                 "end_user.identifiers.*.key": "Kind of identifier", "end_user.identifiers.*.value": "Identifier"}


def _pattern(name: str) -> str:
    return re.sub(r"\[\d+\]", ".*", name)


def field_help(name: str) -> FieldHelp:
    """Label, help and glossary term of the form field ``name`` (``products[1].name``)."""
    key = _pattern(name)
    if key.startswith("safeguards.") and key.count(".") >= 3:  # safeguards.<page>.*.<field>
        key = "safeguards.*." + key.rsplit(".", 1)[-1]
    label = _EXTRA_LABELS.get(key) or LABELS.get(key) or key.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    help_text, term = _HELP.get(key, ("", None))
    return FieldHelp(label, help_text, term)


def field_id(name: str) -> str:
    """An HTML id for the field ``name``: ``products[1].name`` -> ``f-products-1-name``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")
