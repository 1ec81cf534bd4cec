"""Method v2: evidence outranks unanswered questions, promises weighed by record and leverage,
reachable red lines, the incompleteness gate and overlay tuning (issue 12)."""

import dataclasses
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.assess import assess
from hrdd.casefile import parse_case
from hrdd.catalog import load_catalog
from hrdd.catalog.spec import Condition, RedLine
from hrdd.model import EndUse, MisuseMatch, MisuseRecord, Product, Recommendation, Tristate
from tests.assess.factory import (
    ALL_FALSE,
    answered,
    make_case,
    make_catalog,
    make_context,
    make_country,
    make_policy,
    safeguards,
)
from tests.assess.test_policy import INTELLIGENCE, SPYWARE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_03 = ROOT / "examples" / "03-spyware-state-security-sa.yaml"
ORDER = list(Recommendation)
RANK = {Recommendation.PROCEED: 0, Recommendation.PROCEED_WITH_CONDITIONS: 1, Recommendation.ESCALATE: 2,
        Recommendation.DO_NOT_PROCEED: 3}
RECORD = MisuseRecord(id="xx_gid", name="General Intelligence Directorate", country="XX", sector="intelligence",
                      summary="Spyware used against journalists.", year=2025,
                      sources=(("Citizen Lab report", "https://citizenlab.ca/example"),),
                      categories=("internet_surveillance",), years=(2023, 2025), outcome="confirmed",
                      quality="forensic")
DOCUMENTED = (MisuseMatch(party="end_user", query="GID", record=RECORD, score=0.98),)
PROMISES = ("human_rights_clause", "end_use_restriction", "no_retransfer", "end_use_certificate")


def _example_03(answer: str | None) -> str:
    text = EXAMPLE_03.read_text(encoding="utf-8")
    line = "  end_user_record_of_misuse: true\n"
    assert line in text
    return text.replace(line, "" if answer is None else f"  end_user_record_of_misuse: {answer}\n")


def test_example_03_misuse_answered_unknown_or_unasked_stays_do_not_proceed() -> None:
    """The issue's finding: answering the misuse fact unknown dropped do_not_proceed to escalate (v1)."""
    from hrdd.catalog import default_catalog
    from hrdd.services.assessments import assess_case
    from hrdd.settings import Settings

    catalog = default_catalog()
    results = {}
    for answer in ("true", "unknown", None):
        case = parse_case(_example_03(answer), catalog, source="03.yaml")
        results[answer] = assess_case(case, settings=Settings(home=ROOT / "nonexistent-home")).report
    assert {r["recommendation"] for r in results.values()} == {"do_not_proceed"}
    assert results["unknown"]["inherent_risk"]["score"] == results["true"]["inherent_risk"]["score"]
    bare = assess_case(parse_case(_example_03("false"), catalog, source="03.yaml"),
                       settings=Settings(home=ROOT / "nonexistent-home")).report
    assert bare["recommendation"] == "do_not_proceed"  # a bare false cannot erase the misuse record


fact_states = st.sampled_from(["absent", "unknown", "true"])


@settings(max_examples=40, deadline=None)
@given(misuse=fact_states, oversight=fact_states, risk=st.sampled_from([0.2, 0.5, 0.8]))
def test_unknown_or_unasked_is_never_better_than_the_evidence(misuse: str, oversight: str, risk: float) -> None:
    context = make_context(country=make_country("XX", risk=risk, judicial="no"), misuse=DOCUMENTED)
    base = {k: v for k, v in ALL_FALSE.items() if k not in ("end_user_record_of_misuse", "no_independent_oversight")}
    chosen = {"end_user_record_of_misuse": misuse, "no_independent_oversight": oversight}
    facts = {**base, **{k: v for k, v in chosen.items() if v != "absent"}}
    evidence = {**base, "end_user_record_of_misuse": "true", "no_independent_oversight": "true"}
    catalog = make_catalog()
    got = assess(make_case(products=SPYWARE, end_user=INTELLIGENCE, facts=answered(**facts)), catalog, context)
    known = assess(make_case(products=SPYWARE, end_user=INTELLIGENCE, facts=answered(**evidence)), catalog, context)
    assert RANK[got.recommendation] >= RANK[known.recommendation]
    assert got.inherent.score >= known.inherent.score


@settings(max_examples=40, deadline=None)
@given(first=st.sets(st.sampled_from(sorted(make_catalog().safeguards))),
       extra=st.sets(st.sampled_from(sorted(make_catalog().safeguards))),
       status=st.sampled_from(["planned", "agreed", "implemented"]),
       misuse=st.booleans())
def test_adding_safeguards_never_raises_risk(first: set[str], extra: set[str], status: str, misuse: bool) -> None:
    catalog = make_catalog()
    context = make_context(country=make_country("XX", risk=0.7, judicial="no"), misuse=DOCUMENTED if misuse else ())
    fewer = assess(make_case(safeguards=safeguards(**dict.fromkeys(first, status))), catalog, context)
    more = assess(make_case(safeguards=safeguards(**dict.fromkeys(first | extra, status))), catalog, context)
    assert more.residual.score <= fewer.residual.score
    assert RANK[more.recommendation] <= RANK[fewer.recommendation]


@settings(max_examples=40, deadline=None)
@given(chosen=st.sets(st.sampled_from(PROMISES)), status=st.sampled_from(["agreed", "implemented"]),
       risk=st.sampled_from([0.1, 0.4, 0.8]), capability=st.sampled_from(["intrusion_software", "facial_recognition"]))
def test_documented_same_category_misuse_no_promises_reach_proceed(chosen: set[str], status: str, risk: float,
                                                                    capability: str) -> None:
    record = dataclasses.replace(RECORD, categories=(make_catalog().capabilities[capability].category,))
    context = make_context(country=make_country("XX", risk=risk, judicial="yes"),
                           misuse=(MisuseMatch(party="end_user", query="GID", record=record, score=0.98),))
    case = make_case(products=(Product(name="P", capabilities=(capability,)),), end_user=INTELLIGENCE,
                     facts=answered(**{k: v for k, v in ALL_FALSE.items() if k != "end_user_record_of_misuse"}),
                     safeguards=safeguards(**dict.fromkeys(chosen, status)))
    result = assess(case, make_catalog(), context)
    assert result.recommendation in (Recommendation.ESCALATE, Recommendation.DO_NOT_PROCEED)
    assert result.residual.level.rank >= result.inherent.level.rank or result.residual.score >= 50


def test_red_line_fires_for_critical_severity_and_same_category_misuse() -> None:
    critical = (Product(name="Implant", capabilities=("intrusion_software",),
                        features=("zero_click_delivery", "persistence_on_device")),)
    every = safeguards(**dict.fromkeys(make_catalog().safeguards, "implemented"))
    context = make_context(country=make_country("XX", risk=0.1, judicial="yes"), misuse=DOCUMENTED)
    national = EndUse(description="Intelligence operations", purposes=("criminal_investigation",), scale="national")
    result = assess(make_case(products=critical, end_user=INTELLIGENCE, end_use=national, safeguards=every),
                    make_catalog(), context)
    assert result.severity.index >= 4.5
    assert result.recommendation is Recommendation.DO_NOT_PROCEED and result.red_lines
    # without the record, the same case does not cross the red line
    clean = assess(make_case(products=critical, end_user=INTELLIGENCE, end_use=national, safeguards=every),
                   make_catalog(),
                   make_context(country=make_country("XX", risk=0.1, judicial="yes")))
    assert not clean.red_lines


def test_company_red_line_gives_do_not_proceed() -> None:
    line = RedLine(id="no_intrusion_to_intelligence_in_unfree_countries", title="No intrusion software to "
                   "intelligence services of countries below our freedom threshold",
                   explanation="Board decision 2026-03.",
                   when=Condition(all=(Condition(field="capabilities", op="contains", value="intrusion_software"),
                                       Condition(field="end_user.sector", op="eq", value="intelligence"),
                                       Condition(field="country.risk", op="gte", value=0.5))))
    catalog = make_catalog(policy=make_policy(red_lines=(line,)))
    case = make_case(products=SPYWARE, end_user=INTELLIGENCE, facts=answered(**ALL_FALSE))
    crossed = assess(case, catalog, make_context(country=make_country("XX", risk=0.6, judicial="yes")))
    below = assess(case, catalog, make_context(country=make_country("XX", risk=0.3, judicial="yes")))
    assert crossed.recommendation is Recommendation.DO_NOT_PROCEED
    assert any(line.id in r for r in crossed.red_lines)
    assert not below.red_lines


def test_overlay_tuning_and_red_lines_take_effect(tmp_path: Path) -> None:
    overlay = tmp_path / "policy.yaml"
    overlay.write_text(
        "kind: policy\nadjust:\n  - country_points: 0.5\n    promise_credit_security_body: 0.1\n"
        "    red_lines:\n      - id: no_spyware\n        title: No intrusion software\n"
        "        explanation: Company rule.\n"
        "        when: {field: capabilities, op: contains, value: intrusion_software}\n", encoding="utf-8")
    shipped, company = load_catalog(), load_catalog([overlay])
    assert company.policy.country_points == 0.5 and company.policy.red_lines
    from hrdd.assess.tuning import tuning_of

    assert tuning_of(company).promise_credit_security_body == 0.1
    case = make_case(products=SPYWARE, end_user=INTELLIGENCE, facts=answered(**ALL_FALSE))
    context = make_context(country=make_country("XX", risk=0.8, judicial="yes"))
    mine, theirs = assess(case, company, context), assess(case, shipped, context)
    assert mine.likelihood.raw < theirs.likelihood.raw  # country_points 0.5 instead of 2.5
    assert mine.red_lines and not theirs.red_lines
    assert mine.recommendation is Recommendation.DO_NOT_PROCEED


def test_incomplete_case_escalates_with_reason_incomplete_and_whom_to_ask() -> None:
    catalog = make_catalog()
    context = make_context(country=make_country("NO", risk=0.1, judicial="yes"))
    tolling = make_case(products=(Product(name="ANPR", capabilities=("licence_plate_recognition",)),),
                        facts=answered(**{k: v for k, v in ALL_FALSE.items() if k != "end_use_statement_refused"}))
    result = assess(tolling, catalog, context)
    complete = assess(dataclasses.replace(tolling, facts=answered(**ALL_FALSE)), catalog, context)
    assert result.recommendation is Recommendation.ESCALATE and result.escalation == "incomplete"
    assert [q.id for q in result.completeness.open] == ["fact:end_use_statement_refused"]  # type: ignore[union-attr]
    assert result.completeness.open[0].ask  # type: ignore[union-attr]
    assert complete.escalation is None and complete.recommendation is not Recommendation.ESCALATE
    # the open question lowers confidence but not the risk
    assert result.inherent.score == complete.inherent.score and result.confidence.score < complete.confidence.score


def test_every_risk_finding_states_involvement() -> None:
    context = make_context(country=make_country("XX", risk=0.8, judicial="no"), misuse=DOCUMENTED)
    result = assess(make_case(products=SPYWARE, end_user=INTELLIGENCE), make_catalog(), context)
    assert result.involvement is not None and result.involvement.mode == "contribute"
    risky = [f for f in result.findings if f.kind in ("risk", "hit") and f.level.rank >= 1]
    assert risky and all(f.involvement in ("cause", "contribute", "directly_linked") for f in risky)


def test_tristate_is_unchanged() -> None:
    assert Tristate("unknown") is Tristate.UNKNOWN and ORDER
