"""Legal stops: which embargoes and restrictive measures reach this sale, and how hard.

A measure on the destination reaches a party (the end user or an intermediary) when the
party is in the measure's country and, for a regional measure (Crimea, the so-called DNR and
LNR), in one of its regions. What it means for the sale depends on three things:

* **the seller's jurisdictions** (``us``, ``eu``, ``uk``): stated in the case file
  (``seller.jurisdictions``), else the company overlay's ``policy.seller_jurisdictions``,
  else derived from the seller's country (United States -> us, EU member -> eu, United
  Kingdom -> uk); when none of these says anything the seller is assumed bound by all three,
  and the report says so. Not knowing whose law applies is never read as "none";
* **the end user**: a measure on the government (E.O. 13884 on the Government of Venezuela)
  covers government bodies and state-owned entities; a measure on non-government parties
  (UN embargoes on armed groups) covers private and government-linked parties;
* **the product**: a measure limited to some capabilities (the EU bans on telecommunications
  monitoring and interception equipment) covers the sale when one product has one of them.

The effect is ``prohibited`` (do not proceed) when the measure binds one of the seller's
jurisdictions (``prohibited_for``, or ``hard_stop`` for every seller) and covers the end user
and the product; ``review`` (escalate for legal review) when it reaches the destination but
may not bind or cover the sale, or when the party's region is not stated for a regional
measure; ``not_applicable`` when it reaches the country but not this end user, region or
product (shown in the report, never escalated).
Sources: the official acts named in each embargo item; see docs/catalogue.md.
"""

from dataclasses import dataclass
from typing import Literal, get_args

from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Embargo, Jurisdiction
from hrdd.countries.regions import region_name
from hrdd.model import AssessmentContext, Case, EndUserKind
from hrdd.model.screening import PartyTie

Effect = Literal["prohibited", "review", "not_applicable"]
JURISDICTIONS: tuple[Jurisdiction, ...] = get_args(Jurisdiction)
# EU member states (ISO 3166-1 alpha-2); the EU's restrictive measures bind their nationals
# and companies (Art. 215 TFEU regulations apply to any person inside or outside the Union who
# is a national of a member state or a body incorporated under its law)
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
GOVERNMENT = frozenset({EndUserKind.GOVERNMENT, EndUserKind.STATE_OWNED})


@dataclass(frozen=True, slots=True)
class Jurisdictions:
    codes: tuple[str, ...]
    source: str  # "case file" | "company policy" | "seller country XX" | "assumed"


@dataclass(frozen=True, slots=True)
class LegalStop:
    embargo: Embargo
    who: str  # "the end user", "intermediary distributor"
    country: str
    region: str | None
    effect: Effect
    why: str

    def describe(self) -> str:
        where = self.country + (f" ({region_name(self.region)})" if self.region else "")
        return f"{self.who} is in {where}, under {self.embargo.title} ({self.embargo.regime}; {self.why})"


def seller_jurisdictions(case: Case, catalog: Catalog) -> Jurisdictions:
    """Whose law binds the seller: the case file, the company policy, the seller's country, or all."""
    if case.seller.jurisdictions:
        return Jurisdictions(tuple(case.seller.jurisdictions), "case file")
    if catalog.policy.seller_jurisdictions:
        return Jurisdictions(tuple(catalog.policy.seller_jurisdictions), "company policy")
    country = (case.seller.country or "").upper()
    derived = "us" if country == "US" else "uk" if country == "GB" else "eu" if country in EU_MEMBERS else None
    if derived is not None:
        return Jurisdictions((derived,), f"seller country {country}")
    if country:
        return Jurisdictions((), f"seller country {country}")
    return Jurisdictions(JURISDICTIONS, "assumed: the seller's jurisdiction is not stated")


STATE_TIES = frozenset({"state_body", "majority_state_owned"})


def state_owned_by_data(context: AssessmentContext | None) -> list[PartyTie]:
    """The list-data findings that the end user is a state body or majority state-owned."""
    if context is None:
        return []
    return [t for t in context.screening.party_ties if t.party in ("end_user", "alias") and t.kind in STATE_TIES]


def _parties(case: Case, context: AssessmentContext | None = None) -> list[tuple[str, str, str | None, bool | None]]:
    """(who, country, region, is government) for the end user and each located intermediary.

    State ownership inferred from the owners in list data makes the end user government for
    measures on a government (E.O. 13884 covers entities the government owns or controls).
    """
    kind = case.end_user.kind
    government = True if kind in GOVERNMENT or state_owned_by_data(context) else \
        False if kind == EndUserKind.PRIVATE else None
    found = [("the end user", case.end_user.country, case.end_user.region, government)]
    found += [(f"intermediary {i.role}", i.country, i.region, None) for i in case.intermediaries if i.country]
    return found


def _covers_party(embargo: Embargo, government: bool | None) -> bool | None:
    if embargo.end_users == "all":
        return True
    if government is None:
        return None
    return government if embargo.end_users == "government" else not government


def _covers_product(embargo: Embargo, case: Case) -> bool:
    return not embargo.capabilities or bool(set(embargo.capabilities) & set(case.capabilities))


def _effect(embargo: Embargo, case: Case, bound: tuple[str, ...], region: str | None,
            government: bool | None) -> tuple[Effect, str]:
    authorities = ", ".join(embargo.authorities)
    if embargo.regions and region is None:
        return "review", (f"{authorities}; covers only {', '.join(map(region_name, embargo.regions))}: "
                          f"confirm where the party is")
    party = _covers_party(embargo, government)
    if party is False:
        return "not_applicable", f"{authorities}; covers {embargo.end_users.replace('_', '-')} parties only"
    binding = embargo.hard_stop or bool(set(embargo.prohibited_for) & set(bound))
    product = _covers_product(embargo, case)
    if not product:
        return "not_applicable", f"{authorities}; covers only {', '.join(embargo.capabilities)}"
    if binding and product and party:
        law = "binding on every seller" if embargo.hard_stop else \
            "binding on a seller subject to " + "/".join(j.upper() for j in embargo.prohibited_for if j in bound)
        return "prohibited", f"{authorities}; {law}"
    gaps = []
    if not binding:
        gaps.append("does not bind the seller's jurisdiction directly" if embargo.prohibited_for
                    else "not a prohibition for this sale as such")
    if party is None:
        gaps.append(f"covers {embargo.end_users.replace('_', '-')} parties: confirm the party's status")
    return "review", f"{authorities}; {'; '.join(gaps)}; legal review needed"


def legal_stops(case: Case, catalog: Catalog, context: AssessmentContext | None = None) -> list[LegalStop]:
    """Every measure that reaches a party of the case, strictest effect first within each party."""
    bound = seller_jurisdictions(case, catalog).codes
    order = {effect: n for n, effect in enumerate(get_args(Effect))}  # the strictest first
    stops: list[LegalStop] = []
    for who, country, region, government in _parties(case, context):
        found: list[LegalStop] = []
        for embargo in sorted(catalog.embargoes.values(), key=lambda e: e.id):
            if embargo.country != country.upper():
                continue
            if embargo.regions and region is not None and region not in embargo.regions:
                found.append(LegalStop(embargo, who, country, region, "not_applicable",
                                       f"covers only {', '.join(map(region_name, embargo.regions))}"))
                continue
            effect, why = _effect(embargo, case, bound, region, government if who == "the end user" else None)
            found.append(LegalStop(embargo, who, country, region, effect, why))
        stops += sorted(found, key=lambda s: (order[s.effect], s.embargo.id))
    return stops


@dataclass(frozen=True, slots=True)
class OwnershipStop:
    """What the owners of a party, found in list data, mean for the sale."""

    tie: PartyTie
    effect: Effect
    why: str

    def describe(self) -> str:
        who = "the end user" if self.tie.party in ("end_user", "alias") else f"the {self.tie.party.replace('_', ' ')}"
        return f"{who} ({self.tie.party_name}) {self.tie.detail}; {self.why}"


def ownership_stops(case: Case, context: AssessmentContext) -> list[OwnershipStop]:
    """Ownership findings from screening, as legal stops (``screening/ties.py`` finds them).

    * 50 % or more owned by blocked parties: prohibited. Under the OFAC 50 percent rule such an
      entity is itself blocked; the EU and UK treat entities owned or controlled by a listed
      person as subject to the same freeze. Whose listing it is (and so whose law) is for counsel
      to confirm, which is why the stop names the owners.
    * a sanctioned owner below 50 % or of unknown share, or an owner whose name matches a list
      entry: review (control, not only ownership, can bring an entity under a freeze).
    * state ownership inferred for an end user the case calls private or government-linked:
      review (the declared kind is contradicted by the data; legal stops treat it as government).
    """
    found: list[OwnershipStop] = []
    declared = case.end_user.kind
    for tie in dict.fromkeys(context.screening.party_ties):
        if tie.kind == "fifty_percent_rule":
            found.append(OwnershipStop(tie, "prohibited", "blocked under the OFAC 50 percent rule and the EU/UK "
                                       "ownership-and-control test; confirm with counsel whose listings they are"))
        elif tie.kind in ("owned_by_sanctioned", "owner_listed"):
            found.append(OwnershipStop(tie, "review", "control by a listed owner can bring the party under a freeze; "
                                       "legal review needed"))
        elif tie.kind in STATE_TIES and tie.party in ("end_user", "alias") and declared not in GOVERNMENT:
            found.append(OwnershipStop(tie, "review", f"the case declares the end user {declared.value.replace('_', '-')}; "
                                       "list data shows state ownership, so it is treated as government"))
    return found
