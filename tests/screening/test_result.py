"""Ordering inside ties: equal scores are ordered by corroborating attributes."""

from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.record import Record, query_record
from hrdd.screening.result import ScoredEntry, rank_key, to_hit


def _entry(entry_id: str, countries: tuple[str, ...], dobs: tuple[str, ...]) -> Record:
    return Record(schema="Person", names=("John Smith",), countries=countries, birth_dates=dobs,
                  id=f"l-{entry_id}", source="l", entry_id=entry_id, caption="John Smith", topics=("sanction",))


def test_ties_are_ordered_by_corroborating_attributes() -> None:
    query = query_record(["John Smith"], schema="Person", countries=("gb",), birth_dates=("1970-05-01",))
    entries = [_entry("bare", (), ()), _entry("country", ("gb",), ()), _entry("both", ("gb",), ("1970-05-01",))]
    scored = [ScoredEntry(e, HrddMatcherV1.compare(query, e)) for e in entries]
    assert len({round(s.result.score, 6) for s in scored}) == 1  # the same name score: a tie
    ranked = sorted(scored, key=rank_key)
    assert [s.entry.entry_id for s in ranked] == ["both", "country", "bare"]


def test_hit_carries_list_metadata_and_features() -> None:
    query = query_record(["John Smith"], schema="Person")
    entry = _entry("1", ("gb",), ())
    hit = to_hit(ScoredEntry(entry, HrddMatcherV1.compare(query, entry)), party="end_user", query="John Smith")
    assert (hit.source, hit.entry_id, hit.name, hit.topics) == ("l", "1", "John Smith", ("sanction",))
    assert hit.score == 1.0
    assert any(f.name == "name_match" and f.score == 1.0 for f in hit.features)
    assert "literal" in hit.explanation
