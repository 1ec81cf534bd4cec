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
``warm_pdf`` lays out a one-line document at service start so that the first report does not
pay for loading WeasyPrint, Pango, fontconfig and the fonts.
"""

import threading
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


def html_to_pdf(html: str, *, reuse_fonts: bool = True) -> bytes:
    """PDF bytes of a self-contained HTML document. ``reuse_fonts=False`` lays it out with a fresh
    font configuration, as WeasyPrint does by default (the benchmark's baseline)."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    document = HTML(string=html, url_fetcher=_refuse_fetch)
    with _lock:
        options: dict[str, Any] = {"font_config": font_configuration()} if reuse_fonts else {}
        pdf = document.write_pdf(pdf_tags=True, **options)
    if not isinstance(pdf, bytes):  # write_pdf returns bytes when no target is given
        raise TypeError("WeasyPrint returned no PDF bytes")
    return pdf


WARM_HTML = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>warm-up</title>'
             '<style>body { font-family: "DejaVu Sans", Arial, sans-serif; }</style></head>'
             "<body><h1>hrdd</h1><p>Warm-up <strong>report</strong> text.</p></body></html>")


def warm_pdf() -> int:
    """Load WeasyPrint, Pango and the report's fonts by laying out a tiny document; its size."""
    return len(html_to_pdf(WARM_HTML))
