"""The HTML report: safe with hostile text, self-contained, complete and accessible."""

import re
from html.parser import HTMLParser
from typing import Any

from hrdd.reports.render import render_html

Report = dict[str, Any]
SCRIPT = '<script>alert("x")</script>'


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and the text of headings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._in_heading = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"h1", "h2", "h3", "h4"}:
            self._in_heading += 1
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4"}:
            self._in_heading -= 1

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[-1] += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_script_in_user_text_is_escaped_everywhere(sanctions_hit: Report) -> None:
    sanctions_hit["case"]["title"] = SCRIPT
    sanctions_hit["findings"][0]["explanation"] = f"note {SCRIPT}"
    sanctions_hit["screening"]["hits"][0]["query"] = f'"><img src=x onerror=alert(1)>{SCRIPT}'
    sanctions_hit["questions"].append(SCRIPT)
    html = render_html(sanctions_hit)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    tags = _parse(html).tags
    assert not [t for t, _ in tags if t in {"script", "img", "iframe", "object"}]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]


def test_only_http_links_are_printed_as_links(escalate: Report) -> None:
    escalate["findings"][0]["evidence"][0]["url"] = "javascript:alert(1)"
    escalate["findings"][0]["evidence"][0]["source"] = "crafted source"
    html = render_html(escalate)
    hrefs = [attrs["href"] or "" for tag, attrs in _parse(html).tags if tag == "a"]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert "crafted source" in html
    assert "https://www.v-dem.net/data/the-v-dem-dataset/" in hrefs


def test_page_is_self_contained_without_script(named_report: tuple[str, Report]) -> None:
    _, report = named_report
    html = render_html(report)
    tags = _parse(html).tags
    assert not [t for t, _ in tags if t in {"script", "link", "img", "iframe"}]
    assert not [attrs for _, attrs in tags if attrs.get("src")]
    assert "@import" not in html and "url(" not in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html


def test_executive_summary_comes_first_and_names_the_recommendation(escalate: Report) -> None:
    html = render_html(escalate)
    headings = [h.strip() for h in _parse(html).headings]
    assert headings[0] == escalate["case"]["title"]
    assert headings[1] == "Executive summary"
    summary = html[html.index('id="summary"'):html.index('id="scope"')]
    assert "Escalate" in summary and "71</strong>/100" in summary and "48</strong>/100" in summary
    for question in escalate["questions"]:
        assert question in summary
    for condition in escalate["conditions_detail"]:
        assert condition["title"] in summary


def test_grid_is_inline_svg_with_both_positions_and_text_alternative(escalate: Report) -> None:
    html = render_html(escalate)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="cell ') == 25
    assert 'class="marker marker-i"' in svg and 'class="marker marker-r"' in svg
    assert "Inherent risk is high, 71/100: severity 4 of 5, likelihood 4 of 5." in html
    assert "Residual risk is medium, 48/100: severity 4 of 5, likelihood 3 of 5." in html


def test_every_step_and_finding_is_named_with_its_evidence(named_report: tuple[str, Report]) -> None:
    _, report = named_report
    headings = [h.strip() for h in _parse(render_html(report)).headings]
    for number, step in enumerate(report["steps"], start=1):
        assert any(h.startswith(f"{number}. {step['title']}") for h in headings), step["id"]
    html = render_html(report)
    for finding in report["findings"]:
        assert any(h.endswith(finding["title"]) for h in headings), finding["id"]
        for evidence in finding["evidence"]:
            assert evidence["source"] in html and evidence["as_of"] in html


def test_levels_are_written_as_words_not_only_colours(sanctions_hit: Report) -> None:
    html = render_html(sanctions_hit)
    badges = re.findall(r'<span class="level level-(\w+)">([^<]*)</span>', html)
    assert badges and all(label.lower() == level for level, label in badges)
    assert "<strong>Present</strong>" in html and "<strong>Unknown</strong>" in html


def test_tables_have_header_cells(sanctions_hit: Report) -> None:
    html = render_html(sanctions_hit)
    tables = re.findall(r"<table.*?</table>", html, flags=re.DOTALL)
    assert len(tables) >= 5
    for table in tables:
        assert "<th scope=" in table


def test_screening_not_done_is_said_plainly(escalate: Report) -> None:
    html = render_html(escalate)
    section = html[html.index('id="screening"'):html.index('id="conditions"')]
    assert "Screening was not done" in section and 'role="alert"' in section
    assert "<table" not in section


def test_hit_shows_source_entry_name_score_topics_and_why(sanctions_hit: Report) -> None:
    html = render_html(sanctions_hit)
    section = html[html.index('id="screening"'):html.index('id="conditions"')]
    hit = sanctions_hit["screening"]["hits"][0]
    for value in (hit["source"], hit["entry_id"], hit["name"], "1.00", "sanction", "IRAN-TRA", "FATA POLICE"):
        assert value in section
    assert "Exact match of the screened name on the entry&#39;s listed alias" in section
    for item in sanctions_hit["screening"]["lists"]:
        assert item["as_of"] in section
    assert "15,443" in section


def test_conditions_print_their_clause_text(escalate: Report) -> None:
    html = render_html(escalate)
    section = html[html.index('id="conditions"'):html.index('id="questions"')]
    for detail in escalate["conditions_detail"]:
        assert detail["title"] in section
        if "clause_text" in detail:
            assert detail["clause_text"] in section and detail["clause_title"] in section


def test_country_figures_show_year_and_source_and_missing_reads_missing(escalate: Report) -> None:
    html = render_html(escalate)
    section = html[html.index('id="country"'):html.index('id="versions"')]
    assert "<td>Liberal democracy index</td><td>0.692</td>" in section
    assert "2023" in section and "V-Dem v14" in section and "World Bank WGI 2024" in section
    assert "<td>Freedom in the World, total score</td><td>missing</td>" in section


def test_versions_and_disclaimer_are_printed(named_report: tuple[str, Report]) -> None:
    _, report = named_report
    html = render_html(report)
    section = html[html.index('id="versions"'):]
    assert "decision support, not a legal determination" in section
    assert f"<td>hrdd</td><td>{report['versions']['hrdd']}</td>" in section
    assert "<td>catalog</td>" in section


def test_out_of_scope_report_says_so_without_risk(out_of_scope: Report) -> None:
    html = render_html(out_of_scope)
    assert "out of scope" in html.lower()
    for reason in out_of_scope["scope"]["reasons"]:
        assert reason in html
    assert html.count("Not assessed") == 2
    assert "Risk was not assessed, so there is no severity by likelihood grid." in html
    assert 'class="marker' not in html


def test_optional_fields_may_all_be_absent(escalate: Report) -> None:
    for key in ("confidence", "country", "conditions_detail", "recommendation_reasons", "projected_residual_risk",
                "hard_stops", "safeguards"):
        escalate.pop(key)
    escalate["inherent_risk"] = {k: escalate["inherent_risk"][k] for k in ("level", "score", "likelihood")}
    escalate["inherent_risk"]["severity"] = {"scale": 4, "scope": 4, "irremediability": 3}
    escalate["residual_risk"] = {"level": "medium", "score": 48}
    html = render_html(escalate)
    assert 'id="country"' not in html and 'id="contributions"' not in html
    assert "Human rights clause" in html  # the condition id, humanised, when no title is given
