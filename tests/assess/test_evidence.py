"""Misuse records v2 (issue #12 item 8): a record's weight decays with age unless the misuse was
repeated, a contested record counts for less and never establishes documented misuse, and only a
verified record (an opened court, UN, official or forensic source) can."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from hrdd.assess.evidence import weigh_record
from hrdd.model import MisuseMatch, MisuseRecord

CASE_YEAR = 2026
RECORD = MisuseRecord(id="xx_police", name="Example Police", country="XX", sector="police",
                      summary="Spyware used against journalists.", year=2024, sources=(),
                      categories=("internet_surveillance",), years=(2024,), outcome="confirmed",
                      quality="forensic", primary_sources=(("Forensic report", "https://example.org", "forensic", True),))
CATEGORIES = {"internet_surveillance"}


def _weigh(record: MisuseRecord, score: float = 1.0) -> tuple[float, tuple[str, ...]]:
    found = weigh_record(MisuseMatch(party="end_user", query=record.name, record=record, score=score),
                         CASE_YEAR, CATEGORIES)
    return found.weight, found.documents


@given(older=st.integers(min_value=1990, max_value=CASE_YEAR), newer=st.integers(min_value=1990, max_value=CASE_YEAR))
def test_a_single_year_record_never_weighs_more_for_being_older(older: int, newer: int) -> None:
    older, newer = min(older, newer), max(older, newer)
    old = _weigh(replace(RECORD, year=older, years=(older,)))[0]
    new = _weigh(replace(RECORD, year=newer, years=(newer,)))[0]
    assert old <= new


@given(first=st.integers(min_value=1990, max_value=2010), gap=st.integers(min_value=1, max_value=15))
def test_repeated_misuse_does_not_decay(first: int, gap: int) -> None:
    repeated = replace(RECORD, year=first + gap, years=(first, first + gap))
    assert _weigh(repeated)[0] == _weigh(replace(RECORD, year=CASE_YEAR, years=(CASE_YEAR,)))[0] == 1.0


def test_old_single_misuse_decays_in_two_steps() -> None:
    weights = [_weigh(replace(RECORD, year=y, years=(y,)))[0] for y in (CASE_YEAR - 5, CASE_YEAR - 6, CASE_YEAR - 11)]
    assert weights == [1.0, 0.5, 0.25]


def test_a_contested_record_counts_for_less_and_never_documents_misuse() -> None:
    confirmed = _weigh(RECORD)
    contested = _weigh(replace(RECORD, outcome="contested"))
    assert confirmed == (1.0, ("internet_surveillance",))
    assert contested[0] < confirmed[0] and contested[1] == ()


def test_only_a_verified_record_documents_misuse() -> None:
    reported = replace(RECORD, quality="media", primary_sources=())
    assert not reported.verified and _weigh(reported)[1] == ()
    assert RECORD.verified and _weigh(RECORD)[1] == ("internet_surveillance",)
