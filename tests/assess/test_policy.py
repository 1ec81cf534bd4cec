"""The recommendation policy on the cases a compliance officer meets."""

from typing import Any

from hrdd.assess import Assessment, assess
from hrdd.model import EndUser, EndUserKind, Product, Recommendation, RiskLevel
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
    tuned_catalog,
)

SPYWARE = (Product(name="Pegasus-like implant", capabilities=("intrusion_software",),
                   features=("zero_click_delivery", "persistence_on_device")),)
INTELLIGENCE = EndUser(name="General Intelligence Directorate", country="XX", kind=EndUserKind.GOVERNMENT,
                       sector="intelligence")
TOLLING = {
    "title": "Licence-plate recognition for toll roads",
    "products": (Product(name="PlateReader", capabilities=("licence_plate_recognition",)),),
    "end_user": EndUser(name="Norwegian Public Roads Toll Company", country="NO", kind=EndUserKind.STATE_OWNED,
                     sector="transport"),
}


def run(catalog_policy: Any = None, context: Any = None, **case: Any) -> Assessment:
    catalog = make_catalog(policy=catalog_policy) if catalog_policy else make_catalog()
    return assess(make_case(**case), catalog, context or make_context())


def acceptable(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(TOLLING, facts=answered(**ALL_FALSE))
    base["end_use"] = make_case().end_use.__class__(description="Toll collection", purposes=("tolling",),
                                                    scale="site")
    base.update(changes)
    return base


def norway() -> Any:
    return make_context(country=make_country("NO", risk=0.05, judicial="yes"))


def test_acceptable_case_proceeds_without_conditions() -> None:
    result = run(context=norway(), **acceptable())
    assert result.scope.in_scope
    assert result.recommendation is Recommendation.PROCEED
    assert result.conditions == ()
    assert result.residual.level.rank <= RiskLevel(make_policy().appetite).rank
    assert not result.hard_stops


def test_spyware_to_intelligence_service_with_misuse_record_is_unmitigable_by_promises() -> None:
    context = make_context(country=make_country("XX", risk=0.8, judicial="no"))
    result = run(context=context, products=SPYWARE, end_user=INTELLIGENCE,
                 facts=answered(end_user_record_of_misuse="true"))
    assert result.inherent.level is RiskLevel.CRITICAL
    # method v2: this buyer's promises are credited at a fraction (record, oversight, security body, rule of law)
    assert result.involvement is not None and result.involvement.promise_credit < 0.1
    assert result.recommendation is Recommendation.DO_NOT_PROCEED
    assert any("no mitigation available" in r for r in result.recommendation_reasons)


def test_misuse_record_marked_hard_stop_makes_the_same_case_do_not_proceed() -> None:
    catalog = make_catalog()
    fact = catalog.facts["end_user_record_of_misuse"].model_copy(update={"hard_stop": True})
    catalog = make_catalog(facts={**catalog.facts, fact.id: fact})
    context = make_context(country=make_country("XX", risk=0.8, judicial="no"))
    result = assess(make_case(products=SPYWARE, end_user=INTELLIGENCE,
                              facts=answered(end_user_record_of_misuse="true")), catalog, context)
    assert result.recommendation is Recommendation.DO_NOT_PROCEED
    assert any("end_user_record_of_misuse" in s for s in result.hard_stops)


def test_embargoed_destination_is_do_not_proceed_even_for_a_harmless_case() -> None:
    user = EndUser(name="Pyongyang Toll Bureau", country="KP", kind=EndUserKind.STATE_OWNED, sector="transport")
    result = run(context=norway(), **acceptable(end_user=user))
    assert result.recommendation is Recommendation.DO_NOT_PROCEED
    embargo = [f for f in result.findings if f.step == "export_controls" and f.id.startswith("export_controls.embargo")]
    assert embargo and embargo[0].level is RiskLevel.CRITICAL
    assert "KP" in result.hard_stops[0]
    assert result.conditions == ()  # nothing mitigates a hard stop


def test_embargoed_intermediary_country_is_a_hard_stop_too() -> None:
    result = run(context=norway(), **acceptable(intermediaries=(intermediary("consignee", "false", "KP"),)))
    assert result.recommendation is Recommendation.DO_NOT_PROCEED


def test_arms_embargo_is_escalated_not_passed() -> None:
    user = EndUser(name="Yangon Toll Office", country="MM", kind=EndUserKind.STATE_OWNED, sector="transport")
    result = run(context=norway(), **acceptable(end_user=user))
    assert result.recommendation is Recommendation.ESCALATE


def test_screening_not_performed_is_a_gap_with_a_question_never_a_pass() -> None:
    context = make_context(country=make_country("NO", risk=0.05), screening=screened().__class__(performed=False))
    result = run(context=context, **acceptable())
    step = next(s for s in result.steps if s.id == "export_controls")
    assert step.level.rank >= RiskLevel.MEDIUM.rank
    gap = result.finding("export_controls.screening_not_performed")
    assert gap.kind == "gap" and "not" in gap.explanation
    assert any(q.startswith("Screen") and "before signing" in q for q in result.questions)
    assert any("screening was not performed" in r for r in result.recommendation_reasons)
    assert result.confidence.score < run(context=norway(), **acceptable()).confidence.score


def test_policy_may_escalate_every_unscreened_case() -> None:
    context = make_context(country=make_country("NO", risk=0.05), screening=screened().__class__(performed=False))

    catalog = make_catalog()
    strict = tuned_catalog(escalate_when_unscreened=True)
    assert assess(make_case(**acceptable()), catalog, context).recommendation is Recommendation.PROCEED
    assert assess(make_case(**acceptable()), strict, context).recommendation is Recommendation.ESCALATE


def test_unreviewed_hit_at_least_escalates() -> None:
    hit = make_hit(score=0.75, source="opensanctions", topics=("role.pep",))
    result = run(context=make_context(country=make_country("NO", 0.05), screening=screened(hit)), **acceptable())
    assert result.recommendation is Recommendation.ESCALATE
    assert any("CSL-123" in q for q in result.questions)


def test_strong_hit_on_an_export_control_list_is_do_not_proceed() -> None:
    hit = make_hit(score=0.95)
    result = run(context=make_context(country=make_country("NO", 0.05), screening=screened(hit)), **acceptable())
    assert result.recommendation is Recommendation.DO_NOT_PROCEED
    assert "us-csl" in result.hard_stops[0] and "CSL-123" in result.hard_stops[0]


def test_confirmed_hit_is_do_not_proceed_whatever_its_score() -> None:
    hit = make_hit(score=0.72, judgement="match")
    result = run(context=make_context(country=make_country("NO", 0.05), screening=screened(hit)), **acceptable())
    assert result.recommendation is Recommendation.DO_NOT_PROCEED


def test_hit_cleared_as_no_match_does_not_block() -> None:
    hit = make_hit(score=0.95, judgement="no_match")
    result = run(context=make_context(country=make_country("NO", 0.05), screening=screened(hit)), **acceptable())
    assert result.recommendation is Recommendation.PROCEED
    cleared = [f for f in result.findings if f.kind == "hit"]
    assert cleared and cleared[0].level is RiskLevel.LOW


def test_unknown_oversight_makes_the_case_incomplete_whatever_its_risk() -> None:
    facts = {k: v for k, v in ALL_FALSE.items() if k != "no_independent_oversight"}
    context = make_context(country=make_country("XX", risk=0.7, judicial=None))
    result = run(context=context, products=(Product(name="FR", capabilities=("facial_recognition",)),),
                 facts=answered(**facts))
    # method v2: an open required question is a gate, whatever the inherent risk (here medium)
    assert result.flag("no_independent_oversight").status == "unknown"
    assert result.escalation == "incomplete"
    assert result.recommendation is Recommendation.ESCALATE
    assert any("no_independent_oversight" in r and "incomplete" in r for r in result.recommendation_reasons)
    assert result.completeness is not None and not result.completeness.complete
    assert "fact:no_independent_oversight" in {q.id for q in result.completeness.open}
    assert any("no independent oversight" in q for q in result.questions)


def test_targeting_protected_groups_is_a_hard_stop() -> None:
    result = run(context=norway(), **acceptable(facts=answered(**{**ALL_FALSE, "targeting_protected_groups": "true"})))
    assert result.recommendation is Recommendation.DO_NOT_PROCEED


def test_conditions_bring_residual_within_appetite_and_include_agreed_safeguards() -> None:
    case = {"products": (Product(name="FR", capabilities=("facial_recognition",),
                                  features=("real_time_identification",)),),
                "facts": answered(**ALL_FALSE), "safeguards": safeguards(human_rights_clause="agreed")}
    result = run(**case)
    assert result.recommendation is Recommendation.PROCEED_WITH_CONDITIONS
    assert result.projected.level.rank <= RiskLevel(make_policy().appetite).rank
    assert result.conditions
    # the agreed clause comes first: existing commitments before new ones, then by reduction
    assert result.conditions[0].id == "human_rights_clause" and result.conditions[0].status == "agreed"
    new = [c.reduction for c in result.conditions if c.status == "proposed"]
    assert new == sorted(new, reverse=True)
    # every condition is needed: without the last one the residual is beyond the appetite
    assert all(c.applies for c in result.conditions)


def test_greedy_conditions_are_minimal_prefixes() -> None:
    """Dropping the last condition leaves the projected residual beyond the appetite."""
    case = make_case(products=(Product(name="FR", capabilities=("facial_recognition",),
                                       features=("real_time_identification", "bulk_collection")),),
                     facts=answered(**ALL_FALSE), end_use=make_case().end_use.__class__(
                         purposes=("public_order",), scale="region"))
    catalog = make_catalog(policy=make_policy(appetite="low", escalate_at="critical"))
    result = assess(case, catalog, make_context())
    assert len(result.conditions) >= 2
    from hrdd.assess.residual import reduce

    shorter = reduce(result.inherent, result.conditions[:-1], catalog.policy)
    assert shorter.level.rank > RiskLevel.LOW.rank


def test_private_end_user_is_out_of_scope_with_reasons() -> None:
    user = EndUser(name="Corner Shop Ltd", country="BR", kind=EndUserKind.PRIVATE, sector="commercial")
    result = run(end_user=user)
    assert not result.scope.in_scope
    assert result.recommendation is Recommendation.PROCEED
    assert any("private" in r and "no government ties" in r for r in result.scope.reasons)
    assert any("out of scope" in r for r in result.recommendation_reasons)
    assert result.conditions == ()


def test_out_of_scope_listed_party_is_still_never_passed() -> None:
    user = EndUser(name="Corner Shop Ltd", country="BR", kind=EndUserKind.PRIVATE, sector="commercial")
    result = run(end_user=user, context=make_context(screening=screened(make_hit(score=0.8))))
    assert result.recommendation is Recommendation.ESCALATE
    result = run(end_user=user, context=make_context(screening=screened(make_hit(score=0.97))))
    assert result.recommendation is Recommendation.DO_NOT_PROCEED


def test_private_end_user_with_government_ties_in_list_data_is_in_scope() -> None:
    user = EndUser(name="Corner Shop Ltd", country="BR", kind=EndUserKind.PRIVATE, sector="commercial")
    outcome = screened().__class__(performed=True, lists=screened().lists,
                                   government_ties=("state-owned enterprise (OpenSanctions: ownership)",))
    result = run(end_user=user, context=make_context(screening=outcome))
    assert result.scope.in_scope
    assert any("government ties" in r for r in result.scope.reasons)


def test_product_without_capability_or_feature_is_out_of_scope() -> None:
    result = run(products=(Product(name="Spreadsheet licence"),))
    assert not result.scope.in_scope
    assert any("no product has a surveillance capability" in r for r in result.scope.reasons)


def test_stricter_escalation_level_escalates_the_same_case() -> None:
    case = {"products": (Product(name="FR", capabilities=("facial_recognition",),
                                  features=("real_time_identification",)),), "facts": answered(**ALL_FALSE)}
    lenient = run(**case)
    strict = run(catalog_policy=make_policy(escalate_at="high"), **case)
    assert lenient.residual.level is RiskLevel.HIGH
    assert lenient.recommendation is Recommendation.PROCEED_WITH_CONDITIONS
    assert strict.recommendation is Recommendation.ESCALATE


def test_unmitigable_residual_is_do_not_proceed() -> None:
    context = make_context(country=make_country("XX", risk=0.8, judicial="no"))
    case = {"products": SPYWARE, "end_user": INTELLIGENCE, "facts": answered(end_user_record_of_misuse="true")}
    lenient = run(catalog_policy=make_policy(do_not_proceed_at=None), context=context, **case)
    strict = run(catalog_policy=make_policy(do_not_proceed_at="medium"), context=context, **case)
    assert lenient.recommendation is Recommendation.ESCALATE
    assert strict.recommendation is Recommendation.DO_NOT_PROCEED and strict.conditions == ()
    assert any("no mitigation available" in r for r in strict.recommendation_reasons)


def test_refused_contract_safeguards_are_not_offered_as_conditions() -> None:
    context = make_context(country=make_country("BR", risk=0.45, judicial="partial"))
    low = make_policy(appetite="low", do_not_proceed_at=None)
    base = run(catalog_policy=low, context=context, facts=answered(**ALL_FALSE))
    refused = run(catalog_policy=low, context=context, facts=answered(
        **{**ALL_FALSE, "contract_safeguards_rejected": "true"}))
    assert any(c.kind == "contract" for c in base.conditions)
    assert refused.conditions and not any(c.kind == "contract" for c in refused.conditions)


def test_safeguards_remove_at_most_the_policy_share_of_the_inherent_score() -> None:
    catalog = make_catalog()
    every = safeguards(**dict.fromkeys(catalog.safeguards, "implemented"))
    context = make_context(country=make_country("XX", risk=0.8, judicial="no"))
    for cap in (0.6, 0.3):
        result = assess(make_case(products=SPYWARE, end_user=INTELLIGENCE, safeguards=every),
                        make_catalog(policy=make_policy(max_reduction=cap)), context)
        assert result.residual.score >= round(result.inherent.score * (1 - cap))
