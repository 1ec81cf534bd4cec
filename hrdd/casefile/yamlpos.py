"""Safe YAML parsing that remembers the line of every value, for located error messages."""

import re
from typing import Any

import yaml

from hrdd.exc import InvalidInput, Problem

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0


def _problem(message: str, source: str, line: int | None, **kw: str) -> InvalidInput:
    return InvalidInput(f"{source} is not a valid case file", [Problem(message, file=source, line=line, **kw)])


def _scalar(node: yaml.ScalarNode) -> Any:
    # construct plain scalars with the safe resolver's rules (int, float, bool, null, date, str)
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], source: str, budget: _Budget, depth: int) -> Any:
    budget.nodes += 1
    line = node.start_mark.line + 1
    if budget.nodes > MAX_NODES or depth > MAX_DEPTH:
        raise _problem("the document is too large or too deeply nested", source, line)
    lines[path] = line
    tag = node.tag
    if isinstance(node, yaml.MappingNode):
        if tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"):
            raise _problem("custom YAML tags are not allowed", source, line, found=tag)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem("mapping keys must be plain text", source, key_node.start_mark.line + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _problem("YAML merge keys (<<) are not allowed", source, key_node.start_mark.line + 1)
            key = str(_scalar(key_node))
            if key in out:
                raise _problem(f"duplicate key {key!r}", source, key_node.start_mark.line + 1,
                               field=_dotted((*path, key)))
            out[key] = _convert(value_node, (*path, key), lines, source, budget, depth + 1)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        if tag != "tag:yaml.org,2002:seq":
            raise _problem("custom YAML tags are not allowed", source, line, found=tag)
        return [_convert(v, (*path, i), lines, source, budget, depth + 1) for i, v in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    if not tag.startswith("tag:yaml.org,2002:") or tag.startswith("tag:yaml.org,2002:python/"):
        raise _problem("custom YAML tags are not allowed", source, line, found=tag)
    try:
        return _scalar(node)
    except (yaml.YAMLError, ValueError, OverflowError) as err:
        raise _problem(f"unreadable value ({err})", source, line, field=_dotted(path)) from None


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_with_lines(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML (or JSON) text; return the data and a map of field path -> line number."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise _problem(f"the file is larger than {MAX_BYTES // 1_000_000} MB", source, None)
    try:
        documents = list(yaml.compose_all(text, Loader=_NoAliasLoader))
    except _AliasRefused as err:
        raise _problem("YAML anchors and aliases are not allowed in case files", source, err.line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        raise _problem(f"invalid YAML: {what}", source, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise _problem(f"invalid YAML: {err}", source, None) from None
    except (ValueError, RecursionError) as err:  # e.g. invalid characters in the stream
        raise _problem(f"invalid YAML: {err}", source, None) from None
    if len(documents) != 1 or documents[0] is None:
        raise _problem("expected exactly one YAML document with the case", source, None,
                       found=f"{len(documents)} documents" if documents else "an empty file")
    lines: dict[Path_, int] = {}
    return _convert(documents[0], (), lines, source, _Budget(), 0), lines


class _AliasRefused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """A composer that refuses anchors and aliases (no billion-laughs expansion).

    Booleans follow YAML 1.2: only true/false. Under YAML 1.1 rules ``country: NO``
    (Norway) would silently become ``false``, and ``yes``/``no``/``on``/``off`` too.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasRefused(event.start_mark.line + 1)
        return super().compose_node(parent, index)


def dotted(path: Path_) -> str:
    return _dotted(path)


def _yaml12_booleans() -> None:
    resolvers = {key: [(tag, regexp) for tag, regexp in value if tag != "tag:yaml.org,2002:bool"]
                 for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    _NoAliasLoader.yaml_implicit_resolvers = resolvers
    _NoAliasLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


_yaml12_booleans()
