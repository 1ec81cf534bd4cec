"""The case-file loader: every example loads; every kind of bad input is located and explained."""

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.casefile import case_template, load_case, parse_case
from hrdd.catalog import default_catalog
from hrdd.exc import InvalidInput
from hrdd.model import EndUserKind, SafeguardStatus, Tristate

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))

MINIMAL = """\
title: Cameras for a city
seller: {name: Seller Inc.}
products:
  - name: Cam
    capabilities: [network_camera]
end_user:
  name: City of Example
  country: BR
  kind: government
  sector: municipal
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        parse_case(text, default_catalog(), source="case.yaml")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_loads(path: Path) -> None:
    case = load_case(path, default_catalog())
    assert case.title and case.products and len(case.end_user.country) == 2


def test_minimal_case_fills_defaults_and_records_missing_fields() -> None:
    import datetime as dt

    case = parse_case(MINIMAL, default_catalog(), today=dt.date(2026, 1, 2))
    assert case.date == dt.date(2026, 1, 2)
    assert case.end_user.kind is EndUserKind.GOVERNMENT
    assert case.fact("end_user_record_of_misuse") is Tristate.UNKNOWN
    assert {"end_use.purposes", "end_use.scale", "intermediaries"} <= set(case.missing)


def test_values_are_converted_to_the_model() -> None:
    text = MINIMAL + """\
facts: {recent_crackdown: true, secrecy_demanded: unknown, diversion_history: false}
safeguards:
  - {id: audit_logging, status: agreed}
intermediaries:
  - {name: Dist, country: Brazil, role: distributor, government_ties: true}
"""
    case = parse_case(text, default_catalog())
    assert case.fact("recent_crackdown") is Tristate.TRUE
    assert case.fact("secrecy_demanded") is Tristate.UNKNOWN and case.answered("secrecy_demanded")
    assert case.fact("diversion_history") is Tristate.FALSE
    assert case.safeguards[0].status is SafeguardStatus.AGREED
    assert case.intermediaries[0].country == "BR"
    assert case.intermediaries[0].government_ties is Tristate.TRUE


def test_unknown_key_is_an_error_with_line_and_field() -> None:
    found = problems(MINIMAL.replace("  sector: municipal", "  sector: municipal\n  sectr: police"))
    assert found == [("case.yaml:11, end_user.sectr: unknown field 'sectr'; expected one of the fields of "
                     "hrdd.case/1 (see `hrdd init`) (did you mean sector?)")]


def test_near_miss_id_gets_a_suggestion() -> None:
    (found,) = problems(MINIMAL.replace("[network_camera]", "[facial_recogniton]"))
    assert "case.yaml:5" in found and "products[0].capabilities[0]" in found
    assert "found 'facial_recogniton'" in found and "did you mean facial_recognition?" in found


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL.replace("country: BR", "country: Brasill").replace("sector: municipal", "sector: polce")
    found = problems(text)
    assert len(found) == 2
    assert any("end_user.country" in p and "Brasill" in p for p in found)
    assert any("end_user.sector" in p and "did you mean police?" in p for p in found)


def test_wrong_type_says_expected_and_found() -> None:
    (found,) = problems(MINIMAL + "transaction: {value_usd: a lot}\n")
    assert "transaction.value_usd" in found and "expected a number" in found and "'a lot'" in found


def test_bad_enum_lists_the_allowed_values() -> None:
    (found,) = problems(MINIMAL.replace("kind: government", "kind: govt"))
    assert "end_user.kind" in found and "'government'" in found and "found 'govt'" in found


def test_missing_required_field() -> None:
    (found,) = problems(MINIMAL.replace("title: Cameras for a city\n", ""))
    assert "title" in found and "required field is missing" in found


def test_invalid_yaml_names_the_line() -> None:
    (found,) = problems(MINIMAL + "facts: [unclosed\n")
    assert found.startswith("case.yaml:") and "invalid YAML" in found


@pytest.mark.parametrize("text", [
    "a: &x [1]\nb: *x\n",
    "title: !!python/object/apply:os.system [echo]\n",
    "- just\n- a list\n",
    "",
    "title: a\n---\ntitle: b\n",
])
def test_hostile_or_wrong_documents_are_refused_cleanly(text: str) -> None:
    assert problems(text)


def test_template_loads_once_the_country_is_filled_in() -> None:
    template = case_template(default_catalog())
    (found,) = problems(template)
    assert "end_user.country" in found and "'XX'" in found
    case = parse_case(template.replace("country: XX", "country: BR"), default_catalog())
    assert case.facts == ()  # hrdd init leaves every question unasked (method v2)
    for fid in default_catalog().facts:
        assert f"# {fid}:" in template


def test_json_case_files_load_too() -> None:
    import json

    data = yaml.safe_load(MINIMAL)
    case = parse_case(json.dumps(data), default_catalog(), source="case.json")
    assert case.end_user.name == "City of Example"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_ends_in_a_traceback(text: str) -> None:
    try:
        parse_case(text, default_catalog())
    except InvalidInput as err:
        assert err.problems


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=20), st.dates())
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)), max_leaves=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["title", "seller", "products", "end_user", "end_use", "facts", "safeguards",
                        "intermediaries", "transaction", "evidence", "date", "extra"]), _values)
def test_any_field_replaced_by_any_value_is_accepted_or_explained(key: str, value: object) -> None:
    data = yaml.safe_load(MINIMAL)
    data[key] = value
    try:
        parse_case(yaml.safe_dump(data, allow_unicode=True), default_catalog())
    except InvalidInput as err:
        assert err.problems and all(p.file for p in err.problems)


def test_norway_is_not_false() -> None:
    """YAML 1.1 reads NO as false; case files use YAML 1.2 booleans (true/false only)."""
    case = parse_case(MINIMAL.replace("country: BR", "country: NO"), default_catalog())
    assert case.end_user.country == "NO"
    # answers may still be written yes/no: the field's type, not the YAML parser, decides
    case = parse_case(MINIMAL + "facts: {recent_crackdown: yes, secrecy_demanded: no}\n", default_catalog())
    assert case.fact("recent_crackdown") is Tristate.TRUE and case.fact("secrecy_demanded") is Tristate.FALSE


def test_shape_id_and_country_problems_are_reported_together() -> None:
    text = MINIMAL.replace("[network_camera]", "[facial_recogniton]").replace("country: BR", "country: Brasill")
    found = problems(text + "foo: 1\n")
    assert len(found) == 3
    assert any("unknown field 'foo'" in p for p in found)
    assert any("did you mean facial_recognition?" in p for p in found)
    assert any("end_user.country" in p and "did you mean BR?" in p for p in found)
