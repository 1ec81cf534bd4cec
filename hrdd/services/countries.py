"""Country use cases: the context of a destination and its rendered page."""

from hrdd.countries.context import country_context, data_versions, risk_history
from hrdd.countries.iso import country_name, suggest_country
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
    """The country page in ``fmt``; ``context`` lets a caller pass a context with laws merged in."""
    ctx = context or get_country_context(code, settings)
    page = build_country_page(ctx, risk_history(ctx.code, settings), data_versions(settings))
    return render_country_page(page, fmt)
