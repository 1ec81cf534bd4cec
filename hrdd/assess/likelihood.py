"""Likelihood of misuse, 1..5: a base of 1 plus additive points, each a contribution.

Points come from evidence only (method v2): the end-user kind, its sector, the riskiest stated
purpose, the red flags that are true (facts and derived flags; see ``flags.py``), the
country's overall risk (``country_points`` × risk; a missing country context counts as
mid-range, never as low), the country's surveillance laws by category (``laws.py``), the
riskiest intermediary whose government ties are true or unknown, and the strongest screening
hit a reviewer has not cleared. Unknown answers add nothing: they make the case incomplete and
lower confidence.

The points are summed and mapped onto 1..5 with diminishing returns (method v2):
``L = 1 + 4 * (1 - exp(-points / likelihood_softness))`` for positive points (below zero, 1).
v1 added the points to 1 and clamped at 5, so most high-risk cases saturated at 5 and could no
longer be told apart; now each further point of evidence still counts, less.
"""

import math

from hrdd.assess.flags import is_high_risk_context
from hrdd.assess.laws import law_contributions
from hrdd.assess.result import Contribution, FlagResult, LikelihoodResult
from hrdd.assess.tuning import DEFAULT_TUNING, Tuning, tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, Hit, Tristate

BASE = 1.0


def open_hits(context: AssessmentContext) -> list[Hit]:
    """Hits no reviewer has judged ``no_match``, strongest first."""
    hits = [h for h in context.screening.hits if h.judgement != "no_match"]
    return sorted(hits, key=lambda h: (-h.score, h.source, h.entry_id, h.party, h.query))


def is_strong_hit(hit: Hit, tuning: Tuning = DEFAULT_TUNING) -> bool:
    return hit.judgement == "match" or hit.score >= tuning.strong_hit_score


def assess_likelihood(case: Case, catalog: Catalog, context: AssessmentContext,
                      flags: tuple[FlagResult, ...]) -> LikelihoodResult:
    parts: list[Contribution] = []
    tuning = tuning_of(catalog)
    high_risk = is_high_risk_context(context, {f.id: f.status for f in flags}, tuning)
    kind = catalog.end_user_kinds.get(case.end_user.kind.value)
    if kind is not None and kind.likelihood:
        parts.append(Contribution(f"end_user_kind:{kind.id}", "likelihood", kind.likelihood,
                                  f"end user is {kind.title.lower()}"))
    sector = catalog.sectors.get(case.end_user.sector)
    if sector is not None and sector.likelihood:
        parts.append(Contribution(f"sector:{sector.id}", "likelihood", sector.likelihood,
                                  f"sector {sector.title}" + (" (a security body)" if sector.security_body else "")))
    purposes = [catalog.purposes[p] for p in case.end_use.purposes if p in catalog.purposes]
    if purposes:
        top = max(purposes, key=lambda p: (p.likelihood, p.id))
        if top.likelihood:
            parts.append(Contribution(f"purpose:{top.id}", "likelihood", top.likelihood,
                                      f"purpose {top.title} ({top.risk} risk; the riskiest stated purpose)"))
    for flag in flags:
        if flag.likelihood > 0 and flag.status == "true":
            parts.append(Contribution(f"{'fact' if flag.kind == 'fact' else 'flag'}:{flag.id}", "likelihood",
                                      flag.likelihood, f"{flag.title}: present ({flag.source})"))
    parts.append(_country_contribution(context, tuning))
    oversight = any(f.id == "no_independent_oversight" and f.status == "true" for f in flags)
    parts.extend(law_contributions(context, tuning, oversight))
    parts.extend(_intermediary_contribution(case, catalog, flags))
    parts.extend(_hit_contribution(context, tuning))
    points = sum(p.value for p in parts)
    soft = tuning.likelihood_softness
    scaled = BASE + 4 * (1 - math.exp(-points / soft)) if points > 0 else BASE
    parts.append(Contribution("scale", "likelihood", round(scaled - BASE - points, 3),
                              f"{points:.2f} points on 1..5 with diminishing returns: 1 + 4 x (1 - exp(-points / "
                              f"{soft:g})) = {scaled:.2f}"))
    clamped = round(scaled, 2)
    return LikelihoodResult(value=int(clamped + 0.5), raw=clamped, contributions=tuple(parts),
                            high_risk_context=high_risk)


def _country_contribution(context: AssessmentContext, tuning: Tuning) -> Contribution:
    country = context.country
    if country is None or country.risk is None:
        code = country.code if country else "the destination"
        return Contribution("country:missing", "likelihood", tuning.country_points * tuning.missing_country_risk,
                            f"no country risk data for {code}: counted as mid-range ({tuning.missing_country_risk}), "
                            "not as low")
    return Contribution(f"country:{country.code}", "likelihood", round(tuning.country_points * country.risk, 3),
                        f"{country.name} overall risk {country.risk:.2f} (0 best, 1 worst)")


def _intermediary_contribution(case: Case, catalog: Catalog, flags: tuple[FlagResult, ...]) -> list[Contribution]:
    """The riskiest intermediary, less what red flags on the intermediaries already counted (once)."""
    tied = [(catalog.intermediary_roles[i.role], i) for i in case.intermediaries
            if i.government_ties is not Tristate.FALSE and i.role in catalog.intermediary_roles]
    if not tied:
        return []
    role, party = max(tied, key=lambda t: (t[0].likelihood, t[0].id))
    counted = [f for f in flags if f.kind == "derived" and f.status == "true" and f.step == "third_parties"]
    already = sum(f.likelihood for f in counted)
    points = max(0.0, role.likelihood - already)
    if not points:
        return []
    less = f"; less {already:g} already counted by {', '.join(f.id for f in counted)}" if counted else ""
    return [Contribution(f"intermediary:{role.id}", "likelihood", round(points, 3),
                         f"a {role.title.lower()} with government ties {party.government_ties.value} "
                         f"(diversion risk; the riskiest intermediary{less})")]


def _hit_contribution(context: AssessmentContext, tuning: Tuning) -> list[Contribution]:
    hits = open_hits(context)
    if not hits:
        return []
    hit = hits[0]
    points = tuning.hit_points_strong if is_strong_hit(hit, tuning) else tuning.hit_points_weak
    state = hit.judgement or "not reviewed"
    return [Contribution(f"hit:{hit.source}:{hit.entry_id}", "likelihood", points,
                         f"screening hit on {hit.source} entry {hit.entry_id} (score {hit.score:.2f}, {state})")]
