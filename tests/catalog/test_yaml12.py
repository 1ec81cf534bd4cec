"""One YAML reader for catalogue, overlays and case files, with YAML 1.2 semantics everywhere."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.casefile.yamlpos import load_with_lines
from hrdd.catalog.loader import load_catalog
from hrdd.catalog.parse import CASE_FILE, parse_yaml
from hrdd.exc import InvalidInput

SCALARS = {
    "NO": "NO", "no": "no", "yes": "yes", "on": "on", "Off": "Off", "y": "y",  # YAML 1.1 booleans
    "true": True, "False": False, "010": 10, "0o17": 15, "0x1F": 31, "1:20": "1:20", "1_000": "1_000",
    "1e3": 1000.0, "-2.5": -2.5, "~": None, "null": None, ".inf": float("inf"),
}


@pytest.mark.parametrize(("token", "value"), sorted(SCALARS.items()))
def test_catalogue_and_case_files_read_every_scalar_the_same_yaml_1_2_way(token: str, value: Any) -> None:
    catalogue = parse_yaml(f"v: {token}\n", "catalogue.yaml").data["v"]
    case, _ = load_with_lines(f"v: {token}\n", "case.yaml")
    assert catalogue == value and case["v"] == value
    assert type(catalogue) is type(value) and type(case["v"]) is type(value)


def test_an_overlay_embargo_on_norway_is_on_norway(tmp_path: Path) -> None:
    (tmp_path / "no.yaml").write_text("""kind: embargoes
items:
  - id: no_company_policy
    country: NO
    regime: targeted
    authorities: [Company policy]
    source_url: https://example.org/policy
    as_of: 2026-11-30
    title: Company policy on Norway
    explanation: A company's own restriction.
""", encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.embargoes["no_company_policy"].country == "NO"


# YAML escapes astral characters as \\U, not as JSON surrogate pairs, and forbids raw C1 controls
TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**12, max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(TEXT, max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(TEXT, max_size=8), children, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_every_json_document_reads_as_the_same_value(value: Any) -> None:
    """JSON is a subset of YAML 1.2 (not of 1.1: ``1e-07`` would be text there)."""
    parsed = parse_yaml(json.dumps(value, ensure_ascii=False), "x.json", CASE_FILE)
    assert parsed.problems == []
    assert parsed.data == value


@settings(max_examples=100, deadline=None)
@given(keys=st.lists(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True), min_size=1, max_size=12, unique=True),
       values=st.lists(st.integers() | st.sampled_from(["x", "NO", "2026-11-30", "[1, 2]"]), min_size=12, max_size=12))
def test_the_line_of_every_key_is_recorded(keys: list[str], values: list[Any]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in zip(keys, values, strict=False))
    parsed = parse_yaml(text, "x.yaml")
    assert parsed.problems == []
    assert [parsed.lines[(key,)] for key in keys] == list(range(1, len(keys) + 1))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_a_case_file_reader_raises_only_invalid_input_with_located_problems(text: str) -> None:
    try:
        load_with_lines(text, "case.yaml")
    except InvalidInput as err:
        assert err.problems and all(p.file == "case.yaml" for p in err.problems)


def test_case_files_refuse_aliases_and_custom_tags_the_catalogue_refuses_tags_too() -> None:
    with pytest.raises(InvalidInput, match="not a valid case file") as err:
        load_with_lines("a: &x [1]\nb: *x\n", "case.yaml")
    assert "aliases" in err.value.problems[0].message
    assert parse_yaml("a: &x [1]\nb: *x\n", "cat.yaml").data == {"a": [1], "b": [1]}
    tagged = parse_yaml("a: !!python/object/apply:os.system [ls]\n", "cat.yaml")
    assert tagged.problems[0].message == "custom YAML tags are not allowed" and tagged.problems[0].line == 1
