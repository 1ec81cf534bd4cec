"""One condition validator: the load-time check and the engine's validate_condition agree.

Before they were merged (issue 12 item 11) they disagreed on the cases below: the catalogue
accepted ``present``/``absent`` on a fact, ``in``/``not_in`` on a boolean and an empty list for
``in``/``contains_any``, all of which the engine rejected.
"""

from pathlib import Path
from typing import Any

import pytest

from hrdd.assess.conditions import validate_condition
from hrdd.catalog.loader import load_catalog
from hrdd.catalog.spec import Condition
from hrdd.exc import CatalogError

CASES: list[tuple[dict[str, Any], bool]] = [
    ({"field": "facts.recent_crackdown", "op": "present"}, False),  # a fact always has a value
    ({"field": "sector.security_body", "op": "in", "value": [True]}, False),  # booleans: eq/ne
    ({"field": "capabilities", "op": "contains_any", "value": []}, False),  # never true
    ({"field": "end_user.kind", "op": "in", "value": []}, False),
    ({"field": "facts.recent_crackdown", "op": "eq", "value": "true"}, True),
    ({"field": "sector.security_body", "op": "eq", "value": True}, True),
    ({"field": "capabilities", "op": "contains_any", "value": ["facial_recognition"]}, True),
    ({"field": "end_user.sector", "op": "eq", "value": "polce"}, False),
]


def _loads(tmp_path: Path, when: dict[str, Any]) -> bool:
    import json

    (tmp_path / "flag.yaml").write_text(
        "kind: derived_flags\nitems:\n  - id: test_flag\n    title: Test\n    step: end_user\n"
        f"    likelihood: 0.5\n    explanation: A test flag.\n    when: {json.dumps(when)}\n", encoding="utf-8")
    try:
        load_catalog([tmp_path])
    except CatalogError as err:
        assert all(p.line == 8 and (p.field or "").startswith("when") for p in err.problems), err.problems
        return False
    return True


@pytest.mark.parametrize(("when", "valid"), CASES, ids=[str(c[0]) for c in CASES])
def test_the_catalogue_check_and_the_engine_validator_agree(tmp_path: Path, when: dict[str, Any],
                                                              valid: bool) -> None:
    catalog = load_catalog()
    engine = validate_condition(Condition.model_validate(when), catalog) == []
    assert engine is valid
    assert _loads(tmp_path, when) is valid
