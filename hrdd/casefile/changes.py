"""What changed between two versions of a case file, field by field, in the analyst's words.

Entries of ``safeguards`` are matched by their id and red-flag answers by their question, so
reordering them is no change; products, third parties and sources are matched by position.
A field that one version leaves out reads "not given" (for third parties, "not asked yet"
differs from "none": the report asks about the first).
"""

from dataclasses import dataclass
from typing import Any

from hrdd.casefile.labels import Path_, field_label, value_words
from hrdd.catalog.registry import Catalog

__all__ = ["FieldChange", "field_changes"]

_ABSENT = object()
_KEYED_LISTS: dict[Path_, str] = {("safeguards",): "id"}
_LEAF_DICTS: set[Path_] = {("end_user", "identifiers")}


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str  # where in the file, dotted (for links and tests)
    label: str  # the field in the analyst's words
    before: str
    after: str

    @property
    def kind(self) -> str:
        return "added" if self.before == NOT_GIVEN else "removed" if self.after == NOT_GIVEN else "changed"


NOT_GIVEN = "not given"


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _is_leaf(path: Path_, old: Any, new: Any) -> bool:
    if path in _LEAF_DICTS or (len(path) == 2 and path[0] == "facts"):
        return True
    if isinstance(old, dict) and isinstance(new, dict):
        return False
    if isinstance(old, list) and isinstance(new, list):
        return not any(isinstance(v, dict) for v in (*old, *new))
    return True


def _walk(path: Path_, old: Any, new: Any, out: list[tuple[Path_, Any, Any]]) -> None:
    if old == new and old is not _ABSENT:
        return
    if old is _ABSENT or new is _ABSENT or _is_leaf(path, old, new):
        # a whole mapping added or removed is listed field by field when it has several fields
        whole = new if old is _ABSENT else old
        if (isinstance(whole, dict) and path and not isinstance(path[-1], int) and path[0] != "facts"
                and path not in _LEAF_DICTS):
            for key in whole:
                _walk((*path, key), whole[key] if old is not _ABSENT else _ABSENT,
                      whole[key] if new is not _ABSENT else _ABSENT, out)
            return
        out.append((path, old, new))
        return
    if isinstance(old, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            _walk((*path, key), old.get(key, _ABSENT), new.get(key, _ABSENT), out)
        return
    key_field = _KEYED_LISTS.get(path)
    if key_field is not None:
        old_by = {item.get(key_field): (i, item) for i, item in enumerate(old) if isinstance(item, dict)}
        new_by = {item.get(key_field): (i, item) for i, item in enumerate(new) if isinstance(item, dict)}
        for key in [*old_by, *(k for k in new_by if k not in old_by)]:
            where = new_by[key][0] if key in new_by else old_by[key][0]
            _walk((*path, where), old_by[key][1] if key in old_by else _ABSENT,
                  new_by[key][1] if key in new_by else _ABSENT, out)
        return
    for i in range(max(len(old), len(new))):
        _walk((*path, i), old[i] if i < len(old) else _ABSENT, new[i] if i < len(new) else _ABSENT, out)


def _words(path: Path_, value: Any, catalog: Catalog) -> str:
    if value is _ABSENT:
        return "not asked yet" if path == ("intermediaries",) else NOT_GIVEN
    if value == [] and path == ("intermediaries",):
        return "none"
    return value_words(path, value, catalog)


def field_changes(old: dict[str, Any], new: dict[str, Any], catalog: Catalog) -> list[FieldChange]:
    """Each field whose value differs between two case files (as parsed mappings), in file order."""
    found: list[tuple[Path_, Any, Any]] = []
    _walk((), old, new, found)
    changes = []
    for path, before, after in found:
        # a removed entry is named from the old file, everything else from the new one
        data = old if after is _ABSENT else new
        changes.append(FieldChange(_dotted(path), field_label(path, catalog, data), _words(path, before, catalog),
                                   _words(path, after, catalog)))
    return changes
