"""``hrdd engagements``: approved sales being carried out — what is due, the list, one engagement."""

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

import click

from hrdd.cli.alerts import _actor


def _line(line: Any, today: dt.date) -> dict[str, Any]:
    e = line.engagement
    return {"case_id": e.case_id, "title": line.title, "state": line.state, "contract_ref": e.contract_ref,
            "next_review": e.next_review.isoformat(), "review_due": e.next_review <= today,
            "review_months": e.review_months, "residual_level": e.residual_level,
            "overdue_conditions": line.overdue_conditions, "open_conditions": line.open_conditions,
            "pending_requests": line.pending_requests}


def _print(lines: list[Any], today: dt.date, fmt: str, empty: str) -> None:
    rows = [_line(x, today) for x in lines]
    if fmt == "json":
        click.echo(json.dumps({"engagements": rows}, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(empty)
        return
    for r in rows:
        due = "REVIEW DUE" if r["review_due"] else "review"
        click.echo(f"{r['case_id']}\t{r['state']}\t{due} {r['next_review']}\t{r['overdue_conditions']} overdue / "
                   f"{r['open_conditions']} open condition(s)\t{r['pending_requests']} pending request(s)\t{r['title']}")


@click.group()
def engagements() -> None:
    """Engagements: contract, periodic reviews, obligations and post-sale requests."""


@engagements.command("due")
@click.option("--user", "username", help="Act as this user (default: the local administrator).")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Count as due on this day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def engagements_due(username: str | None, on: dt.datetime | None, fmt: str) -> None:
    """Running engagements whose review is due or with a condition past its due date."""
    from hrdd.services.engagements import list_engagements
    from hrdd.services.store import get_store

    today = on.date() if on else dt.datetime.now(dt.UTC).date()
    lines = list_engagements(get_store(), _actor(username), due_only=True, today=today)
    _print(lines, today, fmt, "nothing due")


@engagements.command("list")
@click.option("--user", "username", help="Act as this user (default: the local administrator).")
@click.option("--all", "include_ended", is_flag=True, help="Include terminated and closed engagements.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def engagements_list(username: str | None, include_ended: bool, fmt: str) -> None:
    """Engagements, a due review or an overdue condition first."""
    from hrdd.services.engagements import list_engagements
    from hrdd.services.store import get_store

    today = dt.datetime.now(dt.UTC).date()
    lines = list_engagements(get_store(), _actor(username), include_ended=include_ended, today=today)
    _print(lines, today, fmt, "no engagements")


@engagements.command("show")
@click.argument("case_id")
@click.option("--user", "username", help="Act as this user (default: the local administrator).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def engagements_show(case_id: str, username: str | None, fmt: str) -> None:
    """One engagement: contract, reviews, obligations, requests and their exit checklists."""
    from hrdd.services.engagements import engagement_view
    from hrdd.services.store import get_store

    view = engagement_view(get_store(), _actor(username), case_id)
    data = {"case_id": case_id, "title": view.case.title, "state": view.case.state,
            "engagement": asdict(view.engagement) if view.engagement else None, "review_due": view.review_due,
            "obligations": [{**asdict(c), "overdue": view.overdue(c)} for c in view.conditions],
            "reviews": [asdict(r) for r in view.reviews],
            "requests": [{**asdict(r), "checklist": [asdict(i) for i in view.checklists.get(r.id, [])]}
                         for r in view.requests]}
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(f"{case_id}: {view.case.title} ({view.case.state})")
    e = view.engagement
    if e is None:
        click.echo("  not activated yet")
    else:
        end = e.contract_end.isoformat() if e.contract_end else "open-ended"
        click.echo(f"  contract {e.contract_ref}, {e.contract_start} to {end}")
        click.echo(f"  residual {e.residual_level}: reviewed every {e.review_months} months; next review "
                   f"{e.next_review}{' (DUE)' if view.review_due else ''}; last {e.last_review or 'never'}")
    click.echo("obligations:")
    for c in view.conditions:
        proof = f", proof evidence {c.proof_evidence_id} sha256 {c.proof_sha256}" if c.proof_sha256 else ""
        late = " OVERDUE" if view.overdue(c) else ""
        click.echo(f"  #{c.id} {c.safeguard}: {c.status}{late}, owner {c.owner}, due {c.due}{proof}")
    click.echo("requests:")
    for r in view.requests:
        click.echo(f"  #{r.id} {r.action} by {r.requested_by}: {r.status}"
                   f"{f' by {r.decided_by}' if r.decided_by else ''} - {r.reason}")
        for i in view.checklists.get(r.id, []):
            click.echo(f"    [{'x' if i.done else ' '}] {i.step}{f': {i.note}' if i.note else ''}")
