"""Case files through the one YAML reader (``catalog/parse.py``), with case-file limits.

Case files are read like the catalogue (YAML 1.2 core schema: ``country: NO`` is Norway; line of
every value kept) but more strictly: at most 2 MB, 200 000 nodes and 40 levels, no anchors or
aliases, exactly one document; every problem raises :class:`~hrdd.exc.InvalidInput` at once.
"""

from typing import Any

from hrdd.catalog.parse import CASE_FILE, Path_, dotted, parse_yaml
from hrdd.exc import InvalidInput, Problem

MAX_BYTES = CASE_FILE.max_bytes
MAX_NODES = CASE_FILE.max_nodes
MAX_DEPTH = CASE_FILE.max_depth

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Path_", "dotted", "load_with_lines"]


def load_with_lines(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML (or JSON) text; return the data and a map of field path -> line number."""
    parsed = parse_yaml(text, source, CASE_FILE)
    if not parsed.problems and parsed.data is None:
        parsed.problems.append(Problem("expected exactly one YAML document with the case", file=source,
                                       found="an empty file"))
    if parsed.problems:
        raise InvalidInput(f"{source} is not a valid case file", parsed.problems)
    return parsed.data, parsed.lines
