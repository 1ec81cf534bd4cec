"""The hand-written report fixtures in ``tests/fixtures/reports/``."""

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
NAMES = ("escalate_not_screened", "do_not_proceed_sanctions_hit", "out_of_scope")

Report = dict[str, Any]


def load_report(name: str) -> Report:
    data: Report = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data
