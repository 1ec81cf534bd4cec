"""Helpers for importer tests: run one importer over files and index its entities by id."""

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from followthemoney import ValueEntity

from hrdd.sources.lists.base import ImportContext, RejectLimits

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lists"

Parsed = tuple[dict[str, ValueEntity], ImportContext]


def parse_files(module: ModuleType, source: str, paths: Sequence[Path],
                limits: RejectLimits | None = None) -> Parsed:
    ctx = ImportContext(source=source, limits=limits or RejectLimits())
    entities: dict[str, ValueEntity] = {}
    for entity in module.parse(ctx, list(paths)):
        key = str(entity.id)
        entities[key] = entities[key].merge(entity) if key in entities else entity
    return entities, ctx
