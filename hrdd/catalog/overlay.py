"""Company overlays: add items of any kind, adjust numeric weights and the policy.

An overlay file looks like a shipped file, with ``version`` optional and an ``adjust:`` list::

    kind: facts
    items: []                      # new facts (an id that exists already is an error)
    adjust:
      - id: end_user_record_of_misuse
        likelihood_true: 2.5       # numeric fields only

For ``kind: policy`` an adjustment may set any policy field but its id, title, explanation
and citations: ``appetite``, ``escalate_at``, ``level_thresholds``, ``status_factor``,
``escalate_on_unknown``, ``do_not_proceed_at``, ``max_reduction``, ``escalate_when_unscreened``,
``red_lines`` (each ``{id, title, explanation, when}``), ``review_months`` (months between an
engagement's periodic reviews by residual level, e.g. ``{high: 4}``) and every tuning setting of
``hrdd/assess/tuning.py``.
"""

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hrdd.catalog.loader import Draft, add_items, item_source, read_file, validation_problems
from hrdd.catalog.parse import Source
from hrdd.catalog.spec import KINDS, CatalogKind, Policy
from hrdd.exc import Problem

# everything in the policy but its id, title, explanation and citations: the thresholds, the
# switches, the red lines and every tuning setting (docs/method.md, "Settings of the method")
POLICY_FIELDS = tuple(name for name in Policy.model_fields if name not in ("id", "title", "explanation", "citations"))


class OverlayFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: CatalogKind
    version: str | None = None
    items: tuple[dict[str, Any], ...] = ()
    adjust: tuple[dict[str, Any], ...] = Field(default=())


def _is_number_type(annotation: Any) -> bool:
    return annotation in (int, float)


def adjustable_fields(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Fields an overlay may change: numbers, and nested models made only of numbers."""
    if model is Policy:
        return dict.fromkeys(POLICY_FIELDS)
    fields: dict[str, type[BaseModel] | None] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if _is_number_type(annotation):
            fields[name] = None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and all(
                _is_number_type(sub.annotation) for sub in annotation.model_fields.values()):
            fields[name] = annotation
    return fields


def _adjust_one(draft: Draft, kind: str, change: dict[str, Any], source: Source) -> None:
    model = KINDS[kind]
    key = change.get("id", "policy" if kind == "policy" else None)
    entries = draft.entries[kind]
    if kind == "policy" and entries:
        key = next(iter(entries))
    if not isinstance(key, str) or key not in entries:
        close = difflib.get_close_matches(str(key), list(entries), n=1)
        draft.problems.append(Problem(
            f"adjust names no existing {kind} item", file=source.file, line=source.line_of("id"),
            item=str(key), field="id", found=repr(key), suggestion=close[0] if close else None))
        return
    entry = entries[key]
    if not entry.valid:
        return  # its own problems are already reported
    allowed = adjustable_fields(model)
    data = entry.model.model_dump(by_alias=True)
    ok = True
    for name, value in change.items():
        if name == "id":
            continue
        if name not in allowed:
            close = difflib.get_close_matches(name, list(allowed), n=1)
            draft.problems.append(Problem(
                "this field cannot be adjusted by an overlay", file=source.file, line=source.line_of(name),
                item=key, field=name, expected=", ".join(sorted(allowed)) or "no adjustable fields",
                suggestion=close[0] if close else None))
            ok = False
            continue
        if isinstance(value, bool) or (allowed[name] is None and kind != "policy"
                                       and not isinstance(value, int | float)):
            draft.problems.append(Problem(
                "an adjusted weight must be a number", file=source.file, line=source.line_of(name),
                item=key, field=name, expected="a number", found=repr(value)[:60]))
            ok = False
            continue
        nested = allowed[name]
        data[name] = {**data[name], **value} if nested is not None and isinstance(value, dict) else value
    if not ok:
        return
    try:
        entry.model = model.model_validate(data)
    except ValidationError as err:
        draft.problems.extend(validation_problems(err, model, source, key))
        return
    entry.adjusted_in.append(source.file)


def apply_overlay_file(draft: Draft, path: Path) -> None:
    read = read_file(path, draft.problems)
    if read is None:
        return
    data, file_source = read
    try:
        shape = OverlayFile.model_validate(data)
    except ValidationError as err:
        draft.problems.extend(validation_problems(err, OverlayFile, file_source, None))
        return
    add_items(draft, shape.kind, shape.items, file_source, overlay=True)
    for index, change in enumerate(shape.adjust):
        _adjust_one(draft, shape.kind, change, item_source(file_source, ("adjust", index)))


def apply_overlays(draft: Draft, files: Sequence[Path]) -> None:
    """Apply overlay files in order; later files see the result of earlier ones."""
    for path in files:
        apply_overlay_file(draft, path)

