"""``hrdd init``: a commented template case file, with the allowed ids from the catalogue."""

import datetime as dt
import textwrap

from hrdd.catalog.registry import Catalog


def _ids(catalog: Catalog, kind: str) -> str:
    ids = sorted(catalog.kind(kind))
    return "\n".join(textwrap.wrap(", ".join(ids), width=86, initial_indent="#   ", subsequent_indent="#   "))


def case_template(catalog: Catalog, today: dt.date | None = None) -> str:
    """A case file that documents every field in comments.

    It loads once the end user's country (``XX``) is filled in: the one value a template
    must not guess.
    """
    day = (today or dt.date.today()).isoformat()
    # left unasked: an uncommented line is an answer, and "unknown" means asked and nobody knows
    facts = "\n".join(f"  # {fid}:   # {fact.question}" for fid, fact in sorted(catalog.facts.items()))
    return f"""\
# hrdd case file (schema hrdd.case/1). Fill it in, then run:  hrdd assess THIS_FILE
# Unknown keys are an error, so a typo is never silently ignored. Ids come from the
# catalogue: `hrdd catalog list KIND` lists them, `hrdd catalog show ID` explains one.
schema: hrdd.case/1
title: Describe the deal in one line          # required
date: {day}                              # as-of date of the assessment
seller: {{name: Your Company Inc., country: US}}
transaction:
  kind: sale          # sale | licence | saas | services | maintenance | training | renewal
  value_usd: 0        # optional
  existing_relationship: false   # true when deciding whether to continue a relationship
products:             # one or more
  - name: Product name
    description: What it does, in the customer's configuration
    capabilities: []  # capability ids:
{_ids(catalog, "capabilities")}
    features: []      # feature ids:
{_ids(catalog, "features")}
end_user:
  name: Name of the end user
  country: XX         # ISO 3166-1 alpha-2 code or English name, e.g. BR or Brazil
  kind: government    # government | state_owned | government_linked | private
  sector: police      # sector ids:
{_ids(catalog, "sectors")}
  # parent: The ministry or body it reports to
  aliases: []         # other names, any script
  identifiers: {{}}     # e.g. {{lei: ..., registration: ...}}
  government_ties: "" # expected when kind is government_linked
end_use:
  description: What the end user says it will do with the product
  purposes: []        # purpose ids:
{_ids(catalog, "purposes")}
  # scale: city       # site | city | region | national
intermediaries: []    # e.g. - {{name: ..., country: ..., role: integrator, government_ties: unknown}}
                      # roles: {", ".join(sorted(catalog.intermediary_roles))}
facts:               # uncomment a question once asked: true | false | unknown (asked, nobody knows);
                      # missing = not yet asked. To set aside what the catalogue's evidence shows
                      # (a misuse record, the law profile), answer with a reason and a source:
                      #   end_user_record_of_misuse: {{answer: false, reason: ..., source: ...}}
{facts}
safeguards: []        # e.g. - {{id: human_rights_clause, status: agreed}}  (planned | agreed | implemented)
{_ids(catalog, "safeguards")}
evidence: []          # e.g. - {{title: Country Reports on Human Rights Practices 2023, url: "https://…", date: 2024-04-22}}
"""
