"""FollowTheMoney entity files (OpenSanctions ``entities.ftm.json``): one JSON object per line.

Each line is ``{"id", "schema", "properties": {prop: [values]}, "datasets", "referents",
"first_seen", "last_seen", "last_change", ...}``. Ids are prefixed with the source
(``opensanctions-NK-…``) and so are the values of every entity-reference property, so that
relations (Sanction, Ownership, Directorship, Family) still resolve; the publisher's id is kept
in ``referents`` and its dataset names in ``datasets``. OpenSanctions data is CC BY-NC 4.0:
commercial use needs an OpenSanctions data licence.
"""

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from followthemoney import ValueEntity, model
from followthemoney.exc import InvalidData
from followthemoney.types import registry

from hrdd.sources.lists.base import ImportContext, parse_date

FORMAT = "ftm-json"


def accepts(paths: Sequence[Path]) -> bool:
    if not paths:
        return False
    for path in paths:
        with path.open("rb") as handle:
            head = handle.read(2048).lstrip()
        if not head.startswith(b"{") or b'"schema"' not in head or b'"properties"' not in head:
            return False
    return True


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    newest: str | None = None
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                ctx.record()
                entity = _entity(ctx, path, line_no, line)
                if entity is None:
                    continue
                changed = parse_date(entity.last_change)
                if changed and (newest is None or changed > newest):
                    newest = changed
                yield entity
    ctx.as_of = ctx.as_of or newest


def _entity(ctx: ImportContext, path: Path, line_no: int, line: str) -> ValueEntity | None:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as err:
        ctx.reject(f"line is not valid JSON ({err.msg})", file=path, line=line_no)
        return None
    if not isinstance(data, dict) or not data.get("id") or not isinstance(data.get("properties"), dict):
        ctx.reject("line is not an FtM entity", file=path, line=line_no,
                   expected='{"id", "schema", "properties"}')
        return None
    original = str(data["id"])
    schema = model.get(str(data.get("schema") or ""))
    if schema is None:
        ctx.reject("unknown FtM schema", file=path, line=line_no, item=original, field="schema",
                   found=str(data.get("schema")))
        return None
    try:
        entity = ValueEntity(schema, {k: v for k, v in data.items() if k != "properties"}, cleaned=False)
    except InvalidData as err:
        ctx.reject(f"invalid entity ({err})", file=path, line=line_no, item=original)
        return None
    entity.id = f"{ctx.source}-{original}"
    for name, values in data["properties"].items():
        prop = schema.get(name)
        if prop is None or not isinstance(values, list):
            ctx.warn("unknown property or non-list value skipped", file=path, line=line_no, item=original,
                     field=name)
            continue
        if prop.type == registry.entity:
            values = [f"{ctx.source}-{v.get('id') if isinstance(v, dict) else v}" for v in values]
        entity.add(prop, [v for v in values if isinstance(v, str)], quiet=True)
    entity.referents = {original}
    entity.datasets = {ctx.source, *entity.datasets}
    return entity
