"""Assess a case: gather its context (country, screening, misuse records), run the engine,
build the report. The CLI, the API and the web UI all call these functions."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrdd.assess import Assessment, assess
from hrdd.casefile import load_case
from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.logs import get_logger
from hrdd.model import AssessmentContext, Case, CountryContext, ScreeningOutcome
from hrdd.model.signal import Signal
from hrdd.reports.build import build_report
from hrdd.settings import Settings, get_settings

log = get_logger(__name__)


@dataclass(frozen=True)
class AssessmentRun:
    case: Case
    assessment: Assessment
    report: dict[str, Any]


def context_versions(country: CountryContext | None, settings: Settings) -> list[tuple[str, str]]:
    """The versions of the data behind a case's context besides the lists: country indicators, the
    country's law profile and the misuse records (``report.versions.data``)."""
    from hrdd.countries.context import data_versions
    from hrdd.countries.misuse import misuse_version

    versions = list(data_versions(settings))
    if country is not None and country.profile_as_of:
        versions.append(("law_profile", f"{country.code} {country.profile_as_of}"))
    versions.append(("misuse_records", misuse_version()))
    return versions


def gather_context(case: Case, settings: Settings, *, screen: bool = True,
                   signals: tuple[Signal, ...] = ()) -> AssessmentContext:
    """Everything the engine reads besides the case: each piece from its own service (``signals``:
    the post-sale signals recorded on a stored case)."""
    from hrdd.countries.context import country_context
    from hrdd.countries.misuse_match import match_misuse

    country = country_context(case.end_user.country, settings)
    others = tuple(
        ctx for code in sorted({i.country for i in case.intermediaries if i.country} - {case.end_user.country})
        if (ctx := country_context(code, settings)) is not None
    )
    screening = ScreeningOutcome(performed=False)
    if screen:
        from hrdd.services.screening import screen_case

        screening = screen_case(case, settings)
    misuse = match_misuse(case.end_user.name, case.end_user.country, parent=case.end_user.parent,
                          aliases=case.end_user.aliases)
    versions = context_versions(country, settings)
    versions += [(f"list:{info.source}", info.as_of) for info in screening.lists]
    if screening.performed:
        versions.append(("screening", screening.algorithm))
    return AssessmentContext(country=country, other_countries=others, screening=screening, misuse=misuse,
                             data_versions=tuple(versions), signals=signals)


def assess_case(case: Case, *, settings: Settings | None = None, catalog: Catalog | None = None,
                screen: bool = True, signals: tuple[Signal, ...] = ()) -> AssessmentRun:
    settings = settings or get_settings()
    catalog = catalog or default_catalog()
    context = gather_context(case, settings, screen=screen, signals=signals)
    assessment = assess(case, catalog, context)
    report = build_report(assessment)
    log.info("case assessed", extra={"ctx": {"case_id": case.id, "recommendation": report["recommendation"],
                                             "catalog": catalog.version}})
    return AssessmentRun(case=case, assessment=assessment, report=report)


def load_case_file(path: Path, *, today: dt.date | None = None) -> Case:
    return load_case(path, default_catalog(), today=today)


def assess_file(path: Path, *, settings: Settings | None = None, screen: bool = True,
                today: dt.date | None = None) -> AssessmentRun:
    return assess_case(load_case_file(path, today=today), settings=settings, screen=screen)
