"""Inherent and residual risk scores, levels, and what safeguards do to them."""

from dataclasses import replace

from hrdd.assess import assess
from hrdd.assess.residual import level_for
from hrdd.model import Product
from tests.assess.factory import (
    ALL_FALSE,
    answered,
    make_case,
    make_catalog,
    make_context,
    make_policy,
    safeguards,
)


def test_inherent_score_follows_the_documented_formula() -> None:
    result = assess(make_case(facts=answered(**ALL_FALSE)), make_catalog(), make_context())
    expected = round(100 * (result.severity.index * result.likelihood.raw - 1) / 24)
    assert result.inherent.score == expected
    assert result.inherent.level is level_for(expected, make_policy())


def test_levels_follow_policy_thresholds() -> None:
    policy = make_policy(level_thresholds=(10, 20, 30))
    assert [level_for(s, policy).value for s in (0, 9, 10, 19, 20, 29, 30, 100)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical"]


def test_safeguard_status_orders_residual_risk() -> None:
    catalog = make_catalog()
    base = make_case(products=(Product(name="FR", capabilities=("facial_recognition",)),), facts=answered(**ALL_FALSE))
    scores = {}
    for status in ("planned", "agreed", "implemented"):
        case = replace(base, safeguards=safeguards(capability_limitation=status, audit_logging=status))
        scores[status] = assess(case, catalog, make_context()).residual.score
    none = assess(base, catalog, make_context()).residual.score
    assert scores["implemented"] < scores["agreed"] < scores["planned"] < none


def test_safeguard_that_addresses_nothing_present_does_not_reduce() -> None:
    catalog = make_catalog()
    base = make_case(facts=answered(**ALL_FALSE))  # video analytics only
    with_usage_limits = replace(base, safeguards=safeguards(usage_limits="implemented"))  # addresses bulk_collection
    a, b = assess(base, catalog, make_context()), assess(with_usage_limits, catalog, make_context())
    assert a.residual.score == b.residual.score
    applied = b.safeguards[0]
    assert applied.id == "usage_limits" and not applied.applies
    assert "addresses nothing present" in b.finding("product_tailoring.safeguard.usage_limits").explanation
