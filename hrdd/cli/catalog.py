"""``hrdd catalog``: list, show and validate the catalogue (shipped files plus overlays)."""

import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from hrdd.catalog import Catalog, default_catalog, load_catalog
from hrdd.catalog.lookup import CITATIONS, ITEM_KINDS, Match, find_items, framework_clauses, suggest_ref
from hrdd.catalog.spec import Provenance
from hrdd.exc import InvalidInput, Problem

PROVENANCE: dict[Provenance, str] = {
    "T": "seen in the document's own text",
    "S": "seen in a secondary summary",
    "R": "reconstructed, not verified against the text",
    "I": "inference by the project",
}


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A rich table on a terminal, aligned plain text otherwise (pipes, files, tests)."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def _column(kind: str, item: Any) -> str:
    """The kind-specific column of ``catalog list``."""
    match kind:
        case "capabilities":
            return str(item.category) + (", covert" if item.covert else "")
        case "features":
            u = item.uplift
            return f"uplift {u.scale}/{u.scope}/{u.irremediability}" + (", covert" if item.covert else "")
        case "sectors":
            return f"likelihood {item.likelihood:+g}" + (", security body" if item.security_body else "")
        case "purposes":
            return f"{item.risk} risk, likelihood {item.likelihood:+g}"
        case "end_user_kinds":
            return ("in scope" if item.in_scope else "out of scope") + f", likelihood {item.likelihood:+g}"
        case "scales":
            return f"scope {item.scope}"
        case "intermediary_roles":
            return f"likelihood {item.likelihood:g}"
        case "rights":
            return "; ".join(item.instruments)
        case "facts":
            stop = ", hard stop" if item.hard_stop else ""
            return f"{item.step}: true {item.likelihood_true:g} / unknown {item.likelihood_unknown:g}{stop}"
        case "derived_flags":
            return f"{item.step}: likelihood {item.likelihood:g}" + (", hard stop" if item.hard_stop else "")
        case "safeguards":
            return f"{item.kind}, reduction {item.reduction:g}"
        case "clauses":
            return str(item.safeguard)
        case "laws_of_concern":
            return str(item.number)
        case "embargoes":
            stop = ", hard stop" if item.hard_stop else ""
            bound = f", prohibited for {'/'.join(item.prohibited_for)}" if item.prohibited_for else ""
            ban = ", monitoring-equipment ban" if item.monitoring_equipment_ban else ""
            where = item.country + (f" ({', '.join(item.regions)})" if item.regions else "")
            return f"{where} {item.regime}{stop}{bound}{ban}, as of {item.as_of}"
        case "frameworks":
            return f"{len(item.clauses)} clauses"
        case "steps":
            return str(item.order)
        case "glossary":
            return ", ".join(item.aliases)
        case _:
            return item.provenance if kind == CITATIONS else ""


def _rows(catalog: Catalog, kind: str) -> list[list[str]]:
    if kind == CITATIONS:
        return [[c.id, c.label, _column(kind, c)] for c in framework_clauses(catalog).values()]
    return [[key, getattr(item, "title", ""), _column(kind, item)] for key, item in catalog.kind(kind).items()]


@click.group("catalog")
def catalog() -> None:
    """Browse and validate the catalogue of capabilities, red flags, safeguards and frameworks."""


@catalog.command("list")
@click.argument("kind", required=False, type=click.Choice([*ITEM_KINDS, CITATIONS]))
def list_items(kind: str | None) -> None:
    """List the items of KIND (id, title and a kind-specific column), or a count per kind."""
    cat = default_catalog()
    if kind is None:
        rows = [[k, str(len(_rows(cat, k)))] for k in (*ITEM_KINDS, CITATIONS)]
        print_table(["kind", "items"], rows)
        click.echo(f"catalogue {cat.version}")
        return
    headers = {CITATIONS: ["id", "label", "provenance"]}.get(kind, ["id", "title", _HEADER.get(kind, "")])
    print_table(headers, _rows(cat, kind))


_HEADER = {
    "capabilities": "category", "features": "severity uplift", "sectors": "weight", "purposes": "risk",
    "end_user_kinds": "scope", "scales": "UNGP scope", "intermediary_roles": "diversion weight",
    "rights": "instruments", "facts": "step and weights", "derived_flags": "step and weight",
    "safeguards": "kind and reduction", "clauses": "safeguard", "laws_of_concern": "number",
    "embargoes": "destination and regime", "frameworks": "clauses", "steps": "order", "glossary": "aliases",
}


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), width=96, initial_indent=indent, subsequent_indent=indent)


def echo_citations(catalog: Catalog, citations: Sequence[str], heading: str = "Citations") -> None:
    if not citations:
        return
    click.echo(f"\n{heading}:")
    clauses = framework_clauses(catalog)
    for cid in citations:
        c = clauses[cid]
        tag = f"[{c.provenance}]"
        click.echo(f"  {c.label} - {c.title} {tag} ({cid})")
        if c.url:
            click.echo(f"      {c.url}")


def _format_value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_format_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_format_value(v) for v in value) or "-"
    return str(value)


_SKIP = {"id", "title", "explanation", "citations", "reconstructed", "text", "clauses", "when",
         "ungp", "oecd", "eu_2024_2659", "dihr"}


def echo_item(catalog: Catalog, match: Match) -> None:
    item = match.item
    assert isinstance(item, BaseModel)
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    key = match.ref.partition(":")[2]
    click.echo(f"{key}  ({match.kind})")
    click.echo(data.get("title") or data.get("label", ""))
    if match.kind == CITATIONS:
        framework = next(f for f in catalog.frameworks.values() if item in f.clauses)
        click.echo(wrap(data["summary"], "  "))
        click.echo(f"\nFramework: {framework.title} ({framework.id})")
        click.echo(f"\nProvenance: [{data['provenance']}] {PROVENANCE[data['provenance']]}")
        if data.get("url"):
            click.echo(f"URL: {data['url']}")
        return
    if data.get("explanation"):
        click.echo("\n" + wrap(data["explanation"]))
    if data.get("text"):
        click.echo("\nModel clause:\n" + wrap(data["text"], "  "))
    click.echo("")
    for name, value in data.items():
        if name not in _SKIP and name not in ("label", "summary"):
            click.echo(f"{name}: {_format_value(value)}")
    if "when" in data:
        import json

        click.echo(f"when: {json.dumps(data['when'], ensure_ascii=False)}")
    if match.kind == "frameworks":
        click.echo(f"clauses: {', '.join(c['id'] for c in data['clauses'])}")
    for name, heading in (("ungp", "UNGPs"), ("oecd", "OECD"), ("eu_2024_2659", "EU 2024/2659"),
                          ("dihr", "DIHR HRIA")):
        echo_citations(catalog, data.get(name, ()), heading)
    echo_citations(catalog, data.get("citations", ()))
    origin = catalog.origins.get(match.ref, "")
    reconstructed = " [R] reconstructed: not verified against an official text" if data.get(
        "reconstructed") else ""
    click.echo(f"\nSource: {origin}{reconstructed}")


@catalog.command("show")
@click.argument("ref")
def show(ref: str) -> None:
    """Show one item: REF is an id of any kind, or KIND:ID when an id exists in several kinds."""
    cat = default_catalog()
    matches = find_items(cat, ref)
    if not matches:
        raise InvalidInput(f"no catalogue item {ref!r}", [Problem(
            "unknown catalogue id", field="ref", found=ref, suggestion=suggest_ref(cat, ref))])
    if len(matches) > 1:
        refs = ", ".join(m.ref for m in matches)
        raise InvalidInput(f"{ref!r} is ambiguous: use one of {refs}")
    echo_item(cat, matches[0])


@catalog.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Validate the shipped catalogue plus overlay directories or files given as PATHS.

    Exits 0 with a count per kind when valid, 2 listing every problem (file, line, item, field).
    """
    cat = load_catalog(paths)
    counts = {k: len(cat.kind(k)) for k in ITEM_KINDS}
    total = sum(counts.values()) + 1
    click.echo(f"catalogue {cat.version} is valid: {total} items")
    click.echo(", ".join(f"{k} {n}" for k, n in counts.items()) + ", policy 1")
    click.echo(f"framework clauses {len(framework_clauses(cat))}")
    if paths:
        click.echo("overlays: " + ", ".join(str(p) for p in paths))
