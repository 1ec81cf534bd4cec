"""Render a report dict (``hrdd.report/1``) as JSON, Markdown, HTML or PDF.

Renderers read the report dict only; ``hrdd.reports.build`` produces it. The same dict gives
the same bytes: no timestamps, no random ids, stable order. Templates are package data
loaded with ``StrictUndefined``, so a template that reads a field the view does not define
fails loudly instead of printing nothing.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined

from hrdd.exc import InvalidInput, Problem
from hrdd.reports.check import check_report
from hrdd.reports.grid import grid_alternative, grid_rows
from hrdd.reports.markup import finalize_markdown, is_http_url, md_code, md_link, md_quote, md_raw
from hrdd.reports.summary import render_summary
from hrdd.reports.svg import render_grid
from hrdd.reports.view import ESCALATIONS, build_view
from hrdd.version import __version__


class Renderer(Protocol):
    """Turns a report dict into one document: text for JSON/Markdown/HTML, bytes for PDF."""

    def __call__(self, report: Mapping[str, Any], /) -> str | bytes: ...


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def render_json(report: Mapping[str, Any]) -> str:
    """Canonical JSON: indent 2, sorted keys, UTF-8 text, trailing newline."""
    check_report(report)
    try:
        body = json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False,
                          default=_json_default)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("the report holds a value JSON cannot carry",
                           [Problem(str(exc), expected="JSON values (no NaN, no infinity, no objects)")]) from exc
    return body + "\n"


def _common_globals() -> dict[str, Any]:
    return {"hrdd_version": __version__, "render_grid": render_grid, "grid_alternative": grid_alternative,
            "grid_rows": grid_rows, "escalation_meaning": lambda kind: ESCALATIONS.get(kind, kind)}


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hrdd.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["http_url"] = is_http_url
    env.globals.update(_common_globals())
    return env


@cache
def markdown_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hrdd.reports", "templates"),
        autoescape=False,  # Markdown escaping is done by finalize_markdown on every expression
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize_markdown,
    )
    env.tests["http_url"] = is_http_url
    env.filters.update(code=md_code, link=md_link, quote=md_quote, raw=md_raw)
    env.globals.update(_common_globals())
    return env


def render_markdown(report: Mapping[str, Any]) -> str:
    """A Markdown document with the same sections as the HTML report."""
    return markdown_environment().get_template("report.md.j2").render(r=build_view(report))


def render_html(report: Mapping[str, Any]) -> str:
    """One self-contained, print-friendly, autoescaped HTML page (inline CSS and SVG, no script)."""
    return html_environment().get_template("report.html.j2").render(r=build_view(report))


def render_pdf(report: Mapping[str, Any]) -> bytes:
    """The HTML report printed to PDF by WeasyPrint (see :mod:`hrdd.reports.pdf`)."""
    from hrdd.reports.pdf import html_to_pdf  # WeasyPrint loads Pango: import only when asked

    return html_to_pdf(render_html(report))


RENDERERS: dict[str, Renderer] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "pdf": render_pdf,
}

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}

SUFFIXES: dict[str, str] = {"json": ".json", "md": ".md", "html": ".html", "pdf": ".pdf"}


def render(report: Mapping[str, Any], fmt: str) -> str | bytes:
    """Render ``report`` in format ``fmt`` (one of :data:`RENDERERS`)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise InvalidInput("unknown report format", [Problem(
            "unknown report format", field="format", expected=" | ".join(RENDERERS), found=repr(fmt))])
    return renderer(report)


__all__ = [
    "MEDIA_TYPES", "RENDERERS", "SUFFIXES", "Renderer", "render", "render_html", "render_json",
    "render_markdown", "render_pdf", "render_summary",
]
