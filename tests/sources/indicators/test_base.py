"""Risk readings of indicator values and the shared row checks."""

from pathlib import Path

import pytest

from hrdd.exc import SourceError
from hrdd.sources.indicators.base import (
    Indicator,
    IndicatorData,
    Observation,
    RowLog,
    SourceInfo,
    check_result,
)

INFO = SourceInfo("t", "Test", "p", "u", "CC0", True, "a")


def test_linear_risk_inverts_when_higher_is_better_and_clamps() -> None:
    ind = Indicator("t.x", "x", "0-1, higher is better")
    assert ind.risk(1.0) == 0.0
    assert ind.risk(0.25) == 0.75
    assert ind.risk(1.5) == 0.0
    assert ind.risk(None) is None
    worse = Indicator("t.y", "y", "0-100, higher is worse", high=100.0, higher_is_worse=True)
    assert worse.risk(80.0) == 0.8


def test_count_risk_starts_at_base_and_saturates() -> None:
    ind = Indicator("t.n", "n", "events", curve="count", base=0.6, cap=1.0, saturate=5.0)
    assert ind.risk(0.0) == 0.0
    assert ind.risk(1.0) == 0.6
    assert ind.risk(3.0) == 0.8
    assert ind.risk(50.0) == 1.0


def test_row_log_reads_missing_marks_as_none_and_reports_bad_cells(tmp_path: Path) -> None:
    data = IndicatorData(INFO, {})
    log = RowLog(data, tmp_path / "f.csv")
    assert log.number("..", 3, "v") is None
    assert log.number("NA", 3, "v") is None
    assert log.number("6,5", 3, "v", decimal_comma=True) == 6.5
    assert log.number("abc", 4, "v") is None
    assert log.number("xyz", 4, "w") is None
    assert data.rows_rejected == 1  # one row, two problems
    assert [p.line for p in data.problems] == [4, 4]
    assert log.country("Atlantis", 5, "c") is None
    assert data.problems[-1].found == "'Atlantis'"


def test_check_result_refuses_files_that_are_mostly_rejected() -> None:
    data = IndicatorData(INFO, {}, [Observation("FR", 2020, "t.x", 1.0)], rows_read=10, rows_rejected=6,
                         files=("f.csv",))
    with pytest.raises(SourceError, match="6 of 10 rows rejected"):
        check_result(data)
    with pytest.raises(SourceError, match="no usable"):
        check_result(IndicatorData(INFO, {}, files=("f.csv",)))


def test_check_result_reports_duplicates_and_keeps_the_first() -> None:
    data = IndicatorData(INFO, {}, [Observation("FR", 2020, "t.x", 1.0), Observation("FR", 2020, "t.x", 2.0)],
                         rows_read=2)
    result = check_result(data)
    assert [o.value for o in result.observations] == [1.0]
    assert "duplicate" in result.problems[0].message
