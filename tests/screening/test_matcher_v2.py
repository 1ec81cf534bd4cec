"""hrdd-v2: the classes of issue 14 alert or stay quiet, each feature explains itself, v1 stays v1."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.exc import ConfigError
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.matcher import DefaultMatcher, HrddMatcherV1, HrddMatcherV2, get_matcher
from hrdd.screening.record import Record, query_record
from tests.screening.test_matcher_cases import MUST_MATCH, MUST_NOT_MATCH, Case, _pair

THRESHOLD = HrddMatcherV2.DEFAULT_THRESHOLD


def _records(query: str, listed: list[str], schema: str, **kw: dict[str, str] | tuple[str, ...]
             ) -> tuple[Record, Record]:
    q = query_record([query], schema=schema, countries=kw.get("q_countries", ()),  # type: ignore[arg-type]
                     birth_dates=kw.get("q_dob", ()), name_parts=kw.get("q_parts"))  # type: ignore[arg-type]
    e = query_record(listed, schema=schema, countries=kw.get("e_countries", ()),  # type: ignore[arg-type]
                     birth_dates=kw.get("e_dob", ()), name_parts=kw.get("e_parts"))  # type: ignore[arg-type]
    return q, e


# (query, listed names, schema, must alert, the feature that decides, extra attributes)
V2_CASES: list[tuple[str, list[str], str, bool, str, dict[str, object]]] = [
    ("Ministry of Defence of the Russian Federation", ["Russian Ministry of Defence"], "Organization", True,
     "name_match", {}),
    ("Ministry of Defence of Belarus", ["Russian Ministry of Defence"], "Organization", False,
     "name_country_conflict", {}),
    ("Министерство обороны Российской Федерации", ["Ministry of Defence of the Russian Federation"],
     "Organization", True, "name_match", {}),
    ("Министерство здравоохранения Российской Федерации", ["Ministry of Defence of the Russian Federation"],
     "Organization", False, "name_match", {}),
    ("IRGC forces", ["Islamic Revolutionary Guard Corps", "IRGC"], "Organization", True, "acronym_alias_match", {}),
    ("SBI forces", ["IRGC"], "Organization", False, "", {}),
    ("Deutsche Bank (Schweiz) AG", ["Deutsche Bank AG"], "Company", True, "name_match", {}),
    ("Deutsche Bank Trust Company", ["Deutsche Bank"], "Company", False, "name_match", {}),
    ("National Iranian Gas Company", ["National Iranian Oil Company"], "Company", False, "name_match", {}),
    ("ANO Iskusstvo Krasoty", ["LIMITED LIABILITY COMPANY ISKUSSTVO KRASOTY"], "Company", False,
     "legal_form_conflict", {}),
    ("Global Star", ["Sino-Global Star Shipping Trading Co"], "Company", False, "name_match", {}),
    ("Kim Joonng-un", ["Kim Jong-un"], "Person", True, "name_match", {}),
    ("高市早苗", ["高石早苗"], "Person", False, "name_match", {}),
    ("Frost, William G.", ["William W Frost"], "Person", False, "middle_initial_conflict", {}),
    ("Thomas A. Lindeman", ["Thomas Lindemann"], "Person", True, "name_match", {}),
    ("Vladimir Putin", ["Vladimir Putin"], "Person", False, "dob_distance",
     {"q_dob": ("1942-10-07",), "e_dob": ("1952-10-07",)}),
    ("Vladimir Putin", ["Vladimir Putin"], "Person", True, "dob_distance",
     {"q_dob": ("1953-10-07",), "e_dob": ("1952-10-07",)}),
    ("Ted Doe", ["Theodore Doe"], "Person", False, "name_parts_conflict",
     {"q_parts": {"firstName": "Doe", "lastName": "Ted"}, "e_parts": {"firstName": "Theodore", "lastName": "Doe"}}),
    ("Kim Yong Hwa", ["Kim Yong Hwa"], "Person", False, "gender_mismatch",
     {"q_parts": {"gender": "female"}, "e_parts": {"gender": "male"}}),
]


@pytest.mark.parametrize("case", V2_CASES, ids=lambda c: f"{c[0]}~{c[1][0]}")
def test_v2_classes(case: tuple[str, list[str], str, bool, str, dict[str, object]]) -> None:
    query, listed, schema, alerts, feature, extra = case
    result = HrddMatcherV2.compare(*_records(query, listed, schema, **extra))  # type: ignore[arg-type]
    assert (result.score >= THRESHOLD) is alerts, result.explanation
    fired = result.feature(feature)
    if feature and (feature != "name_match" or not alerts):
        # the deciding feature fired and its detail says why
        assert fired.score > 0 and fired.detail, result.explanation
        assert feature in result.explanation


@pytest.mark.parametrize("case", MUST_MATCH, ids=lambda c: f"{c.query}~{c.listed}")
def test_v1_must_match_cases_still_alert_in_v2(case: Case) -> None:
    result = HrddMatcherV2.compare(*_pair(case))
    assert result.score >= THRESHOLD, result.explanation


@pytest.mark.parametrize("case", MUST_NOT_MATCH, ids=lambda c: f"{c.query}!~{c.listed}")
def test_v1_must_not_match_cases_stay_quiet_in_v2(case: Case) -> None:
    result = HrddMatcherV2.compare(*_pair(case))
    assert result.score < THRESHOLD, result.explanation


# scores of hrdd-v1@1.1 computed with the code on main before matcher 2.0 was added
V1_SCORES = [
    ("Ministry of Defence of the Russian Federation", "Russian Ministry of Defence", "Organization", 0.9183),
    ("Deutsche Bank (Schweiz) AG", "Deutsche Bank AG", "Company", 0.5917),
    ("Deutsche Bank AG", "Deutsche Bank GmbH", "Company", 0.9506),
    ("IRGC forces", "IRGC", "Organization", 0.2857),
    ("Kim Joonng-un", "Kim Jong-un", "Person", 0.375),
    ("高市早苗", "高石早苗", "Person", 0.75),
    ("Frost, William G.", "William W Frost", "Person", 0.8571),
    ("Министерство обороны Российской Федерации", "Ministry of Defence of the Russian Federation",
     "Organization", 0.2278),
    ("National Iranian Gas Company", "National Iranian Oil Company", "Company", 0.7055),
    ("Kalashnikov Concern JSC", "CONCERN KALASHNIKOV JSC", "Company", 1.0),
]


@pytest.mark.parametrize("case", V1_SCORES, ids=lambda c: f"{c[0]}~{c[1]}")
def test_v1_gives_v1_scores(case: tuple[str, str, str, float]) -> None:
    query, listed, schema, score = case
    result = HrddMatcherV1.compare(query_record([query], schema=schema), query_record([listed], schema=schema))
    assert round(result.score, 4) == score
    assert result.algorithm == "hrdd-v1@1.1"


def test_v1_ignores_name_parts_and_scales_no_date_distance() -> None:
    parts = {"q_parts": {"firstName": "Doe", "lastName": "Ted"}, "e_parts": {"firstName": "Theodore", "lastName": "Doe"}}
    assert HrddMatcherV1.compare(*_records("Ted Doe", ["Theodore Doe"], "Person", **parts)).score == 1.0  # type: ignore[arg-type]
    dates = {"q_dob": ("1942-10-07",), "e_dob": ("1952-10-07",)}
    assert HrddMatcherV1.compare(*_records("Vladimir Putin", ["Vladimir Putin"], "Person", **dates)).score == 0.85  # type: ignore[arg-type]


def test_matcher_is_selected_by_name() -> None:
    assert DefaultMatcher is HrddMatcherV2
    assert get_matcher("hrdd-v1") is HrddMatcherV1
    assert get_matcher("hrdd-v2@2.0") is HrddMatcherV2
    with pytest.raises(ConfigError, match="hrdd-v1"):
        get_matcher("logic-v2")


def test_subsidiary_of_a_listed_parent_does_not_alert() -> None:
    # a local subsidiary of a listed parent shares the brand, not the name: no alert
    q, e = _records("Huawei Technologies India Private Limited", ["Huawei Technologies Co., Ltd."], "Company")
    assert HrddMatcherV2.compare(q, e).score < THRESHOLD


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*"abcdefgh ()-.,", "Russian", "of the ", "Federation", "Iran", " Swiss",
                                                            "Министерство", "обороны ", "Ltd", "AG"]), max_size=12))
def test_canonical_form_is_stable(pieces: list[str]) -> None:
    text = "".join(pieces)
    once = canonical_org_name(text)
    assert once.text == " ".join(once.text.split())
    assert all(ch.isascii() for ch in once.text)
    assert canonical_org_name(once.text).text == once.text


def test_brand_of_a_listed_parent_is_a_hint_not_a_hit() -> None:
    from hrdd.screening.related import brand_hint

    query, parent = _records("Huawei Technologies India Private Limited", ["Huawei Technologies Co., Ltd."], "Company")
    hint = brand_hint(query, parent)
    assert hint is not None and "huawei" in hint.reason
    other, _ = _records("Siemens Healthineers AG", [], "Company")
    assert brand_hint(other, parent) is None


def test_country_words_agree_with_public_lookup() -> None:
    from rigour.territories import lookup_territory

    from hrdd.screening.canonical import _territory_names, country_word

    assert _territory_names() is not None, "rigour's territory table moved: the slow public path is in use"
    for phrase in ("russian federation", "russian", "schweiz", "islamic republic of iran", "belarus", "iranian",
                   "moscow", "ministry", "deutsche", "people s republic of china", "swiss", "korea"):
        found = country_word(phrase)
        public = lookup_territory(phrase)
        expected = public.code if public is not None and public.is_country and phrase != "korea" else None
        assert (found[0] if found else None) == expected, phrase
