"""``hrdd explain TERM``: the glossary entry for a human-rights or export-control term."""

import click

from hrdd.catalog import default_catalog
from hrdd.catalog.lookup import find_term, suggest_term
from hrdd.cli.catalog import echo_citations, wrap
from hrdd.exc import InvalidInput, Problem


@click.command("explain")
@click.argument("term", nargs=-1, required=True)
def explain(term: tuple[str, ...]) -> None:
    """Explain TERM (glossary id, term or alias; case-insensitive), e.g. `hrdd explain leverage`."""
    text = " ".join(term)
    catalog = default_catalog()
    found = find_term(catalog, text)
    if found is None:
        raise InvalidInput(f"no glossary entry for {text!r}", [Problem(
            "unknown term", field="term", found=text, suggestion=suggest_term(catalog, text))])
    click.echo(found.title)
    if found.aliases:
        click.echo("also: " + ", ".join(found.aliases))
    click.echo("\n" + wrap(found.explanation))
    echo_citations(catalog, found.citations, "Sources")
    if found.reconstructed:
        click.echo("\n[R] reconstructed: not verified against an official text")
