"""``hrdd lists``: import, update and inspect the sanctions-list snapshots used for screening."""

from pathlib import Path

import click

from hrdd.services import lists as service


def _print_report(report: service.ImportReport) -> None:
    click.echo(
        f"{report.source}: {report.entries} entries ({report.entities} entities) as of {report.as_of} "
        f"[{report.as_of_basis}], {report.rejected} rejected of {report.records} records, "
        f"{report.seconds:.2f}s"
    )
    click.echo(f"  version {report.version}: {report.added} added, {report.changed} changed, "
               f"{report.removed} removed")
    for kind, count in sorted(report.warnings.items()):
        click.echo(f"  note: {count} x {kind}")
    for problem in report.problems[:10]:
        click.echo(f"  - {problem}", err=True)


@click.group(name="lists")
def lists() -> None:
    """Sanctions and restricted-party lists: import files, download updates, show status."""


@lists.command(name="import")
@click.argument("source")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", help="Publisher's date (YYYY-MM-DD) when the files carry none.")
def import_cmd(source: str, paths: tuple[Path, ...], as_of: str | None) -> None:
    """Import list files for SOURCE (e.g. ofac-sdn sdn.csv add.csv alt.csv sdn_comments.csv)."""
    _print_report(service.import_list(source, list(paths), as_of=as_of))
    _build_index()
    _rescreen()


@lists.command(name="update")
@click.argument("sources", nargs=-1)
@click.option("--progress/--no-progress", default=True, help="Show a download progress bar on stderr.")
@click.option("--mirror", hidden=True, help="Fetch <mirror>/<file> instead of the official URLs (tests).")
def update_cmd(sources: tuple[str, ...], progress: bool, mirror: str | None) -> None:
    """Download SOURCES (default: all with download URLs) from the publishers and swap them in."""
    for report in service.update_lists(list(sources), progress=progress, mirror=mirror):
        _print_report(report)
    _build_index()
    _rescreen()


def _rescreen() -> None:
    """Re-screen the monitored cases against what changed: queued for the workers on PostgreSQL,
    done now on SQLite."""
    from hrdd.jobs.worker import queue_or_run
    from hrdd.settings import get_settings

    queue_or_run(get_settings())


def _build_index() -> None:
    """Rebuild the screening index now, so the next screening does not wait for it."""
    from hrdd.services.screening import open_screener

    screener = open_screener()
    if screener is not None:
        click.echo(f"screening index ready: {screener.index.count()} names", err=True)


@lists.command(name="status")
def status_cmd() -> None:
    """Show the loaded lists: source, as-of date, entries, rejected records, load time."""
    from rich.console import Console
    from rich.table import Table

    infos = service.list_status()
    if not infos:
        click.echo("no lists loaded; run `hrdd lists update` or `hrdd lists import SOURCE FILE...`")
        return
    table = Table("source", "as of", "entries", "rejected", "loaded at")
    for info in infos:
        manifest = service.list_manifest(info.source)
        table.add_row(info.source, info.as_of, str(info.entries), str(manifest.get("rejected", 0)),
                      info.loaded_at)
    Console(width=120).print(table)
