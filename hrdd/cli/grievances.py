"""``hrdd grievances``: the grievance officers' queue on the command line, and the contact keys."""

import json
from typing import Any

import click

from hrdd.model.grievance import GrievanceState


def _officer(username: str):  # type: ignore[no-untyped-def]  # -> hrdd.services.permissions.Actor
    """The named active user: grievances are read as a grievance officer (or an approver), never
    as the local administrator, who may not see them."""
    from hrdd.exc import NotFound
    from hrdd.services.permissions import Actor, Role
    from hrdd.services.store import get_store
    from hrdd.services.users import list_users

    for row in list_users(get_store()):
        if row.username == username and row.active:
            return Actor(row.username, Role(row.role))
    raise NotFound(f"no active user {username!r}")


@click.group()
def grievances() -> None:
    """Grievances raised through the public report page: list, show, encryption keys."""


USER = click.option("--user", "username", required=True,
                    help="Who reads: an active grievance officer (or an approver, for grievances linked to their cases).")


@grievances.command("list")
@USER
@click.option("--state", type=click.Choice([s.value for s in GrievanceState]))
@click.option("--open", "open_only", is_flag=True, help="Only grievances not closed.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 500))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def grievances_list(username: str, state: str | None, open_only: bool, limit: int, fmt: str) -> None:
    """List grievances, oldest first, with their deadlines (overdue ones marked)."""
    from hrdd.services.grievance_office import grievance_dict, list_grievances
    from hrdd.services.store import get_store

    rows, total = list_grievances(get_store(), _officer(username), state=state, open_only=open_only, limit=limit)
    items = [grievance_dict(r) for r in rows]
    if fmt == "json":
        click.echo(json.dumps({"total": total, "grievances": items}, indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo("no grievances")
        return
    for g in items:
        late = f"\tOVERDUE ({g['overdue']})" if g["overdue"] else ""
        click.echo(f"#{g['id']}\t{g['received_at'][:16]}\t{g['state']}\t{g['about']}\t{g['category']}\t"
                   f"acknowledge by {g['acknowledge_due'][:10]}\tfeedback by {g['feedback_due'][:10]}\t"
                   f"{g['case_id'] or '-'}{late}")
    if total > len(items):
        click.echo(f"({len(items)} of {total}; use --limit)", err=True)


@grievances.command("show")
@click.argument("grievance_id", type=click.IntRange(1, 2**31 - 1))
@USER
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def grievances_show(grievance_id: int, username: str, fmt: str) -> None:
    """Show GRIEVANCE_ID: the report, deadlines, messages and attachments."""
    from hrdd.services.grievance_office import grievance_dict, grievance_view
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    view = grievance_view(get_store(), _officer(username), get_settings(), grievance_id)
    data: dict[str, Any] = {**grievance_dict(view.grievance), "description": view.grievance.description,
                            "contact": view.contact, "outcome_note": view.grievance.outcome_note,
                            "messages": [{"from": m.sender, "officer": m.officer, "body": m.body, "feedback": m.feedback,
                                          "sent_at": m.sent_at.isoformat(timespec="seconds")} for m in view.messages],
                            "attachments": [{"id": a.id, "filename": a.filename, "size": a.size}
                                            for a in view.attachments]}
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Grievance {data['id']}: {data['state']}" + (f" ({data['outcome']})" if data["outcome"] else ""))
    for label, key in (("received", "received_at"), ("acknowledge by", "acknowledge_due"),
                       ("acknowledged", "acknowledged_at"), ("feedback by", "feedback_due"),
                       ("feedback given", "feedback_at"), ("overdue", "overdue"), ("about", "about"),
                       ("subject", "subject"), ("country", "country"), ("category", "category"), ("case", "case_id"),
                       ("contact", "contact")):
        if data.get(key):
            click.echo(f"  {label}: {data[key]}")
    click.echo("")
    click.echo(data["description"])
    for a in data["attachments"]:
        click.echo(f"  attachment {a['id']}: {a['filename']} ({a['size']} bytes)")
    for m in data["messages"]:
        who = "reporter" if m["from"] == "reporter" else f"officer {m['officer']}"
        click.echo(f"\n[{m['sent_at']}] {who}{' (feedback)' if m['feedback'] else ''}:\n{m['body']}")
    if data["outcome_note"]:
        click.echo(f"\nOutcome told to the reporter:\n{data['outcome_note']}")


@grievances.command("key")
def grievances_key() -> None:
    """Print a new key for HRDD_GRIEVANCE_KEYS (put it first to rotate, then run `hrdd grievances rotate`)."""
    from hrdd.services.grievance_secrets import new_key

    click.echo(new_key())


@grievances.command("rotate")
@USER
def grievances_rotate(username: str) -> None:
    """Re-encrypt every stored contact under the first key of HRDD_GRIEVANCE_KEYS."""
    from hrdd.services.grievance_office import rotate_contacts
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    done, failed = rotate_contacts(get_store(), _officer(username), get_settings())
    click.echo(f"{done} contact(s) re-encrypted under the first key")
    if failed:
        click.echo(f"{failed} contact(s) could not be opened with any configured key: keep the old key until "
                   "they are", err=True)
        raise click.exceptions.Exit(1)
