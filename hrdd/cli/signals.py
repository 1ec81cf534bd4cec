"""``hrdd signals`` (record and list post-sale signals) and ``hrdd reassess`` (re-assess decided cases)."""

import json

import click

from hrdd.cli.alerts import _actor
from hrdd.model.signal import SEVERITIES


@click.group()
def signals() -> None:
    """Post-sale signals on engagements: record and list them."""


@signals.command("add")
@click.argument("case_id")
@click.option("--kind", required=True, help="A kind of signal_kinds.yaml (misuse_report, end_user_change, …).")
@click.option("--description", required=True, help="What happened.")
@click.option("--source", required=True, help="Where it comes from: a report, a URL, a document.")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Default: the kind's.")
@click.option("--user", "username", required=True, help="Who records it (an active analyst or admin).")
def signals_add(case_id: str, kind: str, description: str, source: str, severity: str | None, username: str) -> None:
    """Record a signal on CASE_ID (approved, active or suspended), then re-assess the case."""
    from hrdd.jobs.worker import after_signal
    from hrdd.services.signals import SignalInput, proposed_responses, record_signal
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    row = record_signal(get_store(), _actor(username), case_id, SignalInput(
        kind=kind, description=description, source=source, severity=severity))
    click.echo(f"signal {row.id} recorded on {case_id}: {row.kind}, severity {row.severity}")
    for response in proposed_responses(row.kind, row.severity):
        click.echo(f"  proposed: {response['title']} - {response['explanation']}")
    after_signal(get_settings(), case_id)


@signals.command("list")
@click.argument("case_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def signals_list(case_id: str, fmt: str) -> None:
    """The signals of CASE_ID, oldest first."""
    from hrdd.services.signals import list_signals, signal_dict
    from hrdd.services.store import get_store

    found = [signal_dict(s) for s in list_signals(get_store(), _actor(None), case_id)]
    if fmt == "json":
        click.echo(json.dumps({"signals": found}, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("no signals")
    for s in found:
        responses = ", ".join(r["id"] for r in s["responses"])
        click.echo(f"#{s['id']}\t{s['recorded_at']}\t{s['kind']}\t{s['severity']}\t{s['recorded_by']}\t"
                   f"flags: {', '.join(s['flags'])}\tproposed: {responses}")


@click.command()
@click.option("--case", "case_id", help="Re-assess this decided case now (default: every case that is due).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def reassess(case_id: str | None, fmt: str) -> None:
    """Re-assess decided cases whose data versions changed or that have new signals."""
    from hrdd.services.reassess import reassess_case, reassess_due
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    settings = get_settings()
    store = get_store(settings)
    done = [reassess_case(store, settings, case_id, trigger="manual")] if case_id else reassess_due(store, settings)
    rows = [{"case_id": o.reassessment.case_id, "reassessment": o.reassessment.id, "new": o.created,
             "recommendation": o.reassessment.recommendation, "moved": o.reassessment.moved, "alert": o.alert_id}
            for o in done]
    if fmt == "json":
        click.echo(json.dumps({"reassessments": rows}, indent=2))
        return
    if not rows:
        click.echo("nothing to re-assess")
    for r in rows:
        what = "moved: alert " + str(r["alert"]) if r["moved"] else "unchanged"
        click.echo(f"{r['case_id']}\tre-assessment {r['reassessment']}{'' if r['new'] else ' (already done)'}\t"
                   f"{r['recommendation']}\t{what}")
