"""Likelihood: additive points, each a contribution; missing data is never low."""

from dataclasses import replace

from hrdd.assess import assess
from hrdd.assess.flags import evaluate_flags
from hrdd.assess.likelihood import assess_likelihood
from hrdd.model import RiskLevel
from tests.assess.factory import (
    ALL_FALSE,
    answered,
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_country,
    make_hit,
    screened,
)


def test_likelihood_contributions_add_up_to_the_score() -> None:
    catalog = make_catalog()
    case = make_case(facts=answered(recent_crackdown="true"), intermediaries=(intermediary("consignee", "unknown"),))
    context = make_context(screening=screened(make_hit(score=0.8)))
    result = assess_likelihood(case, catalog, context, evaluate_flags(case, catalog, context))
    total = 1 + sum(c.value for c in result.contributions)
    assert abs(total - result.raw) < 0.01
    factors = {c.factor for c in result.contributions}
    assert {"end_user_kind:government", "sector:police", "fact:recent_crackdown", "intermediary:consignee",
            "hit:us-csl:CSL-123", "country:BR"} <= factors


def test_missing_country_context_is_not_read_as_low() -> None:
    catalog = make_catalog()
    case = make_case(facts=answered(**ALL_FALSE))
    low = assess(case, catalog, make_context(country=make_country(risk=0.05)))
    missing = assess(case, catalog, make_context(country=None))
    assert missing.likelihood.raw > low.likelihood.raw
    gap = missing.finding("country_laws.country_missing")
    assert gap.kind == "gap" and gap.level.rank >= RiskLevel.MEDIUM.rank
    assert any("country indicators for BR" in q for q in missing.questions)
    assert missing.confidence.score < low.confidence.score


def test_intermediary_without_government_ties_adds_nothing() -> None:
    catalog = make_catalog()
    base = make_case(facts=answered(**ALL_FALSE))
    clean = replace(base, intermediaries=(intermediary("consignee", "false"),))
    tied = replace(base, intermediaries=(intermediary("consignee", "true"),))
    context = make_context()
    assert assess(clean, catalog, context).likelihood.raw == assess(base, catalog, context).likelihood.raw
    assert assess(tied, catalog, context).likelihood.raw > assess(clean, catalog, context).likelihood.raw
