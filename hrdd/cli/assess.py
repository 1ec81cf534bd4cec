"""``hrdd assess``, ``hrdd questions`` and ``hrdd init``."""

import json
import sys
from pathlib import Path

import click

from hrdd.model import Recommendation

FORMATS = ("text", "json", "md", "html", "pdf")


@click.command()
@click.argument("case_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text prints a summary; json follows hrdd.report/1.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--no-screen", is_flag=True, help="Do not screen the parties even when lists are loaded.")
@click.option("--fail-on", type=click.Choice(["escalate", "do_not_proceed"]),
              help="Exit with code 3 when the recommendation is this one or stricter (for pipelines).")
def assess(case_file: Path, fmt: str, output: Path | None, no_screen: bool, fail_on: str | None) -> None:
    """Assess CASE_FILE and print or write the due-diligence report."""
    from hrdd.reports.render import RENDERERS, render_summary
    from hrdd.services.assessments import assess_file

    run = assess_file(case_file, screen=not no_screen)
    if fmt == "text":
        _emit(render_summary(run.report), output)
    elif fmt == "pdf":
        if output is None:
            raise click.UsageError("--format pdf needs -o FILE")
        _emit(RENDERERS["pdf"](run.report), output)
    else:
        _emit(RENDERERS[fmt](run.report), output)
    if output is not None:
        click.echo(f"{run.report['recommendation']}: report written to {output}", err=True)
    order = [r.value for r in Recommendation]  # the enum lists them mildest first
    if fail_on and order.index(run.report["recommendation"]) >= order.index(fail_on):
        sys.exit(3)


@click.command()
@click.argument("case_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def questions(case_file: Path, fmt: str) -> None:
    """The questions to put to the customer for CASE_FILE (unknown facts, missing fields)."""
    from hrdd.services.assessments import assess_file

    run = assess_file(case_file)
    asked: list[str] = list(run.report["questions"])
    if fmt == "json":
        click.echo(json.dumps({"case": run.report["case"], "questions": asked}, indent=2, ensure_ascii=False))
        return
    if not asked:
        click.echo("No open questions: every fact that matters is answered.")
    for n, question in enumerate(asked, 1):
        click.echo(f"{n}. {question}")


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: Path | None, force: bool) -> None:
    """Write a commented template case file to PATH (or print it)."""
    from hrdd.casefile import case_template
    from hrdd.catalog import default_catalog

    text = case_template(default_catalog())
    if path is None:
        click.echo(text, nl=False)
        return
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; use --force to overwrite it")
    path.write_text(text, encoding="utf-8")
    click.echo(f"template written to {path}; fill it in, then run: hrdd assess {path}", err=True)


def _emit(content: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            click.echo(content, nl=not content.endswith("\n"))
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
