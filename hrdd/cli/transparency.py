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
    import datetime as dt

    from hrdd.reports.transparency import render_transparency
    from hrdd.services.store import get_store
    from hrdd.services.transparency import draw_report
    from hrdd.transparency.period import parse_period

    found = parse_period(period)
    if found.end > dt.datetime.now(dt.UTC):
        click.echo(f"note: {found.id} has not ended (last day {found.last_day}); the figures are provisional "
                   "and cannot be proposed for publication yet", err=True)
    body = render_transparency(draw_report(get_store(), _actor(username), found), fmt)
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


@transparency.command("propose")
@click.option("--period", required=True, help="A year (2025) or a quarter (2025-Q3) that has ended.")
@click.option("--user", "username", required=True, help="Who proposes it (an active user who may prepare).")
def transparency_propose(period: str, username: str) -> None:
    """Store the period's report as a proposal (JSON and SHA-256) waiting for an approver."""
    from hrdd.services.store import get_store
    from hrdd.services.transparency_reports import propose

    row = propose(get_store(), _actor(username), period)
    click.echo(f"transparency report {row.id} for {row.period} proposed by {row.proposed_by}; sha256 {row.sha256}")


@transparency.command("publish")
@click.argument("report_id", type=int)
@click.option("--user", "username", required=True, help="The approver (not the proposer).")
@click.option("--note", help="A note kept with the decision.")
def transparency_publish(report_id: int, username: str, note: str | None) -> None:
    """Publish REPORT_ID (an approver other than the proposer; once, audited; then immutable)."""
    from hrdd.services.store import get_store
    from hrdd.services.transparency_reports import publish

    row = publish(get_store(), _actor(username), report_id, note)
    click.echo(f"transparency report {row.id} for {row.period} published by {row.resolved_by}")


@transparency.command("reject")
@click.argument("report_id", type=int)
@click.option("--user", "username", required=True, help="The approver (not the proposer).")
@click.option("--note", required=True, help="Why it is rejected.")
def transparency_reject(report_id: int, username: str, note: str) -> None:
    """Reject REPORT_ID with a reason (an approver other than the proposer; audited)."""
    from hrdd.services.store import get_store
    from hrdd.services.transparency_reports import reject

    row = reject(get_store(), _actor(username), report_id, note)
    click.echo(f"transparency report {row.id} for {row.period} rejected by {row.resolved_by}")


@transparency.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def transparency_list(fmt: str) -> None:
    """List the proposed, published and rejected reports, newest period first."""
    import json

    from hrdd.services.store import get_store
    from hrdd.services.transparency_reports import list_snapshots, snapshot_dict

    found = list_snapshots(get_store(), _actor(None))
    if fmt == "json":
        click.echo(json.dumps([snapshot_dict(r) for r in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("no transparency reports")
    for r in found:
        click.echo(f"#{r.id}\t{r.period}\t{r.status}\tproposed by {r.proposed_by}"
                   f"{f', {r.status} by {r.resolved_by}' if r.resolved_by else ''}\t{r.sha256[:12]}")
