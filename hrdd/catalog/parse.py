"""YAML text to plain Python values, remembering the line of every node.

PyYAML's ``compose`` keeps a mark on each node; converting the node tree ourselves (rather
than calling ``safe_load``) lets every later problem name the line of the offending field.
Duplicate keys, which ``safe_load`` silently overwrites, are reported here.
"""

from dataclasses import dataclass, field
from typing import Any

import yaml

from hrdd.exc import Problem

Path_ = tuple[str | int, ...]

_MAX_DEPTH = 60
# libyaml's composer is about ten times faster and keeps the same marks
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """Where one catalogue item (or whole file) came from: file, line, and the line of each field."""

    file: str
    line: int
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int:
        """The line of ``path`` inside the item, or of its nearest ancestor that has one."""
        key: Path_ = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.line


@dataclass
class Parsed:
    data: Any
    lines: dict[Path_, int]
    problems: list[Problem]


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self.lines[path] = line
        if len(path) > _MAX_DEPTH or id(node) in self.active:
            self.problems.append(Problem(
                "YAML nesting is too deep or an alias refers to itself", file=self.file, line=line,
                field=_dotted(path) or None))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.active.add(id(node))
            try:
                return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        return self._scalar(node, path, line)

    def _scalar(self, node: yaml.Node, path: Path_, line: int) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, ArithmeticError) as err:
            self.problems.append(Problem(
                f"cannot read value: {err}".splitlines()[0], file=self.file, line=line,
                field=_dotted(path) or None, found=repr(getattr(node, "value", ""))[:60]))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self.active.add(id(node))
        result: dict[str, Any] = {}
        try:
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problems.append(Problem(
                        "merge keys (<<) are not supported in catalogue files", file=self.file,
                        line=key_node.start_mark.line + 1, field=_dotted(path) or None))
                    continue
                key = self.convert(key_node, (*path, "<key>")) if not isinstance(
                    key_node, yaml.ScalarNode) else self._scalar(key_node, path, key_node.start_mark.line + 1)
                if not isinstance(key, str):
                    self.problems.append(Problem(
                        "mapping keys must be text", file=self.file, line=key_node.start_mark.line + 1,
                        field=_dotted(path) or None, found=repr(key)[:60]))
                    continue
                if key in result:
                    self.problems.append(Problem(
                        f"duplicate key {key!r}", file=self.file, line=key_node.start_mark.line + 1,
                        field=_dotted((*path, key))))
                result[key] = self.convert(value_node, (*path, key))
        finally:
            self.active.discard(id(node))
        self.lines.pop((*path, "<key>"), None)
        return result


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def dotted(path: Path_) -> str:
    """``("items", 3, "citations", 0)`` -> ``items[3].citations[0]``."""
    return _dotted(path)


def parse_yaml(text: str, file: str) -> Parsed:
    """Parse one YAML document; syntax errors become problems rather than exceptions."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return Parsed(None, {}, [Problem(f"YAML syntax error: {reason}", file=file,
                                         line=mark.line + 1 if mark is not None else None)])
    except (RecursionError, ValueError, TypeError) as err:
        return Parsed(None, {}, [Problem(f"YAML could not be read: {type(err).__name__}", file=file)])
    if node is None:
        return Parsed(None, {}, [])
    converter = _Converter(file)
    try:
        data = converter.convert(node, ())
    except RecursionError:
        return Parsed(None, {}, [Problem("YAML nesting is too deep", file=file)])
    return Parsed(data, converter.lines, converter.problems)
