"""The country page: content checks on one real country, missing data, laws and misuse sections."""

import json
import re
from html.parser import HTMLParser

from hrdd.countries.context import country_context, data_versions, risk_history
from hrdd.model.country import CountryContext, LawOfConcern
from hrdd.model.misuse import MisuseRecord
from hrdd.reports.country import CountryPage, Format, build_country_page, render_country_page, sparkline


def _page(code: str, context: CountryContext | None = None, misuse: tuple[MisuseRecord, ...] = ()) -> CountryPage:
    ctx = context or country_context(code)
    assert ctx is not None
    return build_country_page(ctx, risk_history(ctx.code), data_versions(), misuse, generated_at="2026-01-01")


def test_text_page_for_hungary_shows_figures_scores_and_trend() -> None:
    ctx = country_context("HU")
    assert ctx is not None
    page = build_country_page(ctx, risk_history("HU"), data_versions(), generated_at="2026-01-01T00:00:00")
    text = render_country_page(page, "text")
    assert text.splitlines()[0] == "Hungary (HU) - country context"
    assert f"Overall risk: {ctx.risk:.2f}" in text
    assert "(worsening)" in text if (ctx.trend or 0) >= 0.02 else True
    for sub in ctx.sub_scores:
        assert sub.label in text
    civlib = ctx.figure("vdem.v2x_civlib")
    assert civlib is not None
    line = next(line for line in text.splitlines() if line.strip().startswith("vdem.v2x_civlib"))
    assert f"{civlib.value:.3g}" in line and "2023" in line and "V-Dem v14" in line and "CC BY-SA 4.0" in line
    assert "Sources: vdem v14, wgi 2024" in text
    # Hungary has an authored surveillance-law profile; no misuse records were passed to the page
    assert "Surveillance law" in text and "Documented misuse" not in text


def test_missing_data_reads_no_data_in_every_format() -> None:
    page = _page("AQ")
    formats: tuple[Format, ...] = ("text", "md", "html")
    for fmt in formats:
        out = render_country_page(page, fmt)
        assert "no data" in out
        assert not re.search(r"Overall risk:\s*\**\s*0\.00", out)
    data = json.loads(render_country_page(page, "json"))
    assert data["country"]["risk"] is None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_page_has_trend_charts_and_escapes_text() -> None:
    ctx = country_context("MM")
    assert ctx is not None
    hostile = CountryContext(**{**{f: getattr(ctx, f) for f in ctx.__dataclass_fields__},
                                "oversight_body": "<script>alert(1)</script>"})
    html = render_country_page(_page("MM", hostile), "html")
    parser = _Collector()
    parser.feed(html)
    assert parser.tags.count("svg") >= 1 + 6  # overall + each sub-score with history
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_laws_and_misuse_sections_render_when_present() -> None:
    ctx = country_context("AE")
    assert ctx is not None
    law = LawOfConcern("speech_criminalisation", True, law="Federal Decree-Law 34/2021", year=2021,
                       source_url="https://example.org/law", verified=False)
    with_laws = CountryContext(**{**{f: getattr(ctx, f) for f in ctx.__dataclass_fields__},
                                  "judicial_authorisation": "no", "laws": (law,),
                                  "profile_source": "authored profile"})
    record = MisuseRecord("m1", "Agency X", "AE", "police", "spyware used against a journalist", 2019,
                          (("Report", "https://example.org/report"),))
    md = render_country_page(_page("AE", with_laws, (record,)), "md")
    assert "## Surveillance law" in md and "**Prior judicial authorisation of interception:** no" in md
    assert "| speech_criminalisation | yes (unverified) | Federal Decree-Law 34/2021 | 2021 |" in md
    assert "## Documented misuse" in md and "[Report](https://example.org/report)" in md


def test_sparkline_puts_higher_risk_higher_and_needs_two_points() -> None:
    assert sparkline({2020: 0.5}) == ""
    svg = str(sparkline({2020: 0.0, 2021: 1.0}, width=100, height=20))
    points = re.search(r'points="([^"]+)"', svg)
    assert points is not None
    (x0, y0), (x1, y1) = [tuple(map(float, p.split(","))) for p in points.group(1).split()]
    assert x0 < x1 and y1 < y0  # 1.0 (worst) is drawn above 0.0


def test_sparkline_makes_a_small_change_visible() -> None:
    svg = str(sparkline({2018: 0.34, 2023: 0.38}, width=100, height=40))
    points = re.search(r'points="([^"]+)"', svg)
    assert points is not None
    (_, y0), (_, y1) = [tuple(map(float, p.split(","))) for p in points.group(1).split()]
    assert y0 - y1 > 5  # a 0.04 rise moves the line by more than a few pixels
    assert "2018 0.34" in svg and "2023 0.38" in svg


def test_country_page_shows_the_law_guarantees_with_their_dated_sources() -> None:
    md = render_country_page(_page("HU"), "md")
    assert ("| notification | no | Hungarian law foresees no notification of any kind of section 7/E(3) surveillance"
            in md)
    assert "https://data.guardint.org/en/entity/oowh7z3ffbt3pfja8me0wl8fr?page=45 (2026-12-06)" in md
    assert "| necessity proportionality | not established | Not established:" in md
    html = render_country_page(_page("HU"), "html")
    assert "<h3>Guarantees against abuse</h3>" in html


def test_country_page_lists_primary_sources_apart_from_reporting() -> None:
    from hrdd.countries.misuse import records_for_country

    md = render_country_page(_page("RS", misuse=records_for_country("RS")), "md")
    assert ("Primary sources: A Digital Prison: Surveillance and the Suppression of Civil Society in Serbia "
            "(forensic, not opened). Reporting: [") in md
    ru = render_country_page(_page("RU", misuse=records_for_country("RU")), "md")
    assert "(court)" in ru and "Primary sources: none identified (" in ru
