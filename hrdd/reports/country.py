"""The country page: indicators with year, source and licence; sub-scores; trend; laws; misuse.

:func:`build_country_page` assembles the data (pure); :func:`render_country_page` renders it as
text, JSON, Markdown or HTML (with small inline-SVG trend charts). Missing data reads
"no data", never zero.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from hrdd.model.country import CountryContext
from hrdd.model.misuse import MisuseRecord

Format = Literal["text", "json", "md", "html"]
FORMATS: tuple[str, ...] = ("text", "json", "md", "html")
NO_DATA = "no data"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STABLE_BAND = 0.02  # a trend within ±0.02 reads as "little change"
MIN_SPAN = 0.2  # smallest risk range a trend chart spans


@dataclass(frozen=True, slots=True)
class Prohibition:
    """An embargo or restrictive measure on the country, as the catalogue cites it."""

    title: str
    regime: str
    authorities: tuple[str, ...]
    explanation: str
    as_of: str
    source_url: str
    hard_stop: bool
    monitoring_equipment_ban: bool = False
    prohibited_for: tuple[str, ...] = ()  # seller jurisdictions for which it is a prohibition
    regions: tuple[str, ...] = ()  # territories it covers (rigour codes); empty: the whole country


@dataclass(frozen=True, slots=True)
class CountryPage:
    context: CountryContext
    history: Mapping[str, Mapping[int, float]]  # "overall" and sub-score keys -> year -> risk
    versions: tuple[tuple[str, str], ...]
    misuse: tuple[MisuseRecord, ...] = ()
    generated_at: str = ""
    prohibitions: tuple[Prohibition, ...] = ()


def build_country_page(context: CountryContext, history: Mapping[str, Mapping[int, float]],
                       versions: Sequence[tuple[str, str]], misuse: Sequence[MisuseRecord] = (),
                       generated_at: str | None = None, prohibitions: Sequence[Prohibition] = ()) -> CountryPage:
    stamp = generated_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    return CountryPage(context, {k: dict(sorted(v.items())) for k, v in history.items()}, tuple(versions),
                       tuple(misuse), stamp, tuple(prohibitions))


def page_to_dict(page: CountryPage) -> dict[str, Any]:
    return {
        "country": asdict(page.context),
        "history": {k: {str(y): v for y, v in years.items()} for k, years in page.history.items()},
        "data_versions": [list(v) for v in page.versions],
        "misuse": [asdict(m) for m in page.misuse],
        "prohibitions": [asdict(p) for p in page.prohibitions],
        "generated_at": page.generated_at,
    }


def fmt_number(value: float | None, digits: int = 2) -> str:
    return NO_DATA if value is None else f"{value:.{digits}f}"


def fmt_value(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return f"{value:.0f}" if float(value).is_integer() and abs(value) >= 1 else f"{value:.3g}"


def describe_trend(trend: float | None) -> str:
    if trend is None:
        return NO_DATA
    if abs(trend) < STABLE_BAND:
        return f"{trend:+.2f} (little change)"
    return f"{trend:+.2f} ({'worsening' if trend > 0 else 'improving'})"


def sparkline(points: Mapping[int, float], width: int = 160, height: int = 36, label: str = "") -> Markup:
    """An inline SVG line of risk over years (higher is worse); empty text for fewer than 2 points."""
    if len(points) < 2:
        return Markup("")
    years = sorted(points)
    first, last = years[0], years[-1]
    pad = 3.0
    # the vertical range follows the data (at least 0.2 wide) so that a change of a few
    # hundredths stays visible; the title gives the values
    low, high = min(points.values()), max(points.values())
    span = max(MIN_SPAN, high - low + 0.1)
    floor = max(0.0, min((low + high - span) / 2, 1.0 - span))

    def x(year: int) -> float:
        return pad + (width - 2 * pad) * (year - first) / (last - first)

    def y(risk: float) -> float:
        share = (min(1.0, max(0.0, risk)) - floor) / span
        return pad + (height - 2 * pad) * (1.0 - share)

    coords = " ".join(f"{x(yr):.1f},{y(points[yr]):.1f}" for yr in years)
    title = f"{label} risk {first}-{last}: " + ", ".join(f"{yr} {points[yr]:.2f}" for yr in years)
    end_x, end_y = x(last), y(points[last])
    return Markup(
        '<svg class="spark" role="img" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}"><title>{t}</title>'
        '<line x1="0" y1="{mid}" x2="{w}" y2="{mid}" stroke="#ddd" stroke-width="1"/>'
        '<polyline fill="none" stroke="#b03a2e" stroke-width="2" points="{p}"/>'
        '<circle cx="{ex:.1f}" cy="{ey:.1f}" r="2.5" fill="#b03a2e"/></svg>'
    ).format(w=width, h=height, t=title, mid=height / 2, p=coords, ex=end_x, ey=end_y)


def risk_bar(risk: float | None, label: str = "", width: int = 80, height: int = 10) -> Markup:
    """A small horizontal bar of a 0-1 risk reading (longer is worse); empty text without data."""
    if risk is None:
        return Markup("")
    share = min(1.0, max(0.0, risk))
    return Markup(
        '<svg class="bar" role="img" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}"><title>{t}</title>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#eee"/>'
        '<rect x="0" y="0" width="{f:.1f}" height="{h}" fill="#b03a2e"/></svg>'
    ).format(w=width, h=height, f=width * share, t=f"{label} risk {share:.2f} of 1")


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_number
    env.filters["value"] = fmt_value
    env.globals["describe_trend"] = describe_trend
    env.globals["sparkline"] = sparkline
    env.globals["risk_bar"] = risk_bar
    env.globals["NO_DATA"] = NO_DATA
    return env


def render_country_page(page: CountryPage, fmt: Format = "text") -> str:
    if fmt == "json":
        return json.dumps(page_to_dict(page), ensure_ascii=False, indent=2) + "\n"
    template = {"text": "country.txt.j2", "md": "country.md.j2", "html": "country.html.j2"}[fmt]
    return _render(page, template, autoescape=fmt == "html")


def render_country_fragment(page: CountryPage) -> Markup:
    """The HTML page's body alone, for the web UI to place inside its own layout."""
    return Markup(_render(page, "_country_body.html.j2", autoescape=True))  # autoescaped template


def _render(page: CountryPage, template: str, *, autoescape: bool) -> str:
    env = _environment(autoescape=autoescape)
    ctx = page.context
    used_in: dict[str, list[str]] = {}
    for sub in ctx.sub_scores:
        for key in sub.figures:
            used_in.setdefault(key, []).append(sub.key)
    return env.get_template(template).render(
        page=page, ctx=ctx, figures=sorted(ctx.figures, key=lambda f: (f.source, f.key)),
        used_in=used_in, history=page.history,
        sources=sorted({(f.source, f.licence, f.url or "") for f in ctx.figures}),
    )
