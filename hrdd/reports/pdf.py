"""Print the HTML report to PDF with WeasyPrint.

The PDF is the HTML report with its print stylesheet (A4, page numbers, no colour needed):
one source, two media. Output is deterministic for the same HTML: WeasyPrint writes no
creation date unless the document asks for one, and the report never does. The document is
tagged (``pdf_tags``) so screen readers get headings and tables. Nothing is fetched: the
report is self-contained, and a URL fetcher that refuses every request makes sure a link in
user text can never pull a remote resource into the PDF.
"""

from typing import NoReturn

from hrdd.exc import InvalidInput, Problem


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise InvalidInput("a report must not load external resources",
                       [Problem("external resource in report HTML", expected="no external resources",
                                found=url[:80])])


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a self-contained HTML document."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    document = HTML(string=html, url_fetcher=_refuse_fetch)
    pdf = document.write_pdf(pdf_tags=True)
    if not isinstance(pdf, bytes):  # write_pdf returns bytes when no target is given
        raise TypeError("WeasyPrint returned no PDF bytes")
    return pdf
