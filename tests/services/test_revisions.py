"""Revision tags, changed fields and the text diff, without a database."""

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from hrdd.services.revisions import MAX_DIFF_LINES, RevisionRow, changed_fields, tag_revision, unified_diff
from hrdd.store.revisions import text_digest


def _revision(number: int, text: str) -> RevisionRow:
    return RevisionRow("CASE-2026-0001", number, text_digest(text), "ana", dt.datetime(2026, 12, 6, tzinfo=dt.UTC),
                       "edited", text)


@given(st.integers(min_value=1, max_value=2**31), st.text(alphabet="0123456789abcdef", min_size=16, max_size=16))
def test_a_tag_names_its_revision(number: int, digest: str) -> None:
    assert tag_revision(f"r{number}-{digest}") == number


@example("r\u00b2-abc")  # superscript two: str.isdigit() but not int()
@example("r\u0661-abc")  # Arabic-Indic one
@given(st.text(max_size=200))
def test_any_text_is_a_tag_or_none_never_an_error(text: str) -> None:
    found = tag_revision(text)
    assert found is None or (text.startswith(f"r{found}") and found >= 0)


def test_changed_fields_are_the_top_level_keys_that_differ() -> None:
    old = "title: A\nend_user: {name: X, country: BR}\nnotes: same\n"
    new = "title: A\nend_user: {name: X, country: KE}\nextra: 1\nnotes: same\n"
    assert changed_fields(old, new) == ["end_user", "extra"]
    assert changed_fields(old, old) == []


def test_diff_is_unified_and_long_texts_are_compared_by_hash() -> None:
    diff = unified_diff(_revision(1, "a: 1\nb: 2\n"), _revision(2, "a: 1\nb: 3\n"))
    assert diff.splitlines()[:2] == ["--- CASE-2026-0001 revision 1", "+++ CASE-2026-0001 revision 2"]
    assert "-b: 2\n+b: 3\n" in diff
    long_text = "x: 1\n" * (MAX_DIFF_LINES + 1)
    assert "too long to compare" in unified_diff(_revision(1, long_text), _revision(2, long_text + "y: 2\n"))
