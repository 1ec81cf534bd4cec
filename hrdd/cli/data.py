"""``hrdd data``: build the shipped baseline, import, update and list country-indicator data."""

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from hrdd.exc import InvalidInput, Problem


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            problems.append(Problem("not SOURCE=VALUE", field=option, expected="SOURCE=VALUE", found=value))
            continue
        found[key.strip().lower()] = rest.strip()
    if problems:
        raise InvalidInput(f"bad {option} value", problems)
    return found


@click.group("data")
def data() -> None:
    """Country-indicator data: the shipped baseline and the sources you import."""


@data.command("build-baseline")
@click.option("--from", "from_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder with iso_country_codes/, vdem*/ and wgi*/ (like the shared public data folder).")
@click.option("--to", "to_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write iso.json and baseline.json here instead of into the installed package.")
def build_baseline_command(from_dir: Path, to_dir: Path | None) -> None:
    """Regenerate the shipped country tables (iso.json, baseline.json) from V-Dem, WGI and ISO files."""
    from hrdd.services.data import build_baseline_files

    summary = build_baseline_files(from_dir, to_dir)
    click.echo(f"wrote {summary['iso']['path']} ({summary['iso']['countries']} countries)")
    click.echo(f"wrote {summary['baseline']['path']}")
    for sid, info in summary["baseline"]["sources"].items():
        click.echo(f"  {sid} {info['version']}: {info['countries']} countries, years "
                   f"{'-'.join(map(str, info['years']))}, {info['rows_read']} rows read, "
                   f"{info['rows_rejected']} rejected (reasons recorded in the file)")


def _print_report(report: object) -> None:
    from hrdd.services.data import ImportReport

    assert isinstance(report, ImportReport)
    years = "-".join(str(y) for y in report.years) or "none"
    click.echo(f"{report.source}: {report.name} {report.version} - {report.countries} countries, years {years}, "
               f"{report.rows_read} rows read, {report.rows_rejected} rejected; licence {report.licence}")
    for problem in report.problems:
        click.echo(f"  rejected: {problem}", err=True)
    hidden = report.problem_count - len(report.problems)
    if hidden > 0:
        click.echo(f"  ... and {hidden} more problems (hrdd data status --problems {report.source})", err=True)


@data.command("import")
@click.argument("source")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def import_command(source: str, paths: tuple[Path, ...]) -> None:
    """Import SOURCE from the files you downloaded (CSV, XLSX, JSON or the publisher's ZIP).

    Sources: vdem, wgi, fh_fiw, rsf, civicus, keepiton, netsweeper, hrps. The previous data of
    the source is replaced only if the new files import cleanly.
    """
    from hrdd.services.data import import_source

    _print_report(import_source(source, list(paths)))


@data.command("update")
@click.argument("sources", nargs=-1)
@click.option("--url", "urls", multiple=True, metavar="SOURCE=URL", help="Download SOURCE from URL instead.")
@click.option("--sha256", "digests", multiple=True, metavar="SOURCE=HEX", help="Expected SHA-256 of the download.")
def update_command(sources: tuple[str, ...], urls: tuple[str, ...], digests: tuple[str, ...]) -> None:
    """Download openly licensed SOURCES (default: all that have an official address) and import them.

    Licence-restricted sources (Freedom House, RSF, CIVICUS, #KeepItOn, Netsweeper) are refused:
    download them yourself and use ``hrdd data import``.
    """
    from hrdd.services.data import update_sources

    def progress(source: str, done: int, total: int | None) -> None:
        size = f"{done / 1e6:.1f} MB" + (f" of {total / 1e6:.1f} MB" if total else "")
        click.echo(f"\r{source}: {size}", nl=False, err=True)

    reports = update_sources(list(sources), urls=_pairs(urls, "--url"), sha256=_pairs(digests, "--sha256"),
                             progress=progress if sys.stderr.isatty() else None)
    for report in reports:
        click.echo("", err=True) if sys.stderr.isatty() else None
        _print_report(report)


@data.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--problems", "problems_of", metavar="SOURCE", default=None,
              help="List every rejected row of an imported SOURCE.")
def status_command(fmt: str, problems_of: str | None) -> None:
    """Show each data source: version, years, licence and when it was loaded."""
    from hrdd.services.data import data_status, import_problems

    if problems_of:
        for problem in import_problems(problems_of):
            click.echo(str(problem))
        return
    rows = data_status()
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=2))
        return
    for r in rows:
        years = "-".join(str(y) for y in r.years) or "?"
        loaded = r.loaded_at or "shipped"
        state = "" if r.in_use else "  (replaced by your import)"
        click.echo(f"{r.source:<11} {r.name} {r.version}  years {years}  {r.countries} countries  "
                   f"licence: {r.licence}  loaded: {loaded}{state}")
