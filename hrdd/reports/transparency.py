"""Render a transparency report (``hrdd.transparency/1``) as JSON, Markdown, HTML or PDF.

The same dict gives the same bytes: canonical JSON (sorted keys), templates with no timestamps.
The PDF is the HTML printed by the report renderer's WeasyPrint set-up (:mod:`hrdd.reports.pdf`).
"""

import json
from collections.abc import Mapping
from typing import Any

from hrdd.exc import InvalidInput, Problem
from hrdd.reports.render import html_environment, markdown_environment

FORMATS: tuple[str, ...] = ("json", "md", "html", "pdf")


def transparency_json(report: Mapping[str, Any]) -> str:
    """Canonical JSON: indent 2, sorted keys, UTF-8 text, trailing newline (what a snapshot stores)."""
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def transparency_markdown(report: Mapping[str, Any]) -> str:
    return markdown_environment().get_template("transparency.md.j2").render(t=report)


def transparency_html(report: Mapping[str, Any]) -> str:
    """One self-contained page (inline CSS, no script)."""
    return html_environment().get_template("transparency.html.j2").render(t=report)


def transparency_body_html(report: Mapping[str, Any]) -> str:
    """The report's sections without the page around them (the public web page wraps them)."""
    return html_environment().get_template("_transparency_body.html.j2").render(t=report)


def transparency_pdf(report: Mapping[str, Any]) -> bytes:
    from hrdd.reports.pdf import html_to_pdf  # WeasyPrint loads Pango: import only when asked

    return html_to_pdf(transparency_html(report))


def render_transparency(report: Mapping[str, Any], fmt: str) -> str | bytes:
    if fmt == "json":
        return transparency_json(report)
    if fmt == "md":
        return transparency_markdown(report)
    if fmt == "html":
        return transparency_html(report)
    if fmt == "pdf":
        return transparency_pdf(report)
    raise InvalidInput("unknown report format", [Problem("unknown report format", field="format",
                                                         expected=" | ".join(FORMATS), found=repr(fmt))])
