"""Escaping for the Markdown renderer, and the URL rule both renderers share.

Report text comes from user input (case titles, party names, notes). In HTML, Jinja's
autoescape handles it. Markdown has no autoescape, so the Markdown environment runs every
``{{ … }}`` through :func:`finalize_markdown`: text is escaped unless a filter here built it
and marked it :class:`MarkdownText`. A case title such as ``<script>`` or ``[x](javascript:…)``
therefore prints as literal characters when the Markdown is later turned into HTML.
"""

import re
from urllib.parse import urlsplit

from hrdd.reports.vocab import text

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that start
# markup inside a line (emphasis, code, links, raw HTML, tables, entities, headings).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


class MarkdownText(str):
    """Markdown produced by a filter here: already escaped, printed as is."""

    __slots__ = ()


def is_http_url(value: object) -> bool:
    """True for absolute http(s) URLs: the only links a report prints (no ``javascript:``)."""
    if not isinstance(value, str) or not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def escape_markdown(value: object) -> str:
    """One line of literal text: newlines folded, markup characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", _NEWLINES.sub(" ", text(value)).strip())


def finalize_markdown(value: object) -> str:
    return value if isinstance(value, MarkdownText) else escape_markdown(value)


def md_raw(value: object) -> MarkdownText:
    """Mark the output of a template macro as Markdown: its own expressions were escaped already."""
    return MarkdownText(text(value))


def md_code(value: object) -> MarkdownText:
    """Inline code span, fenced with more backticks than the value holds."""
    body = _NEWLINES.sub(" ", text(value))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return MarkdownText(f"{fence}{pad}{body}{pad}{fence}")


def md_link(label: object, url: object) -> MarkdownText:
    """A link when ``url`` is http(s); otherwise the escaped label alone."""
    if not is_http_url(url):
        return MarkdownText(escape_markdown(label))
    target = str(url).strip().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return MarkdownText(f"[{escape_markdown(label)}](<{target}>)")


def md_quote(value: object) -> MarkdownText:
    """A block quote, one escaped line per paragraph of the original text."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text(value)) if p.strip()]
    return MarkdownText("\n>\n".join(f"> {escape_markdown(p)}" for p in paragraphs))
