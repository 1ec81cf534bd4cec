"""``hrdd transparency``: the public transparency report of a period (figures with small counts
suppressed), and its proposal, approval and publication."""

import sys
from pathlib import Path

import click

from hrdd.cli.alerts import _actor


@click.group(invoke_without_command=True)
@click.option("--period", help="A year (2026) or a quarter (2026-Q3).")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html", "pdf"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout).")
@click.option("--user", "username", help="Draw the figures as this user (default: the local administrator).")
@click.pass_context
def transparency(ctx: click.Context, period: str | None, fmt: str, output: Path | None, username: str | None) -> None:
    """The transparency report of a period: aggregated, small counts suppressed."""
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise click.UsageError("give --period (a year such as 2026 or a quarter such as 2026-Q3)")
    from hrdd.reports.transparency import render_transparency
    from hrdd.services.store import get_store
    from hrdd.services.transparency import draw_report

    body = render_transparency(draw_report(get_store(), _actor(username), period), fmt)
    _write(body, output)


def _write(body: str | bytes, output: Path | None) -> None:
    if output is not None:
        if isinstance(body, str):
            output.write_text(body, encoding="utf-8")
        else:
            output.write_bytes(body)
        click.echo(f"wrote {output}", err=True)
    elif isinstance(body, bytes):
        sys.stdout.buffer.write(body)
    else:
        click.echo(body, nl=False)
