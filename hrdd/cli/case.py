"""``hrdd case …``: read the revisions of a stored case and what changed between two of them.

Like ``hrdd user`` and ``hrdd audit``, these commands open the configured database directly
(whoever runs them can read it anyway); they read, never change.
"""

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from hrdd.services.permissions import Actor


def _reader() -> "Actor":
    from hrdd.services.permissions import Actor, Role

    return Actor("cli", Role.AUDITOR)


@click.group()
def case() -> None:
    """Revisions of stored cases."""


@case.command("revisions")
@click.argument("case_id")
def case_revisions(case_id: str) -> None:
    """List the revisions of CASE_ID: number, time, author, text hash, reason."""
    from hrdd.services.revisions import list_revisions
    from hrdd.services.store import get_store

    for r in list_revisions(get_store(), _reader(), case_id):
        click.echo(f"{r.number}\t{r.created_at.isoformat(timespec='seconds')}\t{r.author}\t{r.sha256[:12]}\t{r.reason}")


@case.command("diff")
@click.argument("case_id")
@click.argument("old", type=click.IntRange(min=1))
@click.argument("new", type=click.IntRange(min=1))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def case_diff(case_id: str, old: int, new: int, fmt: str) -> None:
    """What changed in CASE_ID from revision OLD to revision NEW: the top-level fields, then a
    unified diff of the case text."""
    from hrdd.services.revisions import diff_revisions
    from hrdd.services.store import get_store

    found = diff_revisions(get_store(), _reader(), case_id, old, new)
    if fmt == "json":
        click.echo(json.dumps({"case_id": case_id, "old": old, "new": new, "fields": found.fields,
                               "diff": found.text}, indent=2))
        return
    click.echo(f"{case_id}: revision {old} ({found.old.author}) -> revision {new} ({found.new.author}: "
               f"{found.new.reason})")
    click.echo(f"fields changed: {', '.join(found.fields) or 'none'}")
    click.echo(found.text, nl=False)
