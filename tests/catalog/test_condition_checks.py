"""Derived-flag conditions are checked at load: field paths, operators and values."""

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from hrdd.catalog import load_catalog
from hrdd.exc import CatalogError, Problem


def flag_problems(tmp_path: Path, when: dict[str, Any]) -> list[Problem]:
    item = {"id": "test_flag", "title": "Test", "explanation": "A flag under test.", "step": "end_use",
            "likelihood": 1.0, "when": when}
    path = tmp_path / "flags.yaml"
    path.write_text(yaml.safe_dump({"kind": "derived_flags", "items": [item]}, sort_keys=False))
    try:
        load_catalog([path])
    except CatalogError as err:
        return err.problems
    return []


def test_a_valid_condition_loads(tmp_path: Path) -> None:
    assert flag_problems(tmp_path, {"all": [
        {"field": "end_user.sector", "op": "in", "value": ["police", "prisons"]},
        {"not": {"field": "facts.recent_crackdown", "op": "eq", "value": "false"}},
        {"field": "country.risk", "op": "gte", "value": 0.5},
        {"field": "end_user.country", "op": "eq", "value": "BR"},
        {"field": "intermediaries.government_ties", "op": "contains", "value": "unknown"},
        {"field": "country.judicial_authorisation", "op": "absent"},
    ]}) == []


@pytest.mark.parametrize(("when", "field", "suggestion"), [
    ({"field": "end_user.sectr", "op": "eq", "value": "police"}, "when.field", "end_user.sector"),
    ({"field": "end_user.sector", "op": "eq", "value": "polise"}, "when.value", "police"),
    ({"field": "facts.recent_crackdwn", "op": "eq", "value": "true"}, "when.field", "facts.recent_crackdown"),
    ({"field": "facts.recent_crackdown", "op": "eq", "value": "yes"}, "when.value", None),
    ({"field": "capabilities", "op": "contains_any", "value": ["imsi_catcher", "stingray"]},
     "when.value[1]", None),
    ({"field": "end_use.purposes", "op": "contains", "value": "public_ordre"}, "when.value", "public_order"),
    ({"field": "capability_categories", "op": "contains", "value": "biometrics"}, "when.value", None),
    ({"field": "end_user.country", "op": "eq", "value": "Brazil"}, "when.value", None),
    ({"field": "sector.security_body", "op": "eq", "value": "true"}, "when.value", None),
])
def test_unknown_fields_and_values_are_reported_with_suggestions(
        tmp_path: Path, when: dict[str, Any], field: str, suggestion: str | None) -> None:
    problems = flag_problems(tmp_path, when)
    assert len(problems) == 1, problems
    assert (problems[0].item, problems[0].field) == ("test_flag", field)
    assert problems[0].suggestion == suggestion
    assert problems[0].file == str(tmp_path / "flags.yaml") and problems[0].line is not None


@pytest.mark.parametrize(("when", "message"), [
    ({"field": "capabilities", "op": "gt", "value": 1}, "does not apply"),
    ({"field": "end_user.sector", "op": "contains", "value": "police"}, "does not apply"),
    ({"field": "end_user.sector", "op": "in", "value": "police"}, "needs a list"),
    ({"field": "end_user.sector", "op": "eq", "value": ["police"]}, "needs a single value"),
    ({"field": "end_user.sector", "op": "present", "value": "police"}, "takes no value"),
    ({"field": "end_user.sector"}, "needs both field and op"),
    ({"all": []}, "empty 'all'"),
    ({"field": "end_user.sector", "op": "eq", "value": "police", "any": [
        {"field": "features", "op": "present"}]}, "exactly one of"),
])
def test_malformed_conditions_are_reported(tmp_path: Path, when: dict[str, Any], message: str) -> None:
    problems = flag_problems(tmp_path, when)
    assert len(problems) == 1 and message in problems[0].message, problems


def test_nested_problem_names_its_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "flags.yaml"
    path.write_text(textwrap.dedent("""\
        kind: derived_flags
        items:
          - id: nested
            title: Nested
            explanation: Nested condition.
            step: end_use
            likelihood: 1
            when:
              any:
                - {field: features, op: present}
                - not:
                    {field: end_use.scale, op: eq, value: planet}
        """))
    with pytest.raises(CatalogError) as caught:
        load_catalog([path])
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("when.any[1].not.value", 12)
