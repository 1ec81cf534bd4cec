from pathlib import Path

import pytest
from followthemoney import ValueEntity, model

from hrdd.exc import SourceError
from hrdd.sources.lists.base import (
    ImportContext,
    JsonArrayStream,
    RejectLimits,
    add_country,
    clean_text,
    parse_date,
    parse_us_date,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1962", "1962"),
    ("1962-03-12", "1962-03-12"),
    ("2026-02-27T00:00:09.554Z", "2026-02-27"),
    ("12 Mar 1962", "1962-03-12"),
    ("circa 1950", "1950"),
    ("Mar 1962", "1962-03"),
    ("28/09/1955", "1955-09-28"),
    ("00/04/1984", "1984-04"),
    ("10/00/1983", "1983"),
    ("31/02/1990", "1990-02"),
    ("-0- ", None),
    ("unknown", None),
    ("", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_us_dates_are_month_first() -> None:
    assert parse_us_date("04/22/2020") == "2020-04-22"
    assert parse_date("04/12/2020") == "2020-12-04"


def test_clean_text_treats_ofac_null_as_missing() -> None:
    assert clean_text("-0- ") is None
    assert clean_text("  a \r\n b ") == "a b"


def test_reject_limits_allow_the_larger_of_ratio_and_minimum() -> None:
    limits = RejectLimits(ratio=0.01, minimum=50)
    assert limits.allows(50, 100) and not limits.allows(51, 100)
    assert limits.allows(100, 10_000) and not limits.allows(101, 10_000)


def test_context_fails_past_the_threshold_with_the_problems() -> None:
    ctx = ImportContext("un-sc", limits=RejectLimits(ratio=0.0, minimum=1))
    ctx.record()
    ctx.reject("bad", file="x.xml", item="A")
    ctx.record()
    with pytest.raises(SourceError, match="too many rejected records") as err:
        ctx.reject("bad again", file="x.xml", item="B")
    assert [p.item for p in err.value.problems] == ["A", "B"]


def test_finish_refuses_a_source_without_usable_records() -> None:
    ctx = ImportContext("un-sc")
    with pytest.raises(SourceError, match="no usable records"):
        ctx.finish()


def test_unknown_country_is_noted_not_guessed() -> None:
    ctx = ImportContext("un-sc")
    entity = ValueEntity(model["Person"], {"id": "x"})
    add_country(ctx, entity, "nationality", "Democratic Republic of the Congo")
    add_country(ctx, entity, "nationality", "Former USSR")
    assert entity.get("nationality") == ["cd"]
    assert ctx.warnings["country not recognised"] == 1
    assert ctx.problems[0].found == "Former USSR"


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_json_array_stream_reads_items_and_members_on_both_sides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(JsonArrayStream, "CHUNK", chunk)
    doc = tmp_path / "doc.json"
    doc.write_text('{"total": 4, "results": [ {"a": [1, "]"]}, 12345, "x,y" ,{"b": {}} ], "after": {"z": true}}')
    stream = JsonArrayStream(doc, "results")
    assert list(stream) == [{"a": [1, "]"]}, 12345, "x,y", {"b": {}}]
    assert stream.members == {"total": 4, "after": {"z": True}}


def test_json_array_stream_rejects_a_truncated_document(tmp_path: Path) -> None:
    doc = tmp_path / "doc.json"
    doc.write_text('{"results": [{"a": 1}, {"b": ')
    stream = JsonArrayStream(doc, "results")
    with pytest.raises(ValueError, match="malformed array item"):
        list(stream)
    doc.write_text('{"other": []}')
    with pytest.raises(ValueError, match="no 'results' array"):
        list(JsonArrayStream(doc, "results"))
