"""The index payload of a list entry reads back as the same record."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.exc import ConfigError
from hrdd.screening.record import Record

_text = st.text(max_size=30)
_texts = st.lists(_text, max_size=4).map(tuple)


@settings(max_examples=200, deadline=None)
@given(schema=st.sampled_from(["Person", "Company", "Vessel"]), names=_texts, weak=_texts, countries=_texts,
       dates=_texts, ids=st.lists(st.tuples(_text, _text), max_size=3).map(tuple), topics=_texts,
       extra=st.dictionaries(_text, _text, max_size=3), caption=_text)
def test_payload_round_trips(schema: str, names: tuple[str, ...], weak: tuple[str, ...],
                             countries: tuple[str, ...], dates: tuple[str, ...],
                             ids: tuple[tuple[str, str], ...], topics: tuple[str, ...],
                             extra: dict[str, str], caption: str) -> None:
    record = Record(schema=schema, names=names, weak_aliases=weak, countries=countries, birth_dates=dates,
                    identifiers=ids, id="src-1", source="src", entry_id="1", caption=caption, topics=topics,
                    programs=topics, listed_on="2024-01-02", digest="abc", extra=extra)
    assert Record.from_payload(record.to_payload()) == record


def test_a_payload_of_another_layout_is_refused() -> None:
    with pytest.raises(ConfigError, match="delete HRDD_HOME/index"):
        Record.from_payload('["Person", ["A"]]')
