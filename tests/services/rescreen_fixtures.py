"""Helpers for re-screening tests: list versions written as FtM JSON lines, a case with a known end user."""

import json
from pathlib import Path
from typing import Any

from hrdd.services.cases import create_case
from hrdd.services.permissions import Actor, Role
from hrdd.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ANALYST = Actor("analyst", Role.ANALYST)
END_USER = "Orion Vision Systems LLC"

UNRELATED: list[dict[str, Any]] = [
    {"id": "os-1", "schema": "Company", "properties": {"name": ["Example Aero Holding"], "country": ["ru"],
                                                       "topics": ["sanction"]}},
    {"id": "os-2", "schema": "Person", "properties": {"name": ["Ivan Petrovich Sidorov"], "country": ["ru"],
                                                      "topics": ["sanction"]}},
]
# the case's end user, listed under another spelling
RESPELLED: dict[str, Any] = {"id": "os-3", "schema": "Company", "properties": {
    "name": ["ORION VIZION SYSTEMS"], "country": ["br"], "topics": ["sanction"], "notes": ["first listing"]}}


def write_version(path: Path, entities: list[dict[str, Any]]) -> Path:
    lines = [json.dumps({**e, "datasets": ["test"]}, ensure_ascii=False) for e in entities]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_text(end_user: str = END_USER) -> str:
    text = (EXAMPLES / "01-city-police-video-analytics-br.yaml").read_text(encoding="utf-8")
    return text.replace("Civil Police of the State of Example", end_user)


def add_case(store: Store, end_user: str = END_USER) -> str:
    return create_case(store, ANALYST, case_text(end_user)).id
