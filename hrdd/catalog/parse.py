"""The one YAML reader: text to plain Python values, the line of every node, located problems.

Catalogue files, company overlays, case files (``casefile/yamlpos.py``) and stored case
revisions are all read here, with one set of rules:

* **YAML 1.2 core schema.** Booleans are ``true``/``false`` only, so ``country: NO`` is Norway
  and ``yes``/``no``/``on``/``off`` stay text; integers are decimal (``010`` is ten), ``0o``
  octal or ``0x`` hexadecimal, never sexagesimal (``1:20`` is text) and never with
  underscores; ``1e3`` is a float. One addition to the core schema: an ISO date
  (``2026-11-30``) is a date, as case files and catalogue ``as_of`` fields expect.
* **Located problems, not exceptions.** Syntax errors, duplicate keys (which ``safe_load``
  silently overwrites), merge keys, custom tags, self-referencing aliases, too deep or too large
  documents, unreadable scalars: each becomes a :class:`~hrdd.exc.Problem` with file and line.
* **Hostile input bounded** by the caller's :class:`Limits` (case files refuse anchors and
  aliases outright, so no "billion laughs").

PyYAML's ``compose`` keeps a mark on each node; converting the node tree here (rather than
calling ``safe_load``) is what lets every later problem name the line of the offending field.
"""

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from hrdd.exc import Problem
from hrdd.validation import dotted

__all__ = ["CASE_FILE", "Limits", "Parsed", "Path_", "Source", "dotted", "parse_yaml"]

Path_ = tuple[str | int, ...]

# libyaml's parser is about ten times faster and keeps the same marks; tag resolution still
# runs through the Python resolver tables below, so both give YAML 1.2 semantics
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "omap", "set", "merge"))


@dataclass(frozen=True)
class Limits:
    """What a document may contain; the defaults suit authored catalogue files."""

    max_bytes: int = 20_000_000
    max_nodes: int = 2_000_000
    max_depth: int = 60
    aliases: bool = True  # anchors and aliases allowed (catalogue) or refused (case files)


CASE_FILE = Limits(max_bytes=2_000_000, max_nodes=200_000, max_depth=40, aliases=False)


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


class _Yaml12Loader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader whose implicit tags follow the YAML 1.2 core schema (plus ISO dates)."""


class _Yaml12Constructor(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = str(self.construct_scalar(node))
        sign = -1 if value.startswith("-") else 1
        digits = value.lstrip("+-")
        if digits.startswith(("0o", "0x")):
            return sign * int(digits, 0)
        return sign * int(digits, 10)


_Yaml12Constructor.add_constructor(  # type: ignore[type-var]  # types-PyYAML's bound is too narrow
    "tag:yaml.org,2002:int", _Yaml12Constructor.construct_yaml_int)


def _yaml12_resolvers() -> None:
    _Yaml12Loader.yaml_implicit_resolvers = {}
    rules: list[tuple[str, str, str]] = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("null", r"^(?:~|null|Null|NULL|)$", "~nN\0"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                  r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), "-+0123456789."),
        ("timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789"),
        ("merge", r"^<<$", "<"),
    ]
    for tag, pattern, first in rules:
        _Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))
    # the empty plain scalar (``key:``) is null
    _Yaml12Loader.yaml_implicit_resolvers.setdefault("", []).append(
        ("tag:yaml.org,2002:null", re.compile(r"^$")))


_yaml12_resolvers()


class _Converter:
    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.constructor = _Yaml12Constructor()
        self.active: set[int] = set()
        self.nodes = 0

    def fail(self, message: str, line: int, path: Path_, **extra: str) -> None:
        self.problems.append(Problem(message, file=self.file, line=line, field=dotted(path) or None, **extra))

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self.lines[path] = line
        self.nodes += 1
        if self.nodes > self.limits.max_nodes or len(path) > self.limits.max_depth:
            raise _TooBig(line)
        if id(node) in self.active:
            self.fail("YAML alias refers to itself", line, path)
            return None
        if node.tag not in _STANDARD_TAGS:
            self.fail("custom YAML tags are not allowed", line, path, found=node.tag)
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
            self.fail(f"cannot read value: {err}".splitlines()[0], line, path,
                      found=repr(getattr(node, "value", ""))[:60])
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self.active.add(id(node))
        result: dict[str, Any] = {}
        try:
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail("YAML merge keys (<<) are not allowed", key_line, path)
                    continue
                key = self._scalar(key_node, path, key_line) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    self.fail("mapping keys must be text", key_line, path, found=repr(key)[:60])
                    continue
                if key in result:
                    self.fail(f"duplicate key {key!r}", key_line, (*path, key))
                result[key] = self.convert(value_node, (*path, key))
        finally:
            self.active.discard(id(node))
        return result


class _TooBig(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _AliasRefused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _compose(text: str) -> list[yaml.Node]:
    loader = _Yaml12Loader(text)
    try:
        documents: list[yaml.Node] = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                documents.append(node)
        return documents
    finally:
        loader.dispose()


def _shared_nodes(node: yaml.Node) -> int | None:
    """The line of the first node that appears twice in the tree (an alias), or None."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return int(current.start_mark.line) + 1
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(current.value)
    return None


def parse_yaml(text: str, file: str, limits: Limits = Limits(), *, single: bool = True) -> Parsed:
    """Parse one YAML document; every problem is located, none is raised.

    An empty document gives ``data=None`` and no problem; more than one document is a
    problem when ``single``.
    """
    if len(text.encode("utf-8", errors="replace")) > limits.max_bytes:
        return Parsed(None, {}, [Problem(f"the file is larger than {limits.max_bytes // 1_000_000} MB", file=file)])
    try:
        documents = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        reason = err.problem or str(err).splitlines()[0]
        return Parsed(None, {}, [Problem(f"invalid YAML: {reason}", file=file,
                                         line=mark.line + 1 if mark is not None else None)])
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return Parsed(None, {}, [Problem(f"invalid YAML: {reason}", file=file)])
    if not documents:
        return Parsed(None, {}, [])
    if single and len(documents) > 1:
        return Parsed(None, {}, [Problem("expected exactly one YAML document", file=file,
                                         line=documents[1].start_mark.line + 1, found=f"{len(documents)} documents")])
    root = documents[0]
    if not limits.aliases:
        line = _shared_nodes(root)
        if line is not None:
            return Parsed(None, {}, [Problem("YAML anchors and aliases are not allowed here", file=file, line=line)])
    converter = _Converter(file, limits)
    try:
        data = converter.convert(root, ())
    except _TooBig as err:
        return Parsed(None, {}, [Problem("the document is too large or too deeply nested", file=file, line=err.line)])
    except RecursionError:
        return Parsed(None, {}, [Problem("the document is too deeply nested", file=file)])
    return Parsed(data, converter.lines, converter.problems)
