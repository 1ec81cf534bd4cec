"""Country use cases: the context of a destination and its rendered page."""

from typing import Any

from hrdd.countries.context import country_context, data_versions, risk_history
from hrdd.countries.iso import country_name, suggest_country
from hrdd.countries.misuse import records_for_country
from hrdd.exc import NotFound, Problem
from hrdd.model.country import CountryContext
from hrdd.reports.country import Format, build_country_page, render_country_page
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


def country_page(code: str, settings: Settings | None = None, context: CountryContext | None = None) -> Any:
    """The page data (also what the API returns as JSON)."""
    ctx = context or get_country_context(code, settings)
    return build_country_page(ctx, risk_history(ctx.code, settings), data_versions(settings),
                              misuse=records_for_country(ctx.code))
