"""A fact answer from a form: false with a reason and a source is kept; half of it is refused by field."""

from hypothesis import given
from hypothesis import strategies as st

from hrdd.casefile.answers import fact_answer
from hrdd.model.limits import TEXT_MAX


def test_false_with_reason_and_source_is_kept_for_the_case_file() -> None:
    answer, problems = fact_answer("end_user_record_of_misuse", "false", " Record concerns another unit ",
                                   "Citizen Lab correction, 2024-05-02")
    assert problems == []
    assert answer == {"answer": False, "reason": "Record concerns another unit",
                      "source": "Citizen Lab correction, 2024-05-02"}


def test_plain_answers_and_not_asked() -> None:
    assert fact_answer("x", "true") == (True, [])
    assert fact_answer("x", "FALSE") == (False, [])
    assert fact_answer("x", "unknown") == ("unknown", [])
    assert fact_answer("x", "") == (None, [])


def test_a_reason_without_a_source_names_the_source_field() -> None:
    answer, problems = fact_answer("x", "false", reason="because")
    assert answer is None and [p.field for p in problems] == ["fact_x_source"]
    answer, problems = fact_answer("x", "false", source="a report")
    assert answer is None and [p.field for p in problems] == ["fact_x_reason"]


def test_a_reason_for_a_question_not_asked_is_refused() -> None:
    answer, problems = fact_answer("x", "", reason="because", source="a report")
    assert answer is None and [p.field for p in problems] == ["fact_x"]


def test_too_long_and_unknown_values_are_refused() -> None:
    _, problems = fact_answer("x", "false", reason="r" * (TEXT_MAX + 1), source="s")
    assert [p.field for p in problems] == ["fact_x_reason"]
    _, problems = fact_answer("x", "maybe")
    assert [p.field for p in problems] == ["fact_x"]


@given(value=st.text(max_size=8), reason=st.text(max_size=20), source=st.text(max_size=20))
def test_any_input_gives_an_answer_or_located_problems_never_both(value: str, reason: str, source: str) -> None:
    answer, problems = fact_answer("x", value, reason, source)
    assert (answer is None) or not problems
    assert all(p.field and p.field.startswith("fact_x") for p in problems)
