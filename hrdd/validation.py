"""The one converter from a pydantic ``ValidationError`` to located :class:`~hrdd.exc.Problem` s.

Catalogue files, overlays, case files, list sources and API requests say the same thing the same way: ``unknown field``
(with a "did you mean" among the model's fields), ``required field is missing`` (at the line of
the enclosing mapping), ``value not allowed`` (with the allowed values) or ``wrong value`` (with
what was expected, in words, and what was found). The caller says where things are: the file,
a function from a field path to its line, and optionally the item a path belongs to.
"""

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from hrdd.exc import Problem

Loc = tuple[str | int, ...]

_EXPECTED = {
    "missing": "a value",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_type": "a date (YYYY-MM-DD)",
    "too_short": "at least one entry",
    "string_too_short": "non-empty text",
}


_BOUNDS = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
           "less_than": "less than"}


def dotted(path: Loc) -> str:
    """``("items", 3, "citations", 0)`` -> ``items[3].citations[0]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _field_names(model: type[BaseModel] | None, loc: Loc) -> list[str]:
    """The field names (and aliases) of the model at ``loc``, for a "did you mean"."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        annotation = getattr(info, "annotation", None)
        current = _model_in(annotation)
    if current is None:
        return []
    names = list(current.model_fields)
    names += [info.alias for info in current.model_fields.values() if info.alias]
    return names


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    return type(value).__name__ if isinstance(value, dict | list) else repr(value)[:80]


def located_problems(err: ValidationError | Sequence[Mapping[str, Any]], *, file: str | None,
                     line_of: Callable[[Loc], int | None],
                     model: type[BaseModel] | None = None, item_of: Callable[[Loc], str | None] | None = None,
                     prefix: Loc = (), fields_hint: str | None = None) -> list[Problem]:
    """Every error of ``err`` (a ``ValidationError``, or the error list of one, e.g. FastAPI's
    ``RequestValidationError.errors()``) as a problem at its file, line, item and dotted field.

    ``prefix`` is prepended to each error's location (the item's place in its file) for the
    field name and the line; ``fields_hint`` replaces the list of allowed fields for an
    unknown field (e.g. "one of the fields of hrdd.case/1 (see `hrdd init`)").
    """
    problems: list[Problem] = []
    for error in err.errors() if isinstance(err, ValidationError) else err:
        loc: Loc = tuple(error["loc"])
        full = (*prefix, *loc)
        kind = error["type"]
        item = item_of(full) if item_of is not None else None
        field = dotted(full) or None
        if kind == "extra_forbidden":
            names = _field_names(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), names, n=1) if names else []
            problems.append(Problem(
                f"unknown field {loc[-1]!r}", file=file, line=line_of(full), item=item, field=field,
                expected=fields_hint or (("one of " + ", ".join(sorted(set(names)))) if names else None),
                suggestion=close[0] if close else None))
        elif kind == "missing":
            problems.append(Problem("required field is missing", file=file, line=line_of(full[:-1]),
                                    item=item, field=field))
        elif kind in ("literal_error", "enum"):
            expected = str(error.get("ctx", {}).get("expected", ""))
            problems.append(Problem("value not allowed", file=file, line=line_of(full), item=item, field=field,
                                    expected=f"one of {expected}", found=_shown(error.get("input"))))
        elif kind == "string_too_long":  # say the limit and the length, not the whole text
            limit = error.get("ctx", {}).get("max_length")
            problems.append(Problem("text too long", file=file, line=line_of(full), item=item, field=field,
                                    expected=f"at most {limit} characters",
                                    found=f"{len(str(error.get('input', '')))} characters"))
        elif kind == "value_error":  # a validator's own sentence says what is wrong: it is the message
            value = error.get("input")
            problems.append(Problem(str(error.get("msg", "")).removeprefix("Value error, "), file=file,
                                    line=line_of(full), item=item, field=field,
                                    found=None if isinstance(value, dict | list) else _shown(value)))
        elif kind in _BOUNDS:
            limit = next(iter(error.get("ctx", {}).values()), "")
            problems.append(Problem("wrong value", file=file, line=line_of(full), item=item, field=field,
                                    expected=f"{_BOUNDS[kind]} {limit}", found=_shown(error.get("input"))))
        elif kind == "string_pattern_mismatch":  # the pattern keeps its case
            pattern = error.get("ctx", {}).get("pattern", "")
            problems.append(Problem("wrong value", file=file, line=line_of(full), item=item, field=field,
                                    expected=f"text matching {pattern}", found=_shown(error.get("input"))))
        else:
            expected = _EXPECTED.get(kind) or str(error.get("msg", "a valid value")).removeprefix(
                "Value error, ").lower()
            problems.append(Problem("wrong value", file=file, line=line_of(full), item=item, field=field,
                                    expected=expected, found=_shown(error.get("input"))))
    return problems
