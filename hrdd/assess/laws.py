"""The surveillance-law profile's contribution to likelihood, by Appendix-2 category (method v2).

Each category of the guidance's Appendix 2 [R] either adds points, with its reason and source,
or is stated as adding nothing and why; nothing here is counted twice:

* **judicial authorisation** and **independent oversight**: the red flag
  ``no_independent_oversight`` (read from the profile's judicial authorisation) carries them;
  when the flag is not true but the profile names no oversight body, ``law_points_oversight``;
* **notification, necessity and proportionality, remedy, transparency** (the profile's
  guarantees, ``hrdd/countries/guarantees.py``): ``law_points_guarantee`` for each the law
  lacks (``no``), half for ``partial``, nothing for ``yes``; ``unknown`` adds nothing and the
  report says why it could not be established (an unknown is not evidence);
* **data protection**: no data-protection law, ``law_points_data_protection``;
* **counter-terrorism and cyber laws of concern** (``overbroad_security_laws`` applies):
  ``law_points_security_laws``;
* every other category of concern that applies: ``law_points_other`` each, together at most
  ``law_points_other_cap``.
"""

from hrdd.assess.result import Contribution
from hrdd.assess.tuning import Tuning
from hrdd.countries.guarantees import GUARANTEE_TITLES
from hrdd.model import AssessmentContext, LegalGuarantee
from hrdd.model.country import GuaranteeValue, Oversight

SECURITY_LAWS = "overbroad_security_laws"
_SHARE: dict[GuaranteeValue, float] = {"no": 1.0, "partial": 0.5, "yes": 0.0, "unknown": 0.0}


def law_contributions(context: AssessmentContext, tuning: Tuning, oversight_flag: bool) -> list[Contribution]:
    country = context.country
    if country is None or not country.profile_source:
        return []
    parts: list[Contribution] = []
    if not oversight_flag and not country.oversight_body:
        parts.append(Contribution("law:independent_oversight", "likelihood", tuning.law_points_oversight,
                                  f"{country.name}: the law profile names no independent oversight body"))
    parts.extend(_guarantee(country.name, g, tuning) for g in country.guarantees)
    if not country.data_protection_law:
        parts.append(Contribution("law:data_protection", "likelihood", tuning.law_points_data_protection,
                                  f"{country.name}: no data-protection law in the law profile"))
    applying = sorted(law.category for law in country.laws if law.applies is True)
    if SECURITY_LAWS in applying:
        parts.append(Contribution("law:security_laws", "likelihood", tuning.law_points_security_laws,
                                  f"{country.name}: counter-terrorism or cyber laws of concern apply"))
    others = [c for c in applying if c != SECURITY_LAWS]
    if others:
        points = min(tuning.law_points_other_cap, tuning.law_points_other * len(others))
        parts.append(Contribution("law:other_categories", "likelihood", round(points, 3),
                                  f"{country.name}: {len(others)} other law categories of concern apply "
                                  f"({', '.join(others)}); {tuning.law_points_other:g} each, at most "
                                  f"{tuning.law_points_other_cap:g}"))
    return parts


def _guarantee(name: str, guarantee: LegalGuarantee, tuning: Tuning) -> Contribution:
    """One guarantee's points and the sentence that explains and cites them."""
    title = GUARANTEE_TITLES.get(guarantee.category, guarantee.category)
    points = round(tuning.law_points_guarantee * _SHARE.get(guarantee.value, 0.0), 3)
    if guarantee.value == "unknown":
        detail = f"{name}: {title} not established, so it adds nothing ({guarantee.reason})"
    else:
        words: dict[Oversight, str] = {"yes": "provided", "partial": "partly provided", "no": "not provided"}
        said = words[guarantee.value]
        cited = f"{guarantee.source_url}, checked {guarantee.checked}"
        detail = (f"{name}: {title} {said} by law ({guarantee.reason}; {cited}"
                  f"{'' if guarantee.verified else ', not verified'})")
    return Contribution(f"law:{guarantee.category}", "likelihood", points, detail)
