"""``hrdd country CC``: the country context page."""

from pathlib import Path

import click


@click.command("country")
@click.argument("country")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md", "html"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
def country(country: str, fmt: str, output: Path | None) -> None:
    """Show the indicators, sub-scores and trend of COUNTRY (ISO code or English name)."""
    from hrdd.services.countries import render_country

    text = render_country(country, fmt)  # type: ignore[arg-type]  # click.Choice guarantees a Format
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
