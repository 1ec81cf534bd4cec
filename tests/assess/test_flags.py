"""Red flags: unknown is never no; two facts default from data; the analyst's answer wins."""

import pytest

from hrdd.assess import assess
from hrdd.assess.flags import evaluate_flags
from hrdd.model import MisuseMatch, MisuseRecord, Product
from tests.assess.factory import answered, make_case, make_catalog, make_context, make_country

RECORD = MisuseRecord(id="xx-gid-2019", name="General Intelligence Directorate", country="XX",
                      sector="intelligence", summary="Spyware used against journalists (2019).", year=2019,
                      sources=(("Citizen Lab report", "https://citizenlab.ca/example"),))


def flag(flags: tuple, fid: str):  # type: ignore[no-untyped-def, type-arg]
    return next(f for f in flags if f.id == fid)


@pytest.mark.parametrize(("judicial", "status", "confidence"), [
    ("no", "true", "medium"), ("partial", "true", "low"), ("yes", "false", "medium")])
def test_oversight_defaults_from_the_country_profile(judicial: str, status: str, confidence: str) -> None:
    context = make_context(country=make_country(judicial=judicial))
    result = flag(evaluate_flags(make_case(), make_catalog(), context), "no_independent_oversight")
    assert (result.status, result.confidence, result.source) == (status, confidence, "default:country_profile")
    assert any(judicial in e.value and e.source == "test profile" for e in result.evidence)


def test_oversight_without_profile_is_unknown_and_adds_nothing() -> None:
    context = make_context(country=make_country(judicial=None))
    result = flag(evaluate_flags(make_case(), make_catalog(), context), "no_independent_oversight")
    assert result.status == "unknown" and result.likelihood == 0 and result.asked is False


def test_a_bare_false_cannot_set_evidence_aside() -> None:
    context = make_context(country=make_country(judicial="no"))
    case = make_case(facts=answered(no_independent_oversight="false"))
    result = flag(evaluate_flags(case, make_catalog(), context), "no_independent_oversight")
    assert result.status == "true" and result.source == "default:country_profile" and not result.override
    sources = {e.source for e in result.evidence}
    assert "case file (analyst answer)" in sources and "test profile" in sources
    assert "without a reason and a source" in result.explanation


def test_false_with_a_reason_and_a_source_sets_evidence_aside_and_is_flagged() -> None:
    context = make_context(country=make_country(judicial="no"))
    case = make_case(facts=answered(no_independent_oversight="false"),
                     fact_notes=(("no_independent_oversight", "a court authorises each use", "Law 12/2024"),))
    result = flag(evaluate_flags(case, make_catalog(), context), "no_independent_oversight")
    assert result.status == "false" and result.source == "analyst"
    assert "a court authorises each use" in result.override and "Law 12/2024" in result.override
    assert any(e.source == "Law 12/2024" for e in result.evidence)


def test_misuse_record_match_defaults_the_misuse_flag_with_its_source() -> None:
    context = make_context(misuse=(MisuseMatch(party="end_user", query="GID", record=RECORD, score=0.97),))
    result = flag(evaluate_flags(make_case(), make_catalog(), context), "end_user_record_of_misuse")
    assert result.status == "true" and result.source == "default:misuse_record"
    assert result.evidence[0].url == "https://citizenlab.ca/example" and result.evidence[0].as_of == "2019"


@pytest.mark.parametrize("risk", [0.2, 0.8])
def test_unknown_and_unasked_add_no_likelihood(risk: float) -> None:
    catalog = make_catalog()
    for facts in ((), answered(end_use_inconsistent="unknown")):
        result = flag(evaluate_flags(make_case(facts=facts), catalog, make_context(country=make_country(risk=risk))),
                      "end_use_inconsistent")
        assert result.status == "unknown" and result.likelihood == 0
        assert result.asked is bool(facts)


def test_derived_flag_reads_defaulted_facts() -> None:
    case = make_case(products=(Product(name="FR", capabilities=("facial_recognition",)),))
    flags = evaluate_flags(case, make_catalog(), make_context(country=make_country(judicial="no")))
    assert flag(flags, "biometrics_without_oversight").status == "true"
    flags = evaluate_flags(case, make_catalog(), make_context(country=make_country(judicial="yes")))
    assert flag(flags, "biometrics_without_oversight").status == "false"


def test_unknown_flags_become_findings_and_questions() -> None:
    result = assess(make_case(), make_catalog(), make_context())
    gap = result.finding("end_user.fact.end_user_record_of_misuse")
    assert gap.kind == "gap" and gap.title.startswith("Unknown")
    assert "Ask the customer about end user record of misuse." in result.questions
    # unknowns the policy escalates on come first, the weightiest first
    required = [q for q in result.questions if q.startswith("Ask the customer about")][:4]
    assert "Ask the customer about end user record of misuse." in required


def test_fields_the_case_file_left_out_become_questions() -> None:
    case = make_case(missing=("end_user.parent", "evidence", "some.future_field"))
    questions = assess(case, make_catalog(), make_context()).questions
    assert any("parent or controlling owner" in q for q in questions)
    assert any(q.startswith("Record the sources") for q in questions)
    assert "Complete some.future_field in the case file." in questions
    assert len(questions) == len(set(questions))


def test_an_override_against_the_data_is_a_finding_with_both_readings() -> None:
    context = make_context(country=make_country(judicial="no"))
    notes = (("no_independent_oversight", "each use needs a judge's order", "Interception Act s. 4"),)
    result = assess(make_case(facts=answered(no_independent_oversight="false"), fact_notes=notes), make_catalog(),
                    context)
    finding = result.finding("country_laws.override.no_independent_oversight")
    assert {e.source for e in finding.evidence} == {"case file (analyst answer)", "Interception Act s. 4",
                                                    "test profile"}
    assert result.overrides and "judge's order" in result.overrides[0]
    agreeing = assess(make_case(facts=answered(no_independent_oversight="false")), make_catalog(),
                      make_context(country=make_country(judicial="yes")))
    assert not any(f.id.startswith("country_laws.override") for f in agreeing.findings)
