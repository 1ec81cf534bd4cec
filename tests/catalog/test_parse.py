"""YAML parsing keeps line numbers; the loader only ever raises CatalogError on any text."""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.catalog import load_catalog
from hrdd.catalog.parse import parse_yaml
from hrdd.catalog.spec import KINDS
from hrdd.exc import CatalogError


def test_lines_of_nested_fields_are_recorded() -> None:
    parsed = parse_yaml("kind: facts\nitems:\n  - id: a\n    citations:\n      - ungp.17\n", "f.yaml")
    assert parsed.problems == []
    assert parsed.lines[("items", 0)] == 3
    assert parsed.lines[("items", 0, "citations", 0)] == 5


def test_values_are_typed_like_safe_load() -> None:
    text = "a: 1\nb: 2.5\nc: true\nd: 2024-07-02\ne: [x, 'y']\nf: null\n"
    assert parse_yaml(text, "f.yaml").data == yaml.safe_load(text)


def test_duplicate_keys_merge_keys_and_self_aliases_are_problems() -> None:
    dup = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.line, p.message) for p in dup.problems] == [(3, "duplicate key 'a'")]
    merge = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    assert "merge keys" in merge.problems[0].message
    loop = parse_yaml("a: &x [1, *x]\n", "f.yaml")
    assert loop.problems and "alias refers to itself" in loop.problems[0].message


def test_syntax_errors_carry_the_line() -> None:
    parsed = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert parsed.data is None
    assert parsed.problems[0].line is not None and "invalid YAML" in parsed.problems[0].message


def test_bad_scalars_are_problems_not_exceptions() -> None:
    parsed = parse_yaml("d: 2024-13-45\n", "f.yaml")
    assert parsed.problems and parsed.problems[0].line == 1


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["ungp.17", "police", "facial_recognition", "2024-07-02"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "title", "explanation", "items", "kind", "version",
                                       "when", "field", "op", "value", "adjust", "citations"])
                      | st.text(max_size=8), children, max_size=5),
    max_leaves=25,
)
catalogue_like = st.builds(
    lambda kind, items: yaml.safe_dump({"kind": kind, "version": "1", "items": items}),
    st.sampled_from([*KINDS, "nonsense"]), st.lists(yaml_values, max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200) | catalogue_like | yaml_values.map(yaml.safe_dump))
def test_loader_raises_only_catalog_error_on_arbitrary_yaml(tmp_path: Path, text: str) -> None:
    base = tmp_path / "base"
    base.mkdir(exist_ok=True)
    (base / "x.yaml").write_text(text, encoding="utf-8")
    try:
        load_catalog(base_dir=base)
    except CatalogError as err:
        assert err.problems
        assert all(str(p) for p in err.problems)
