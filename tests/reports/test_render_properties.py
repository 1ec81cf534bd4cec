"""Properties over arbitrary user text: it always prints literally, never as markup."""

from html import unescape
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hrdd.reports.render import render_html, render_markdown
from tests.reports.data import load_report

TEXT = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60).filter(
    lambda s: bool(s.strip()))
BASE = load_report("escalate_not_screened")


class _FirstHeading(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: str | None = None
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "h1" and self.text is None
        if self._inside:
            self.text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside and self.text is not None:
            self.text += data


def _with_title(title: str) -> dict[str, Any]:
    return {**BASE, "case": {**BASE["case"], "title": title}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_html_title_prints_exactly_the_text_given(title: str) -> None:
    parser = _FirstHeading()
    parser.feed(render_html(_with_title(title)))
    assert parser.text == title


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_markdown_title_reads_back_as_the_same_text(title: str) -> None:
    html = MarkdownIt("commonmark").render(render_markdown(_with_title(title)).split("\n", 1)[0])
    assert html.startswith("<h1>") and html.endswith("</h1>\n")
    inner = html[len("<h1>"):-len("</h1>\n")]
    assert "<" not in inner  # no tag, only text
    assert " ".join(unescape(inner).split()) == " ".join(title.split())
