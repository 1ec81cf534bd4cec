"""Markdown escaping: user text never becomes markup, links only for http(s)."""

import re
from typing import Any

import pytest

from hrdd.reports.markup import escape_markdown, is_http_url, md_code, md_link, md_quote
from hrdd.reports.render import render_markdown

Report = dict[str, Any]


@pytest.mark.parametrize("url, expected", [
    ("https://www.v-dem.net/data/", True),
    ("http://example.org", True),
    ("javascript:alert(1)", False),
    ("data:text/html,<b>x</b>", False),
    ("//example.org/x", False),
    ("https://", False),
    ("", False),
    (None, False),
])
def test_only_absolute_http_urls_count_as_links(url: object, expected: bool) -> None:
    assert is_http_url(url) is expected


def test_escape_turns_markup_characters_into_literals() -> None:
    assert escape_markdown("<b>*bold* [x](javascript:y) | a_b`c`</b>") == (
        r"\<b\>\*bold\* \[x\](javascript:y) \| a\_b\`c\`\</b\>")
    assert escape_markdown("two\nlines\r\n  here") == "two lines here"


def test_code_span_fence_is_longer_than_any_backtick_run() -> None:
    assert md_code("a`b") == "``a`b``"
    assert md_code("plain_id") == "`plain_id`"


def test_link_drops_unsafe_targets_and_escapes_labels() -> None:
    assert md_link("V-Dem [v14]", "https://v-dem.net/a b") == r"[V-Dem \[v14\]](<https://v-dem.net/a%20b>)"
    assert md_link("click", "javascript:alert(1)") == "click"


def test_quote_keeps_paragraphs() -> None:
    assert md_quote("First *one*.\n\nSecond.") == "> First \\*one\\*.\n>\n> Second."


def test_markdown_report_escapes_hostile_title(escalate: Report) -> None:
    escalate["case"]["title"] = "<script>alert(1)</script> [click](javascript:alert(2))"
    escalate["findings"][1]["evidence"][0]["url"] = "javascript:alert(3)"
    md = render_markdown(escalate)
    assert "<script>" not in md
    assert re.search(r"(?<!\\)\]\(javascript", md) is None  # no unescaped link to javascript:
    assert md.startswith(r"# \<script\>alert(1)\</script\> \[click\](javascript:alert(2))")


def test_markdown_table_cells_cannot_break_the_table(escalate: Report) -> None:
    flag = next(f for f in escalate["red_flags"] if f["id"] == "end_user_record_of_misuse")
    flag["title"] = "a | b\nc"
    flag["explanation"] = "x |y"
    md = render_markdown(escalate)
    row = next(line for line in md.splitlines() if line.startswith("| a "))
    assert row == (r"| a \| b c | **Unknown** (matters) | Review the end user's human-rights record | x \|y |")


def test_markdown_has_every_section(sanctions_hit: Report) -> None:
    md = render_markdown(sanctions_hit)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Executive summary", "## Scope", "## Due diligence steps", "## Red flags",
        "## Restricted-party screening", "## Conditions before proceeding", "## Open questions",
        "## Country context: Iran (IR)", "## How the score was built", "## Versions and sources",
    ]
    for step in sanctions_hit["steps"]:
        assert f"{step['order']}. {step['title']}" in md.replace("\\", "")
    assert "| **5** |  |  |  |  | I R P |" in md


def test_markdown_turned_into_html_carries_no_markup_from_user_text(sanctions_hit: Report) -> None:
    from markdown_it import MarkdownIt  # CommonMark, installed with rich

    hostile = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) *em* `code`'
    sanctions_hit["case"]["title"] = hostile
    sanctions_hit["findings"][0]["explanation"] = hostile
    sanctions_hit["screening"]["hits"][0]["query"] = hostile
    sanctions_hit["red_flags"][0]["title"] = hostile
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(sanctions_hit))
    assert "<script" not in html and "<img" not in html and "<em>em</em>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://ofac.treasury.gov/' in html  # real links still work
