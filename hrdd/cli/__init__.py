"""The ``hrdd`` command: a thin front end over ``hrdd.services``.

Sub-commands are imported only when invoked: ``hrdd --help`` lists them from their docstrings,
read from the source without importing it, so that it and ``hrdd version`` load neither
followthemoney, SQLAlchemy, FastAPI nor the matcher (tests/cli/test_startup.py). Data goes to
stdout, logs and errors to stderr. Exit codes: 0 success, 1 a runtime error, 2 bad input (a
case file, a catalogue, a list file).
"""

import ast
import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import click

from hrdd.version import __version__

# command name -> "module:attribute"; each module owns one command or command group
COMMANDS: dict[str, str] = {
    "assess": "hrdd.cli.assess:assess",
    "questions": "hrdd.cli.assess:questions",
    "init": "hrdd.cli.assess:init",
    "serve": "hrdd.cli.service:serve",
    "user": "hrdd.cli.service:user",
    "audit": "hrdd.cli.service:audit",
    "case": "hrdd.cli.case:case",
    "catalog": "hrdd.cli.catalog:catalog",
    "explain": "hrdd.cli.explain:explain",
    "country": "hrdd.cli.country:country",
    "data": "hrdd.cli.data:data",
    "lists": "hrdd.cli.lists:lists",
    "screen": "hrdd.cli.screen:screen",
    "screen-judge": "hrdd.cli.screen:screen_judge",
    "alerts": "hrdd.cli.alerts:alerts",
    "signals": "hrdd.cli.signals:signals",
    "reassess": "hrdd.cli.signals:reassess",
    "grievances": "hrdd.cli.grievances:grievances",
    "engagements": "hrdd.cli.engagements:engagements",
    "worker": "hrdd.cli.worker:worker",
    "transparency": "hrdd.cli.transparency:transparency",
}


def _docstring(target: str) -> str | None:
    """The docstring of a command function, read from its module's source (not imported);
    None when it cannot be read that way (the caller then imports the command)."""
    module_name, attr = target.split(":")
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        return None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attr:
            has_help = any(isinstance(d, ast.Call) and any(k.arg == "help" for k in d.keywords)
                           for d in node.decorator_list)
            return None if has_help else ast.get_docstring(node)
    return None


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attr = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, without importing the commands."""
        rows = []
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        for name in self.list_commands(ctx):
            doc = _docstring(COMMANDS[name]) if name in COMMANDS else None
            command = click.Command(name, help=doc) if doc is not None else self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from hrdd.exc import CatalogError, HrddError, InvalidInput, SourceError

        try:
            return super().invoke(ctx)
        except HrddError as err:
            click.echo(f"error: {err}", err=True)
            code = 2 if isinstance(err, InvalidInput | CatalogError | SourceError) else 1
            raise click.exceptions.Exit(code) from err


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrdd")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Human-rights due diligence for sales of surveillance-capable technology."""
    if ctx.invoked_subcommand == "version":
        return
    from hrdd.logs import configure_logging
    from hrdd.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)


@cli.command()
def version() -> None:
    """Print the version of hrdd."""
    click.echo(f"hrdd {__version__}")


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="hrdd", standalone_mode=True)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
