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
from typing import Literal

from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Embargo
from hrdd.countries.regions import region_name
from hrdd.model import Case, EndUserKind

Effect = Literal["prohibited", "review", "not_applicable"]
JURISDICTIONS = ("us", "eu", "uk")
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


def _parties(case: Case) -> list[tuple[str, str, str | None, bool | None]]:
    """(who, country, region, is government) for the end user and each located intermediary."""
    kind = case.end_user.kind
    government = True if kind in GOVERNMENT else False if kind == EndUserKind.PRIVATE else None
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


def legal_stops(case: Case, catalog: Catalog) -> list[LegalStop]:
    """Every measure that reaches a party of the case, strictest effect first within each party."""
    bound = seller_jurisdictions(case, catalog).codes
    order = {"prohibited": 0, "review": 1, "not_applicable": 2}
    stops: list[LegalStop] = []
    for who, country, region, government in _parties(case):
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
