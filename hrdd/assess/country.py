"""Findings of the ``country_laws`` step, and the country figures the report shows."""

from hrdd.assess.findings import flag_findings, level_from_risk, make_finding
from hrdd.assess.result import CountrySummary, EvidenceItem, Finding, FlagResult
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, CountryContext, RiskLevel

STEP = "country_laws"
WORSENING = 0.05  # a five-year rise in country risk at least this large is a finding


def summarise_country(context: AssessmentContext) -> CountrySummary | None:
    country = context.country
    if country is None:
        return None
    figures = tuple((f.key, f.label, f.value, f.year, f.source) for f in sorted(country.figures, key=lambda f: f.key))
    laws = tuple((law.category, law.applies, law.law, law.year, law.source_url)
                 for law in sorted(country.laws, key=lambda law: (law.category, law.law)))
    return CountrySummary(code=country.code, name=country.name, risk=country.risk, risk_method=country.risk_method,
                          trend=country.trend, judicial_authorisation=country.judicial_authorisation,
                          figures=figures, laws=laws, guarantees=country.guarantees, profile_source=country.profile_source,
                          profile_as_of=country.profile_as_of)


def _figure_evidence(country: CountryContext) -> list[EvidenceItem]:
    return [EvidenceItem(source=f.source, as_of=str(f.year) if f.year else "unknown",
                         value=f"{f.label}: {'missing' if f.value is None else f'{f.value:g}'} ({f.scale})",
                         url=f.url)
            for f in sorted(country.figures, key=lambda f: f.key)]


def country_findings(case: Case, catalog: Catalog, context: AssessmentContext,
                     flags: tuple[FlagResult, ...]) -> list[Finding]:
    country = context.country
    code = case.end_user.country
    if country is None or country.risk is None:
        text = (f"No country risk data for {code}. This is a gap shown as missing, not read as low risk: "
                "the likelihood counts the country as mid-range until data is imported.")
        evidence = _figure_evidence(country) if country else [
            EvidenceItem(source="hrdd country data", as_of=case.date.isoformat(), value=f"no context for {code}")]
        found = [make_finding(catalog, f"{STEP}.country_missing", STEP, RiskLevel.MEDIUM,
                              f"Country context missing for {code}", text, evidence, kind="gap")]
    else:
        text = (f"{country.name}: overall risk of misuse from the country context {country.risk:.2f} "
                f"(0 best, 1 worst). {country.risk_method}").strip()
        found = [make_finding(catalog, f"{STEP}.country_risk", STEP, level_from_risk(country.risk),
                              f"Country context: {country.name}", text, _figure_evidence(country))]
        if country.trend is not None and country.trend >= WORSENING:
            found.append(make_finding(
                catalog, f"{STEP}.country_trend", STEP, RiskLevel.MEDIUM, f"Worsening trend in {country.name}",
                f"Country risk rose by {country.trend:.2f} over the last five years of data.",
                _figure_evidence(country)))
    if country is not None:
        found += _law_findings(case, catalog, country)
    return found + flag_findings(catalog, flags, STEP)


def _law_findings(case: Case, catalog: Catalog, country: CountryContext) -> list[Finding]:
    found: list[Finding] = []
    for index, law in enumerate(sorted(country.laws, key=lambda law: (law.category, law.law))):
        category = catalog.laws_of_concern.get(law.category)
        if category is None or law.applies is False:
            continue
        evidence = [EvidenceItem(source=country.profile_source or law.source_url or "surveillance-law profile",
                                 as_of=str(law.year) if law.year else (country.profile_as_of or "unknown"),
                                 value=law.law or law.note or category.title, url=law.source_url or None)]
        if law.applies is None:
            found.append(make_finding(
                catalog, f"{STEP}.law.{law.category}.{index}", STEP, RiskLevel.LOW,
                f"Not verified: {category.title}",
                f"Whether {country.name} has {category.title.lower()} was not verified. {law.note}".strip(),
                evidence, category.citations, "gap", category.reconstructed))
            continue
        concern = sorted(set(category.capabilities_of_concern) & set(case.capabilities))
        level = RiskLevel.HIGH if concern else RiskLevel.MEDIUM
        text = f"{category.explanation} In {country.name}: {law.law or law.note}."
        if concern:
            text += f" The product's {', '.join(concern)} capability can serve this practice."
        if not law.verified:
            text += " (Not verified against the official text.)"
        found.append(make_finding(catalog, f"{STEP}.law.{law.category}.{index}", STEP, level,
                                  f"Law or practice of concern: {category.title}", text, evidence,
                                  category.citations, reconstructed=category.reconstructed or not law.verified))
    return found
