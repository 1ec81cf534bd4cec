"""Country use cases: the context of a destination and its rendered page."""

from dataclasses import dataclass
from typing import get_args

from markupsafe import Markup

from hrdd.catalog.spec import EmbargoRegime
from hrdd.countries.context import country_context, data_versions, risk_history
from hrdd.countries.iso import country_name, normalise_country, suggest_country
from hrdd.countries.misuse import misuse_records, records_for_country
from hrdd.exc import NotFound, Problem
from hrdd.model.country import CountryContext
from hrdd.reports.country import (
    CountryPage,
    Format,
    Prohibition,
    build_country_page,
    render_country_fragment,
    render_country_page,
)
from hrdd.settings import Settings


def get_country_context(code: str, settings: Settings | None = None) -> CountryContext:
    """The country context; raises NotFound (with a "did you mean") for an unknown country."""
    found = country_context(code, settings)
    if found is None:
        suggestion = suggest_country(code)
        raise NotFound(f"unknown country {code!r}", [Problem(
            "unknown country", field="COUNTRY", expected="an ISO 3166-1 code or an English country name",
            found=code, suggestion=f"{suggestion} ({country_name(suggestion)})" if suggestion else None)])
    return found


def render_country(code: str, fmt: Format = "text", settings: Settings | None = None,
                   context: CountryContext | None = None) -> str:
    """The country page in ``fmt``: figures, sub-scores, trend, surveillance laws, misuse records."""
    return render_country_page(country_page(code, settings, context), fmt)


def country_page(code: str, settings: Settings | None = None, context: CountryContext | None = None) -> CountryPage:
    """The page data (also what the API returns as JSON)."""
    ctx = context or get_country_context(code, settings)
    return build_country_page(ctx, risk_history(ctx.code, settings), data_versions(settings),
                              misuse=records_for_country(ctx.code), prohibitions=prohibitions_for(ctx.code))


def country_page_html(code: str, settings: Settings | None = None) -> tuple[CountryPage, Markup]:
    """The page data and its HTML body, for the web UI."""
    page = country_page(code, settings)
    return page, render_country_fragment(page)


def prohibitions_for(code: str) -> tuple[Prohibition, ...]:
    """Every embargo or restrictive measure the catalogue records on the country, strictest first."""
    from hrdd.catalog import default_catalog

    order = {regime: n for n, regime in enumerate(get_args(EmbargoRegime))}
    found = [e for e in default_catalog().embargoes.values() if e.country == code.upper()]
    found.sort(key=lambda e: (not e.hard_stop, not e.prohibited_for, order.get(e.regime, 9), e.id))
    return tuple(Prohibition(title=e.title, regime=e.regime, authorities=tuple(e.authorities),
                             explanation=e.explanation, as_of=e.as_of.isoformat(), source_url=e.source_url,
                             hard_stop=e.hard_stop, monitoring_equipment_ban=e.monitoring_equipment_ban,
                             prohibited_for=tuple(e.prohibited_for), regions=tuple(e.regions))
                 for e in found)


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """A row of the country index: what the project holds on the country."""

    code: str
    name: str
    law_profile: bool
    misuse_records: int
    prohibitions: int


def country_index() -> list[CountryEntry]:
    """Countries with a law profile, a misuse record or an embargo, by name."""
    from hrdd.catalog import default_catalog
    from hrdd.countries.laws import all_law_profiles

    profiles = all_law_profiles()
    misuse: dict[str, int] = {}
    for record in misuse_records():
        misuse[record.country] = misuse.get(record.country, 0) + 1
    embargoes: dict[str, int] = {}
    for e in default_catalog().embargoes.values():
        embargoes[e.country] = embargoes.get(e.country, 0) + 1
    codes = set(profiles) | set(misuse) | set(embargoes)
    entries = [CountryEntry(code, country_name(code), code in profiles, misuse.get(code, 0), embargoes.get(code, 0))
               for code in codes]
    return sorted(entries, key=lambda e: e.name)


def find_country(text: str) -> str:
    """The ISO code for a code or an English name; NotFound with a suggestion otherwise."""
    code = normalise_country(text)
    if code is None:
        get_country_context(text)  # raises NotFound with the suggestion
        raise NotFound(f"unknown country {text!r}")  # pragma: no cover - get_country_context raised
    return code
