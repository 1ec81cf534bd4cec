"""The assessment as a whole: every step, every finding with evidence and citations, reproducible."""

from hrdd.assess import ENGINE_VERSION, assess
from hrdd.assess.steps import STEP_IDS
from hrdd.model import (
    EndUse,
    LawOfConcern,
    Product,
)
from hrdd.model.case import ExportClassification
from hrdd.reports.build import build_report
from tests.assess.factory import (
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_country,
    make_hit,
    safeguards,
    screened,
)

LAWS = (LawOfConcern(category="surveillance_without_oversight", applies=True, law="Interception Act 2019", year=2019,
                     source_url="https://example.org/act"),
        LawOfConcern(category="speech_criminalisation", applies=None, note="not checked"))


def rich_case():  # type: ignore[no-untyped-def]
    return make_case(
        products=(Product(name="Suite", capabilities=("lawful_interception", "facial_recognition"),
                          features=("bulk_collection", "covert_operation"),
                          export_classification=ExportClassification(jurisdiction="US", code="5A001.j")),),
        end_use=EndUse(description="National monitoring centre", purposes=("public_order",), scale="national"),
        intermediaries=(intermediary("integrator", "unknown"), intermediary("consignee", "false", "AE")),
        safeguards=safeguards(human_rights_clause="agreed", grievance_mechanism="planned"),
    )


def rich_context():  # type: ignore[no-untyped-def]
    return make_context(country=make_country("XX", risk=0.7, judicial="partial", laws=LAWS),
                        screening=screened(make_hit(score=0.8)))


def test_one_step_per_contract_step_in_order() -> None:
    result = assess(rich_case(), make_catalog(), rich_context())
    assert tuple(s.id for s in result.steps) == STEP_IDS
    finding_ids = {f.id for f in result.findings}
    for step in result.steps:
        assert set(step.findings) <= finding_ids
        levels = [result.finding(fid).level.rank for fid in step.findings]
        assert step.level.rank == max(levels, default=0)


def test_every_finding_has_evidence_with_a_date_and_resolved_citations() -> None:
    catalog = make_catalog()
    result = assess(rich_case(), catalog, rich_context())
    assert len({f.id for f in result.findings}) == len(result.findings)
    for finding in result.findings:
        assert finding.evidence, finding.id
        assert all(e.source and e.as_of for e in finding.evidence), finding.id
        assert finding.citations, finding.id
        for citation in finding.citations:
            assert citation.label == catalog.citation(citation.id).label


def test_findings_cover_the_case() -> None:
    result = assess(rich_case(), make_catalog(), rich_context())
    ids = {f.id for f in result.findings}
    assert {"capabilities.capability.lawful_interception", "capabilities.feature.covert_operation",
            "export_controls.classification.0", "third_parties.intermediary.0", "end_use.scale.national",
            "capabilities.derived.covert_capability_to_security_body"} <= ids
    assert "export_controls.classification.0" in ids
    law = next(f for f in result.findings if f.id.startswith("country_laws.law.surveillance_without_oversight"))
    assert law.level.value == "high" and "lawful_interception" in law.explanation  # capability of concern
    unverified = next(f for f in result.findings if f.id.startswith("country_laws.law.speech_criminalisation"))
    assert unverified.kind == "gap"
    hit = next(f for f in result.findings if f.kind == "hit")
    assert hit.evidence[0].as_of == "2026-11-21"  # the us-csl snapshot date
    assert ids & {"grievance_mechanism.safeguard.grievance_mechanism", "grievance_mechanism.condition.grievance_mechanism"}
    assert not any(f.id == "grievance_mechanism.none_recorded" for f in result.findings)
    assert any(f.id == "public_reporting.none_recorded" for f in result.findings)


def test_country_figures_are_kept_with_year_and_source() -> None:
    result = assess(rich_case(), make_catalog(), rich_context())
    assert result.country is not None
    key, _label, value, year, source = result.country.figures[0]
    assert (key, year, source) == ("vdem.v2x_libdem", 2023, "V-Dem v14") and value is not None


def test_same_input_gives_the_same_report() -> None:
    catalog = make_catalog()
    first = build_report(assess(rich_case(), catalog, rich_context()))
    second = build_report(assess(rich_case(), make_catalog(), rich_context()))
    assert first == second
    assert first["versions"]["engine"] == ENGINE_VERSION


def test_engine_has_no_clock_the_case_date_is_used() -> None:
    result = assess(make_case(), make_catalog(), make_context(screening=screened().__class__(performed=False)))
    gap = result.finding("export_controls.screening_not_performed")
    assert gap.evidence[0].as_of == "2026-11-29"


def test_intermediary_in_a_high_risk_country_is_at_least_medium() -> None:
    case = make_case(intermediaries=(intermediary("distributor", "false", "XX"),))
    calm = assess(case, make_catalog(), make_context())
    risky = assess(case, make_catalog(), make_context(other_countries=(make_country("XX", risk=0.75),)))
    assert calm.finding("third_parties.intermediary.0").level.value == "low"
    finding = risky.finding("third_parties.intermediary.0")
    assert finding.level.value == "medium" and "0.75" in finding.explanation


def test_existing_relationship_with_a_hard_stop_says_how_to_end_it() -> None:
    from hrdd.model import EndUser, EndUserKind, Transaction

    user = EndUser(name="Pyongyang Police", country="KP", kind=EndUserKind.GOVERNMENT, sector="police")
    result = assess(make_case(end_user=user, transaction=Transaction(existing_relationship=True)), make_catalog(),
                    make_context())
    assert result.recommendation.value == "do_not_proceed"
    assert any("existing relationship" in r and "UNGP 19" in r for r in result.recommendation_reasons)
