"""Print the HTML report to PDF with WeasyPrint.

The PDF is the HTML report with its print stylesheet (A4, page numbers, no colour needed):
one source, two media. Output is deterministic for the same HTML: WeasyPrint writes no
creation date unless the document asks for one, and the report never does. The document is
tagged (``pdf_tags``) so screen readers get headings and tables. Nothing is fetched: the
report is self-contained, and a URL fetcher that refuses every request makes sure a link in
user text can never pull a remote resource into the PDF.

Speed: WeasyPrint makes a new font configuration (a Pango font map, with every font it loads
and measures) for each document unless it is given one. The process keeps one here and lays
PDFs out one at a time with it (a lock: Pango font maps are not made for concurrent use, and
layout holds the interpreter lock anyway, so concurrent PDFs would only interleave), so fonts
are loaded once per process, not once per PDF (``bench/pdf.py`` prints both side by side).
``warm_pdf`` lays out a one-page document built like a report (the report's stylesheets, every
font face and kind of box a report uses) at service start, so that the first report does not pay
for loading WeasyPrint, Pango, fontconfig and the fonts, nor for WeasyPrint's first pass through
its table, grid, flex, SVG and page-margin code (``bench/pdf.py`` prints the first PDF after this
warm-up and after the one-line one used before). The garbage collector is paused while a PDF is
laid out (``_collector_paused``): that, not fonts, is what the warm PDFs still had to gain.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from hrdd.exc import InvalidInput, Problem

_lock = threading.Lock()
_fonts: Any = None


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise InvalidInput("a report must not load external resources",
                       [Problem("external resource in report HTML", expected="no external resources",
                                found=url[:80])])


def font_configuration() -> Any:
    """The process's WeasyPrint font configuration, made on first use and then kept (use it under
    the lock, as ``html_to_pdf`` does)."""
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration  # WeasyPrint loads Pango at import time

        _fonts = FontConfiguration()
    return _fonts


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Python's cyclic garbage collector off while a PDF is laid out, then one collection of the
    youngest generation (where everything the layout made and dropped is). Layout allocates
    hundreds of thousands of boxes and style objects; with the collector on, each burst of them
    sets off a collection, and every few of those walk the whole heap of the process. Memory grows
    by what one PDF allocates (about 40 MB for a 35-page report) until the collection after it."""
    enabled = pause and gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def html_to_pdf(html: str, *, reuse_fonts: bool = True, pause_gc: bool = True) -> bytes:
    """PDF bytes of a self-contained HTML document. ``reuse_fonts=False`` lays it out with a fresh
    font configuration, as WeasyPrint does by default, and ``pause_gc=False`` with the garbage
    collector running throughout (the benchmark's baselines)."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    document = HTML(string=html, url_fetcher=_refuse_fetch)
    with _lock, _collector_paused(pause_gc):
        options: dict[str, Any] = {"font_config": font_configuration()} if reuse_fonts else {}
        pdf = document.write_pdf(pdf_tags=True, **options)
    if not isinstance(pdf, bytes):  # write_pdf returns bytes when no target is given
        raise TypeError("WeasyPrint returned no PDF bytes")
    return pdf


WARM_HTML = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>warm-up</title>'
             '<style>body { font-family: "DejaVu Sans", Arial, sans-serif; }</style></head>'
             "<body><h1>hrdd</h1><p>Warm-up <strong>report</strong> text.</p></body></html>")

# A page built like a report: the report's own stylesheets and one of each kind of box a report
# lays out (headings, bold, italic and monospace text, a table with a repeated header row, a
# fixed-layout evidence table, lists, the grid of the metadata, a flex figure with an inline SVG,
# page-margin boxes counting pages), so that warming it loads every font face and runs every
# layout path the first real report would otherwise pay for.
_WARM_BODY = """<body><p class="kicker">Warm-up</p><h1>hrdd report</h1>
<dl class="meta"><dt>Case</dt><dd>WARM-0001</dd><dt>Revision</dt><dd>1</dd></dl>
<div class="decision rec-escalate"><p class="value">Escalate</p><p><em>why</em> <code class="hash">0f1e2d</code></p></div>
<p class="warning">Warning</p><p class="note">Note</p>
<h2>Summary</h2><figure class="grid-figure"><svg role="img" width="60" height="20" viewBox="0 0 60 20">
<title>chart</title><rect x="0" y="0" width="30" height="20" fill="#1f4e79"/><text x="32" y="14">1</text></svg>
<figcaption><ul class="legend"><li><span class="swatch"></span> low</li></ul></figcaption></figure>
<section class="step"><h3>1. Step <span class="level level-high">High</span></h3>
<div class="finding"><h4><span class="level level-low">Low</span> Finding</h4><p>Text with <strong>bold</strong>,
<i>italic</i> and <a href="#x">a link</a>.</p>
<table class="evidence"><thead><tr><th scope="col">Source</th><th scope="col">As of</th><th scope="col">Value</th></tr>
</thead><tbody><tr><td>List</td><td>2026-01-01</td><td>entries: 10</td></tr></tbody></table>
<p class="citations">Cites: UNGP 17</p><blockquote class="clause">Clause</blockquote></div></section>
<section id="decision"><h2>Decision record</h2><table><thead><tr><th scope="col">Outcome</th><th scope="col">Proposed</th>
</tr></thead><tbody><tr><th scope="row">proceed</th><td>analyst<br><span class="muted">2026-01-01</span></td></tr>
</tbody></table><ol><li>One</li></ol></section><footer>hrdd</footer></body>"""


def report_warm_html() -> str:
    """The warm-up page: :data:`_WARM_BODY` styled by the report's stylesheets."""
    from hrdd.reports.render import html_environment

    env = html_environment()
    assert env.loader is not None
    css = "\n".join(env.loader.get_source(env, name)[0] for name in ("report.css", "decision.css"))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>warm-up</title>'
            f"<style>{css}</style></head>{_WARM_BODY}</html>")


def warm_pdf(html: str | None = None) -> int:
    """Load WeasyPrint, Pango and the report's font faces, and run the layout code a report uses, by
    laying out a one-page document built like a report (``html``: another page to warm with, such
    as :data:`WARM_HTML`, the one-line page used before); returns the PDF's size."""
    return len(html_to_pdf(html if html is not None else report_warm_html()))
