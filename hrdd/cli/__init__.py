"""The ``hrdd`` command: a thin front end over ``hrdd.services``.

Sub-commands are imported only when invoked so that ``hrdd --help`` and ``hrdd assess``
start fast. Data goes to stdout, logs and errors to stderr. Exit codes: 0 success,
1 a runtime error, 2 bad input (a case file, a catalogue, a list file).
"""

import importlib
import sys
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
    "worker": "hrdd.cli.worker:worker",
}


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
def cli() -> None:
    """Human-rights due diligence for sales of surveillance-capable technology."""
    from hrdd.logs import configure_logging
    from hrdd.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="hrdd", standalone_mode=True)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
