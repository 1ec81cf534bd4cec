"""Severity, likelihood, inherent and residual risk: each score explains itself."""

from dataclasses import replace

from hrdd.assess import assess
from hrdd.assess.flags import evaluate_flags
from hrdd.assess.likelihood import assess_likelihood
from hrdd.assess.residual import level_for
from hrdd.assess.severity import assess_severity
from hrdd.model import EndUse, Product, RiskLevel
from tests.assess.factory import (
    ALL_FALSE,
    answered,
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_country,
    make_hit,
    make_policy,
    safeguards,
    screened,
)


def test_severity_takes_the_highest_capability_per_component_plus_feature_uplift() -> None:
    catalog = make_catalog()
    case = make_case(products=(Product(name="a", capabilities=("facial_recognition", "intrusion_software"),
                                       features=("bulk_collection",)),),
                     end_use=EndUse(purposes=("criminal_investigation",), scale="site"))
    sev = assess_severity(case, catalog)
    fr, spy = catalog.capabilities["facial_recognition"].severity, catalog.capabilities["intrusion_software"].severity
    assert sev.scale == max(fr.scale, spy.scale)
    assert sev.irremediability == max(fr.irremediability, spy.irremediability)
    assert sev.scope == min(5, max(fr.scope, spy.scope) + 2)  # bulk_collection raises scope by 2
    assert {c.factor for c in sev.contributions} >= {"capability:intrusion_software", "feature:bulk_collection"}


def test_deployment_scale_and_purpose_widen_scope_capped_at_5() -> None:
    catalog = make_catalog()
    national = make_case(end_use=EndUse(purposes=("public_order",), scale="national"))
    sev = assess_severity(national, catalog)
    assert sev.scope == 5
    assert any(c.factor == "cap" for c in sev.contributions)
    site = assess_severity(make_case(end_use=EndUse(purposes=("criminal_investigation",), scale="site")), catalog)
    assert site.scope < sev.scope


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
