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
