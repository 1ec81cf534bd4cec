"""The delta between two snapshots of one list: which entities were added, changed or removed.

Both entities files are sorted by id (:func:`hrdd.sources.lists.snapshot.write_entities`), so
one merge pass over the two compares them without holding either in memory. An entity's
content hash is the SHA-256 of its canonical line; any change of any property changes it.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ADDED = "added"
CHANGED = "changed"
REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity_id: str
    change: str  # added | changed | removed
    content_hash: str  # of the new line; "" when removed


def _lines(path: Path | None) -> Iterator[tuple[str, str]]:
    """(entity id, content hash) of every line of an entities file, in file order."""
    if path is None or not path.is_file():
        return
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.strip()
            if line:
                yield str(json.loads(line)["id"]), hashlib.sha256(line).hexdigest()


def diff_entities(old: Path | None, new: Path) -> Iterator[EntityChange]:
    """Changes from ``old`` (None: no previous version) to ``new``, by entity id."""
    olds, news = _lines(old), _lines(new)
    o, n = next(olds, None), next(news, None)
    while o is not None or n is not None:
        if n is None or (o is not None and o[0] < n[0]):
            assert o is not None
            yield EntityChange(o[0], REMOVED, "")
            o = next(olds, None)
        elif o is None or n[0] < o[0]:
            yield EntityChange(n[0], ADDED, n[1])
            n = next(news, None)
        else:
            if o[1] != n[1]:
                yield EntityChange(n[0], CHANGED, n[1])
            o, n = next(olds, None), next(news, None)
