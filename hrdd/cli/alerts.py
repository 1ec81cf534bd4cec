"""``hrdd alerts``: list and acknowledge the alerts raised after the sale (re-screening, imports)."""

import json

import click


def _actor(username: str | None):  # type: ignore[no-untyped-def]  # -> hrdd.services.permissions.Actor
    """The named active user, or the local administrator (the CLI runs on the server)."""
    from hrdd.exc import NotFound
    from hrdd.services.permissions import Actor, Role
    from hrdd.services.store import get_store
    from hrdd.services.users import list_users

    if username is None:
        return Actor("cli", Role.ADMIN)
    for row in list_users(get_store()):
        if row.username == username and row.active:
            return Actor(row.username, Role(row.role))
    raise NotFound(f"no active user {username!r}")


@click.group()
def alerts() -> None:
    """Alerts on monitored cases and on list imports."""


@alerts.command("list")
@click.option("--case", "case_id", help="Only the alerts of this case.")
@click.option("--open", "open_only", is_flag=True, help="Only alerts nobody has acknowledged.")
@click.option("--user", "username", help="Show what this user's inbox shows (default: every alert).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 500))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def alerts_list(case_id: str | None, open_only: bool, username: str | None, limit: int, fmt: str) -> None:
    """List alerts, newest first."""
    from hrdd.services.alerts import alert_dict, list_alerts
    from hrdd.services.store import get_store

    rows, total = list_alerts(get_store(), _actor(username), case_id=case_id, open_only=open_only, limit=limit)
    if fmt == "json":
        click.echo(json.dumps({"total": total, "alerts": [alert_dict(r) for r in rows]}, indent=2,
                              ensure_ascii=False))
        return
    if not rows:
        click.echo("no alerts")
        return
    for r in rows:
        state = f"acknowledged by {r.acknowledged_by}" if r.acknowledged_by else "open"
        click.echo(f"#{r.id}\t{r.created_at:%Y-%m-%d %H:%M}\t{r.kind}\t{r.case_id or '-'}\t{state}\t{r.title}")
        if r.kind == "screening.hit":
            e = r.explanation
            click.echo(f"\tscore {e.get('score')} (threshold {e.get('threshold')}, {e.get('algorithm')}); "
                       f"{e.get('list_version')}, entry {e.get('change')}: {e.get('explanation')}")
    if total > len(rows):
        click.echo(f"({len(rows)} of {total}; use --limit)", err=True)


@alerts.command("ack")
@click.argument("alert_id", type=int)
@click.option("--user", "username", required=True, help="Who acknowledges it (an active user).")
def alerts_ack(alert_id: int, username: str) -> None:
    """Acknowledge ALERT_ID (once; audited)."""
    from hrdd.services.alerts import acknowledge
    from hrdd.services.store import get_store

    row = acknowledge(get_store(), _actor(username), alert_id)
    click.echo(f"alert {row.id} acknowledged by {row.acknowledged_by}")
