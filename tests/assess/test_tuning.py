"""Numeric settings default as documented and follow same-named policy fields."""

from hrdd.assess import assess
from hrdd.assess.tuning import DEFAULT_TUNING, tuning_of
from hrdd.model import Recommendation
from tests.assess.factory import make_case, make_catalog, make_context, make_hit, screened, tuned_catalog


def test_defaults_apply_when_the_policy_is_silent() -> None:
    assert tuning_of(make_catalog()) == DEFAULT_TUNING


def test_a_policy_field_overrides_the_strong_hit_score() -> None:
    context = make_context(screening=screened(make_hit(score=0.75)))
    assert assess(make_case(), make_catalog(), context).recommendation is Recommendation.ESCALATE
    strict = tuned_catalog(strong_hit_score=0.7)
    assert tuning_of(strict).strong_hit_score == 0.7
    assert assess(make_case(), strict, context).recommendation is Recommendation.DO_NOT_PROCEED


def test_a_policy_field_changes_how_much_a_missing_country_counts() -> None:
    context = make_context(country=None)
    default = assess(make_case(), make_catalog(), context).likelihood.raw
    harsher = assess(make_case(), tuned_catalog(missing_country_risk=1.0), context).likelihood.raw
    assert harsher >= default
    assert any(c.factor == "country:missing" and c.value == 2.0
               for c in assess(make_case(), tuned_catalog(missing_country_risk=1.0), context).likelihood.contributions)
