"""The lifecycle table: consistent with itself, the permissions, the database and the docs."""

import importlib.util
import re
from pathlib import Path

from hrdd.model.lifecycle import (
    CHECKED,
    DECISION_STATUSES,
    EDITABLE,
    FROZEN,
    REQUEST_STATUSES,
    STATE_ONLY,
    STATES,
    TRANSITIONS,
    State,
    actions_from,
    mermaid,
)
from hrdd.services.permissions import PERMISSIONS

ROOT = Path(__file__).resolve().parents[2]


def test_the_drawing_in_the_docs_is_the_table() -> None:
    page = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    drawn = re.search(r"<!-- lifecycle:begin -->\n```mermaid\n(.*?)\n```\n<!-- lifecycle:end -->", page, re.DOTALL)
    assert drawn is not None, "docs/service.md lost its lifecycle drawing"
    assert drawn[1] == mermaid()


def test_every_transition_names_a_permission_and_every_state_is_reachable() -> None:
    assert {t.permission for t in TRANSITIONS.values()} <= set(PERMISSIONS)
    reached = {State.DRAFT} | {t.target for t in TRANSITIONS.values()}
    assert reached == set(State)


def test_a_frozen_case_changes_content_only_by_reopening() -> None:
    for state in FROZEN:
        assert not {"edit", "assess", "propose"} & set(actions_from(state)), state
    assert TRANSITIONS["reopen"].sources <= FROZEN
    assert not FROZEN & EDITABLE


def test_the_migration_allows_exactly_these_states() -> None:
    path = ROOT / "hrdd" / "store" / "migrations" / "versions" / "0003_case_record.py"
    spec = importlib.util.spec_from_file_location("migration_0003", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.STATES == STATES and module.DECISION_STATUSES == DECISION_STATUSES


def test_the_api_requests_exactly_the_maker_checker_actions() -> None:
    from typing import get_args

    from hrdd.api.engagement_schemas import RequestIn

    assert get_args(RequestIn.model_fields["action"].annotation) == CHECKED
    assert CHECKED == ("suspend", "resume", "terminate", "close")  # activate is one person's, with the contract
    assert all(not (TRANSITIONS[a].sources & EDITABLE) for a in STATE_ONLY)
    assert all(TRANSITIONS[a].approval in PERMISSIONS for a in CHECKED)
    assert {a for a in CHECKED if TRANSITIONS[a].exit_checklist} == {"suspend", "terminate"}


def test_the_migration_allows_exactly_these_requests() -> None:
    path = ROOT / "hrdd" / "store" / "migrations" / "versions" / "0016_engagements.py"
    spec = importlib.util.spec_from_file_location("migration_0016", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.ACTIONS == CHECKED and module.REQUEST_STATUSES == REQUEST_STATUSES
