"""The layout's import rules (house style 2.2), checked on the source."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hrdd"

# package -> top-level hrdd packages (and third-party roots) it must never import
FORBIDDEN: dict[str, set[str]] = {
    "model": {"store", "api", "web", "cli", "services", "sqlalchemy", "fastapi", "click"},
    "assess": {"store", "api", "web", "cli", "services", "sqlalchemy", "fastapi", "click"},
    "catalog": {"store", "api", "web", "cli", "services", "sqlalchemy", "fastapi"},
    "transparency": {"store", "api", "web", "cli", "services", "sqlalchemy", "fastapi", "click"},
    "reports": {"store", "api", "web", "cli", "sqlalchemy", "fastapi"},
    "screening": {"api", "web", "cli", "fastapi"},
    "sources": {"api", "web", "cli", "fastapi"},
    "services": {"api", "web", "cli", "jobs", "fastapi", "sqlalchemy", "procrastinate"},
    "jobs": {"api", "web", "cli", "store", "fastapi", "sqlalchemy"},
    "cli": {"sqlalchemy", "store"},
    "api": {"sqlalchemy", "store"},
    "web": {"sqlalchemy", "store"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found.add(parts[1] if parts[0] == "hrdd" and len(parts) > 1 else parts[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_import_rules(package: str) -> None:
    offenders: list[str] = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        bad = _imports(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_rule_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from hrdd.store.db import open_store\nimport sqlalchemy\n")
    assert _imports(sample) >= {"store", "sqlalchemy"}


# the one YAML reader (issue #12 item 11): only catalog/parse.py turns YAML text into values; writing
# YAML (safe_dump) is allowed anywhere; a migration keeps the code it ran with
YAML_READERS = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose",
                "compose_all", "parse", "scan"}
YAML_HOME = "hrdd/catalog/parse.py"


def _yaml_reads(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in YAML_READERS
            and isinstance(node.value, ast.Name) and node.value.id == "yaml"]


def test_only_the_one_yaml_reader_reads_yaml() -> None:
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
                 if path.relative_to(PACKAGE.parent).as_posix() != YAML_HOME and "migrations" not in path.parts
                 for line in _yaml_reads(path)]
    assert not offenders, "read YAML with hrdd.catalog.parse.parse_yaml:\n" + "\n".join(offenders)


def test_the_yaml_rule_catches_a_second_reader(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import yaml\ndata = yaml.safe_load(text)\nout = yaml.safe_dump(data)\n")
    assert _yaml_reads(sample) == [2]
