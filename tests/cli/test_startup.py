"""``hrdd --help`` and ``hrdd version`` load none of the heavy libraries (checked in a new
process through ``sys.modules``, not by timing)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from hrdd.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("followthemoney", "sqlalchemy", "fastapi", "starlette", "rigour", "tantivy", "hrdd.screening",
         "hrdd.services", "hrdd.store", "hrdd.assess", "yaml", "pydantic")

_PROBE = """
import json, sys
from hrdd.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> tuple[str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60, check=True)
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("version",), ("--version",)])
def test_help_and_version_import_no_heavy_library(args: tuple[str, ...]) -> None:
    out, modules = _modules_after(*args)
    assert "hrdd" in out
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert not loaded, f"hrdd {' '.join(args)} imported {loaded[:10]}"


def test_probe_sees_a_heavy_import() -> None:
    """The probe itself works: ``hrdd lists`` needs followthemoney and loads it."""
    _, modules = _modules_after("lists", "--help")
    assert "followthemoney" in modules


def test_help_lists_every_command_with_its_own_summary() -> None:
    """The command list read from the sources is the one click builds from the imported commands."""
    ctx = click.Context(cli, info_name="hrdd")
    formatter = ctx.make_formatter()
    cli.format_commands(ctx, formatter)
    listed = formatter.getvalue()
    reference = ctx.make_formatter()
    rows = []
    limit = reference.width - 6 - max(len(n) for n in cli.list_commands(ctx))
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        rows.append((name, command.get_short_help_str(limit)))
    with reference.section("Commands"):
        reference.write_dl(rows)
    assert listed == reference.getvalue()
    assert set(COMMANDS) < set(cli.list_commands(ctx))


def test_version_prints_the_version() -> None:
    from hrdd.version import __version__

    out, _ = _modules_after("version")
    assert out.strip() == f"hrdd {__version__}"
