"""The closed condition vocabulary: evaluation over the case view, and load-time validation."""

from typing import Any

import pytest

from hrdd.assess.conditions import build_view, evaluate_condition, validate_condition
from hrdd.assess.flags import effective_facts
from hrdd.catalog.spec import Condition
from hrdd.model import Product
from tests.assess.factory import intermediary, make_case, make_catalog, make_context, make_country


def cond(data: dict[str, Any]) -> Condition:
    return Condition.model_validate(data)


def view(**case_changes: Any) -> dict[str, Any]:
    catalog = make_catalog()
    context = case_changes.pop("context", make_context())
    case = make_case(**case_changes)
    return dict(build_view(case, catalog, context, effective_facts(case, catalog, context)))


@pytest.mark.parametrize(("data", "expected"), [
    ({"field": "end_user.sector", "op": "eq", "value": "police"}, True),
    ({"field": "end_user.sector", "op": "ne", "value": "police"}, False),
    ({"field": "end_user.sector", "op": "in", "value": ["police", "military"]}, True),
    ({"field": "end_user.sector", "op": "not_in", "value": ["police", "military"]}, False),
    ({"field": "capabilities", "op": "contains", "value": "video_analytics"}, True),
    ({"field": "capabilities", "op": "contains", "value": "facial_recognition"}, False),
    ({"field": "capabilities", "op": "contains_any", "value": ["facial_recognition", "video_analytics"]}, True),
    ({"field": "capability_categories", "op": "contains", "value": "data_analytics"}, True),
    ({"field": "sector.security_body", "op": "eq", "value": True}, True),
    ({"field": "country.risk", "op": "gte", "value": 0.45}, True),
    ({"field": "country.risk", "op": "gt", "value": 0.45}, False),
    ({"field": "country.risk", "op": "lt", "value": 0.5}, True),
    ({"field": "country.judicial_authorisation", "op": "eq", "value": "yes"}, True),
    ({"field": "facts.recent_crackdown", "op": "eq", "value": "unknown"}, True),
    ({"field": "intermediaries.roles", "op": "present"}, False),
    ({"field": "end_use.scale", "op": "present"}, True),
    ({"all": [{"field": "end_user.kind", "op": "eq", "value": "government"},
              {"not": {"field": "end_use.scale", "op": "eq", "value": "national"}}]}, True),
    ({"any": [{"field": "end_user.kind", "op": "eq", "value": "private"},
              {"field": "features", "op": "contains", "value": "bulk_collection"}]}, False),
])
def test_operators_read_the_case(data: dict[str, Any], expected: bool) -> None:
    assert evaluate_condition(cond(data), view()) is expected


def test_missing_data_makes_every_comparison_false_and_absent_true() -> None:
    v = view(context=make_context(country=make_country(risk=None, judicial=None)))
    for op, value in (("gte", 0.0), ("lt", 2.0), ("eq", 0.5), ("ne", 0.5)):
        assert evaluate_condition(cond({"field": "country.risk", "op": op, "value": value}), v) is False
    assert evaluate_condition(cond({"field": "country.risk", "op": "absent"}), v) is True
    assert evaluate_condition(cond({"field": "country.judicial_authorisation", "op": "not_in",
                                    "value": ["yes"]}), v) is False


def test_intermediary_fields_are_lists() -> None:
    v = view(intermediaries=(intermediary("reseller", "true"), intermediary("integrator", "unknown")))
    assert evaluate_condition(cond({"field": "intermediaries.government_ties", "op": "contains",
                                    "value": "unknown"}), v)
    assert evaluate_condition(cond({"field": "intermediaries.roles", "op": "contains_any",
                                    "value": ["consignee", "integrator"]}), v)


def test_capability_categories_come_from_all_products() -> None:
    v = view(products=(Product(name="a", capabilities=("facial_recognition",)),
                       Product(name="b", capabilities=("imsi_catcher",))))
    assert v["capability_categories"] == ["biometric_identification", "location_tracking"]


def test_valid_conditions_have_no_problems() -> None:
    catalog = make_catalog()
    for flag in catalog.derived_flags.values():
        assert validate_condition(flag.when, catalog) == []


@pytest.mark.parametrize(("data", "field", "needle"), [
    ({"field": "end_user.sectr", "op": "eq", "value": "police"}, "when.field", "end_user.sector"),
    ({"field": "end_user.sector", "op": "eq", "value": "polise"}, "when.value", "police"),
    ({"field": "capabilities", "op": "eq", "value": "facial_recognition"}, "when.op", "contains"),
    ({"field": "country.risk", "op": "gt", "value": "high"}, "when.value", "number"),
    ({"field": "facts.not_a_fact", "op": "eq", "value": "true"}, "when.field", "facts.<fact_id>"),
    ({"field": "facts.recent_crackdown", "op": "eq", "value": "yes"}, "when.value", "true | false | unknown"),
    ({"field": "end_user.kind", "op": "in", "value": "government"}, "when.value", "a list"),
    ({"field": "end_user.country", "op": "eq", "value": "Brazil"}, "when.value", "ISO"),
    ({"all": [{"field": "features", "op": "contains", "value": "bulk_colection"}]}, "when.all[0].value",
     "bulk_collection"),
    ({"field": "end_use.scale", "op": "present", "value": "city"}, "when.value", "takes no value"),
])
def test_invalid_conditions_are_located_and_explained(data: dict[str, Any], field: str, needle: str) -> None:
    problems = validate_condition(cond(data), make_catalog())
    assert len(problems) == 1
    assert problems[0].field == field
    assert needle in str(problems[0])


def test_a_condition_with_two_forms_is_rejected() -> None:
    bad = cond({"field": "capabilities", "op": "present", "any": [{"field": "features", "op": "present"}]})
    problems = validate_condition(bad, make_catalog())
    assert problems and "exactly one" in problems[0].message
