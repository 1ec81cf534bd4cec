"""The PDF: WeasyPrint prints the same HTML with the print stylesheet, deterministically."""

import re
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from hrdd.reports.render import render_pdf
from tests.reports.data import load_report

Report = dict[str, Any]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(load_report("do_not_proceed_sanctions_hit"))


def _objects(data: bytes) -> bytes:
    """The PDF's plain objects plus every Flate stream decompressed (metadata, outline, page tree)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_is_a_multi_page_document_titled_after_the_case(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    objects = _objects(pdf)
    title = load_report("do_not_proceed_sanctions_hit")["case"]["title"].encode()
    assert b"/Title (" + title + b" - HRDD report)" in objects
    pages = [int(n) for n in re.findall(rb"/Type /Pages/Kids \[[^\]]*\]/Count (\d+)", objects)]
    assert pages and pages[0] >= 3
    assert b"/StructTreeRoot" in objects  # tagged for screen readers


def test_pdf_outline_has_every_step(pdf: bytes) -> None:
    objects = _objects(pdf)
    for step in load_report("do_not_proceed_sanctions_hit")["steps"]:
        assert f"{step['order']}. {step['title']}".encode() in objects, step["id"]


def test_pdf_is_deterministic(pdf: bytes) -> None:
    assert render_pdf(load_report("do_not_proceed_sanctions_hit")) == pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_holds_the_title_and_hit(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    text = " ".join(text.split())  # the title wraps over two lines on the page
    assert "Lawful interception platform for a national cyber police" in text
    assert "IRANIAN CYBER POLICE" in text and "15766" in text


def test_reused_fonts_print_the_same_pdf_as_fresh_ones(pdf: bytes) -> None:
    """The kept font configuration changes nothing in the output, only the time it takes."""
    from hrdd.reports.pdf import html_to_pdf
    from hrdd.reports.render import render_html

    html = render_html(load_report("do_not_proceed_sanctions_hit"))
    assert html_to_pdf(html, reuse_fonts=False) == pdf == html_to_pdf(html)


def test_one_font_configuration_serves_every_thread_one_pdf_at_a_time(pdf: bytes) -> None:
    import threading

    from hrdd.reports.pdf import font_configuration, html_to_pdf, warm_pdf
    from hrdd.reports.render import render_html

    assert warm_pdf() > 0
    kept = font_configuration()
    html = render_html(load_report("do_not_proceed_sanctions_hit"))
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(html_to_pdf(html))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [pdf] * 3 and font_configuration() is kept
