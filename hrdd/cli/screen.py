"""``hrdd screen``: screen a name or a CSV batch against the loaded lists; ``hrdd screen-judge``."""

import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from hrdd.model.screening import Hit, Verdict

SCHEMA_CHOICES = ["LegalEntity", "Company", "Organization", "Person"]


def _print_text(hits: list[Hit]) -> None:
    if not hits:
        click.echo("no hits above the alert threshold")
        return
    for i, hit in enumerate(hits, start=1):
        judged = f" [{hit.judgement}]" if hit.judgement else ""
        click.echo(f"{i}. {hit.score:.2f}  {hit.source}:{hit.entry_id}  {hit.name}{judged}")
        if hit.matched_name and hit.matched_name != hit.name:
            click.echo(f"   matched: {hit.matched_name}")
        if hit.topics:
            click.echo(f"   topics: {', '.join(hit.topics)}")
        if hit.programs:
            click.echo(f"   programmes: {', '.join(hit.programs)}")
        click.echo(f"   why: {hit.explanation}")
        if hit.judgement_reason:
            click.echo(f"   judgement: {hit.judgement_reason}")


def _read_batch(path: Path) -> list[tuple[int, str, str | None, str]]:
    """The parties of a CSV or XLSX file (the same reader as the web workbench's, without its
    upload limits): every bad row is named by line and column, and nothing is screened."""
    from hrdd.sources.parties import read_parties

    parties = read_parties(str(path), path.read_bytes(), max_rows=None, max_bytes=None)
    return [(p.line, p.name, p.country, p.schema) for p in parties]


def _run_batch(path: Path, output: Path | None, threshold: float | None, workers: int) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from hrdd.services.screening import open_screener, screen_batch
    from hrdd.services.screening_file import BATCH_FIELDS, PartyLine, hit_row, screen_file

    rows = _read_batch(path)
    open_screener()  # build or load the index before the progress bar starts
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.speed} rows/s"),
               TimeRemainingColumn())
    if output is not None and output.suffix.lower() == ".csv":
        with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:
            task = progress.add_task("screening", total=len(rows))
            summary = screen_file(path, [PartyLine(*row) for row in rows], output, threshold=threshold,
                                  workers=workers, on_progress=lambda done, _: progress.update(task, completed=done))
        resumed = f", resumed after row {summary.resumed_from}" if summary.resumed_from else ""
        click.echo(f"screened {summary.rows} names, {summary.hits} hits ({summary.algorithm}{resumed})", err=True)
        return
    out_rows: list[dict[str, Any]] = []
    with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("screening", total=len(rows))
        results = screen_batch([(name, country, schema) for _, name, country, schema in rows],
                               threshold=threshold, workers=workers,
                               on_progress=lambda n: progress.advance(task, n))
    for (lineno, *_), hits in zip(rows, results, strict=True):
        out_rows.extend(hit_row(hit, lineno) for hit in hits)
    if output is not None and output.suffix.lower() == ".json":
        output.write_text(json.dumps(out_rows, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        fh = output.open("w", newline="", encoding="utf-8") if output else sys.stdout
        try:
            writer = csv.DictWriter(fh, fieldnames=BATCH_FIELDS)
            writer.writeheader()
            writer.writerows(out_rows)
        finally:
            if output:
                fh.close()
    click.echo(f"screened {len(rows)} names, {len(out_rows)} hits", err=True)


@click.command("screen")
@click.argument("name", required=False)
@click.option("--country", help="ISO 3166-1 alpha-2 country of the party (penalises other countries).")
@click.option("--schema", type=click.Choice(SCHEMA_CHOICES), default="LegalEntity", show_default=True,
              help="Kind of party.")
@click.option("--threshold", type=click.FloatRange(0, 1), help="Alert threshold (default: the matcher's).")
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV or XLSX with a name column (and optional country, schema) to screen in bulk.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help=("Batch output file: .csv (written as it goes; a rerun continues where it stopped) or .json "
                    "(default: CSV to stdout)."))
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for --batch.")
@click.option("--lists", "show_lists", is_flag=True,
              help="Show the loaded lists and the index (rebuilt first if the lists changed).")
def screen(name: str | None, country: str | None, schema: str, threshold: float | None, limit: int,
           fmt: str, batch: Path | None, output: Path | None, workers: int, show_lists: bool) -> None:
    """Screen NAME (or a --batch CSV) against the loaded sanctions and export-control lists.

    Prints hits at or above the alert threshold, best first, with the listed name, the name
    or alias that matched, the score, topics and a one-line explanation.
    """
    from hrdd.services.screening import index_status, loaded_lists, screen_name, screen_name_with_related

    if show_lists:
        status = index_status()
        for info in status["lists"]:
            click.echo(f"{info.source}\t{info.title}\tas of {info.as_of or '?'}\t{info.entries} entries")
        click.echo(f"index: {status['entries']} entries, fingerprint {status['fingerprint'] or '-'}, "
                   f"algorithm {status['algorithm'] or '-'}")
        return
    if batch is None and not name:
        raise click.UsageError("give a NAME to screen, or --batch FILE.csv")
    if not loaded_lists():
        # never print "no hits" when nothing was screened: a pipeline would read it as a pass
        raise click.ClickException("no lists are loaded, so nothing was screened; "
                                   "run `hrdd lists update` or `hrdd lists import SOURCE FILE...` first")
    if batch is not None:
        _run_batch(batch, output, threshold, workers)
        return
    assert name is not None  # checked above
    if fmt == "json":  # hits only, as before: a pipeline reads a list of hits
        hits = screen_name(name, country=country, schema=schema, threshold=threshold, limit=limit)
        click.echo(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=1))
    else:
        hits, related = screen_name_with_related(name, country=country, schema=schema, threshold=threshold,
                                                 limit=limit)
        _print_text(hits)
        for hint in related:
            click.echo(f"related (not a hit): {hint.source}:{hint.entry_id}  {hint.name}\n   why: {hint.reason}")


@click.command("screen-judge")
@click.argument("party")
@click.argument("entry_id")
@click.argument("verdict", type=click.Choice([v.value for v in Verdict]))
@click.option("--reason", required=True, help="Why the hit is or is not the party (kept for audit).")
@click.option("--reviewer", default="", help="Who decided.")
def screen_judge(party: str, entry_id: str, verdict: str, reason: str, reviewer: str) -> None:
    """Record a judgement on a hit: PARTY name, list ENTRY_ID ({source}-{id}), match|no_match.

    The judgement is applied to later screenings of the same party and reopened when the list
    entry changes.
    """
    from hrdd.services.judgements import judge

    judgement = judge(party, entry_id, verdict, reason, reviewer=reviewer)
    click.echo(f"recorded {judgement.verdict} for {judgement.entry_id} ({judgement.decided_at})")
