"""The country context the assessment engine reads: figures, sub-scores, overall risk, trend.

Figures come from the shipped baseline (V-Dem, WGI) and from what the user imported with
``hrdd data import``; an imported source replaces the baseline's copy of the same source.
Law fields stay empty here: the surveillance-law profiles are merged in by the caller.
"""

from dataclasses import dataclass

from hrdd.countries.baseline import load_baseline
from hrdd.countries.imported import load_imported
from hrdd.countries.iso import get_country, normalise_country
from hrdd.countries.laws import law_profile, with_law_profile
from hrdd.countries.subscores import OVERALL_METHOD, compute_subscores, overall_risk, risk_trend
from hrdd.countries.tables import SourceTable
from hrdd.model.country import CountryContext, Figure
from hrdd.settings import Settings, get_settings

TREND_YEARS = 5
MAX_AGE = 5  # a figure older than this (vs the country's newest index figure) is shown but not scored


@dataclass(frozen=True, slots=True)
class _Series:
    table: SourceTable
    key: str
    years: dict[int, float]


def source_tables(settings: Settings | None = None) -> dict[str, SourceTable]:
    """Baseline tables overridden, source by source, by the user's imports."""
    settings = settings or get_settings()
    return {**load_baseline(), **load_imported(settings.data_dir)}


def data_versions(settings: Settings | None = None) -> tuple[tuple[str, str], ...]:
    """(source id, version) of every source in use, e.g. ("vdem", "v14"), ("wgi", "2024")."""
    return tuple(sorted((sid, t.info.version) for sid, t in source_tables(settings).items()))


def _series(code: str, tables: dict[str, SourceTable]) -> list[_Series]:
    found: list[_Series] = []
    for _, table in sorted(tables.items()):
        for key, years in table.values.get(code, {}).items():
            if years and key in table.indicators:
                found.append(_Series(table, key, years))
    return found


def _readings_at(series: list[_Series], year_of: dict[str, int]) -> dict[str, float | None]:
    return {s.key: s.table.indicators[s.key].risk(s.years.get(year_of[s.key])) for s in series
            if s.key in year_of}


def country_context(code: str, settings: Settings | None = None) -> CountryContext | None:
    """The context of a country (code or name); None when the country is unknown.

    A known country without data gets a context with no figures and ``risk`` None.
    """
    alpha2 = normalise_country(code)
    country = get_country(alpha2) if alpha2 else None
    if country is None:
        return None
    series = _series(country.alpha2, source_tables(settings))
    figures: list[Figure] = []
    latest: dict[str, int] = {}
    for s in series:
        indicator = s.table.indicators[s.key]
        year = max(s.years)
        value = s.years[year]
        latest[s.key] = year
        info = s.table.info
        figures.append(Figure(
            key=s.key, label=indicator.label, value=value, scale=indicator.scale, year=year,
            source=f"{info.name} {info.version}".strip(), licence=info.licence, risk=indicator.risk(value),
            url=info.url))
    measured = [y for s in series for y in [latest[s.key]] if s.table.indicators[s.key].curve == "linear"]
    reference = max(measured) if measured else max(latest.values(), default=0)
    scored = {k: y for k, y in latest.items() if y >= reference - MAX_AGE}
    now = _readings_at(series, scored)
    then = _readings_at(series, {k: y - TREND_YEARS for k, y in scored.items()})
    sub_scores = compute_subscores(now)
    context = CountryContext(
        code=country.alpha2,
        name=country.name,
        figures=tuple(figures),
        sub_scores=sub_scores,
        risk=overall_risk(sub_scores),
        risk_method=OVERALL_METHOD,
        trend=risk_trend(now, then),
    )
    profile = law_profile(country.alpha2)
    return with_law_profile(context, profile) if profile is not None else context


def risk_history(code: str, settings: Settings | None = None) -> dict[str, dict[int, float]]:
    """Sub-score and overall risk per year ("overall" and each sub-score key -> year -> risk).

    Each year uses the figures published for that year; years without any figure are absent.
    """
    alpha2 = normalise_country(code)
    if alpha2 is None:
        return {}
    series = _series(alpha2, source_tables(settings))
    years = sorted({y for s in series for y in s.years if s.table.indicators[s.key].curve == "linear"})
    history: dict[str, dict[int, float]] = {}
    for year in years:
        readings = {s.key: s.table.indicators[s.key].risk(s.years.get(year)) for s in series
                    if s.table.indicators[s.key].curve == "linear"}
        subs = compute_subscores(readings)
        for sub in subs:
            if sub.risk is not None:
                history.setdefault(sub.key, {})[year] = sub.risk
        overall = overall_risk(subs)
        if overall is not None:
            history.setdefault("overall", {})[year] = overall
    return history
