"""Properties over generated cases: monotonicity, determinism, never passing a listed party."""

import json
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.assess import assess
from hrdd.model import (
    AssessmentContext,
    Case,
    EndUse,
    EndUser,
    EndUserKind,
    Product,
    Recommendation,
    SafeguardStatus,
    Tristate,
)
from hrdd.model import Safeguard as CaseSafeguard
from hrdd.reports.build import build_report
from tests.assess.factory import (
    FACTS,
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_country,
    make_hit,
    screened,
)

CATALOG = make_catalog()
FACT_IDS = [f[0] for f in FACTS]
TRI = st.sampled_from(["true", "false", "unknown"])


@st.composite
def cases(draw: Any) -> Case:
    caps = draw(st.lists(st.sampled_from(sorted(CATALOG.capabilities)), max_size=3, unique=True))
    feats = draw(st.lists(st.sampled_from(sorted(CATALOG.features)), max_size=3, unique=True))
    kind = draw(st.sampled_from(list(EndUserKind)))
    sector = draw(st.sampled_from(sorted(CATALOG.sectors)))
    purposes = draw(st.lists(st.sampled_from(sorted(CATALOG.purposes)), max_size=2, unique=True))
    scale = draw(st.none() | st.sampled_from(sorted(CATALOG.scales)))
    # most facts answered "false", a few drawn: unknowns alone would saturate the likelihood
    facts = dict.fromkeys(FACT_IDS, "false") | draw(st.dictionaries(st.sampled_from(FACT_IDS), TRI, max_size=4))
    inters = draw(st.lists(st.tuples(st.sampled_from(sorted(CATALOG.intermediary_roles)), TRI), max_size=2))
    sgs = draw(st.dictionaries(st.sampled_from(sorted(CATALOG.safeguards)),
                               st.sampled_from(list(SafeguardStatus)), max_size=4))
    return make_case(
        products=(Product(name="P", capabilities=tuple(caps), features=tuple(feats)),),
        end_user=EndUser(name="E", country="BR", kind=kind, sector=sector),
        end_use=EndUse(purposes=tuple(purposes), scale=scale),
        facts=tuple((k, Tristate(v)) for k, v in sorted(facts.items())),
        intermediaries=tuple(intermediary(role, ties) for role, ties in inters),
        safeguards=tuple(CaseSafeguard(id=k, status=v) for k, v in sorted(sgs.items())),
    )


@st.composite
def contexts(draw: Any) -> AssessmentContext:
    risk = draw(st.none() | st.floats(min_value=0, max_value=1))
    judicial = draw(st.none() | st.sampled_from(["yes", "no", "partial"]))
    country = None if draw(st.booleans()) and risk is None else make_country(risk=risk, judicial=judicial)
    screening = screened() if draw(st.booleans()) else screened().__class__(performed=False)
    return make_context(country=country, screening=screening)


def _with_fact(case: Case, fact_id: str, value: str) -> Case:
    facts = dict(case.facts)
    facts[fact_id] = Tristate(value)
    return replace(case, facts=tuple(sorted(facts.items())))


@settings(max_examples=60, deadline=None)
@given(cases(), contexts(), st.sampled_from(FACT_IDS))
def test_a_true_red_flag_never_lowers_likelihood(case: Case, context: AssessmentContext, fact_id: str) -> None:
    before = assess(case, CATALOG, context)
    after = assess(_with_fact(case, fact_id, "true"), CATALOG, context)
    assert after.likelihood.raw >= before.likelihood.raw
    assert after.inherent.score >= before.inherent.score


def test_a_true_red_flag_raises_likelihood_below_the_ceiling() -> None:
    base = make_case(facts=tuple((fid, Tristate.FALSE) for fid in FACT_IDS))
    context = make_context(country=make_country(risk=0.1))
    before = assess(base, CATALOG, context).likelihood.raw
    for fid in FACT_IDS:
        for start in ("false", "unknown"):
            start_raw = assess(_with_fact(base, fid, start), CATALOG, context).likelihood.raw
            assert assess(_with_fact(base, fid, "true"), CATALOG, context).likelihood.raw > start_raw, fid
    assert before < 5


@settings(max_examples=60, deadline=None)
@given(cases(), contexts(), st.sampled_from(sorted(CATALOG.safeguards)))
def test_an_implemented_safeguard_never_raises_residual(case: Case, context: AssessmentContext, sid: str) -> None:
    before = assess(case, CATALOG, context)
    kept = tuple(s for s in case.safeguards if s.id != sid)
    implemented = CaseSafeguard(id=sid, status=SafeguardStatus.IMPLEMENTED)
    after = assess(replace(case, safeguards=(*kept, implemented)), CATALOG, context)
    assert after.residual.score <= before.residual.score
    assert after.inherent.score == before.inherent.score


@settings(max_examples=60, deadline=None)
@given(cases(), contexts())
def test_reports_are_deterministic_json(case: Case, context: AssessmentContext) -> None:
    one = json.dumps(build_report(assess(case, CATALOG, context)), sort_keys=False)
    two = json.dumps(build_report(assess(case, make_catalog(), context)), sort_keys=False)
    assert one == two


@settings(max_examples=40, deadline=None)
@given(cases(), st.floats(min_value=0.0, max_value=1.0))
def test_a_hit_not_cleared_is_never_passed(case: Case, score: float) -> None:
    context = make_context(screening=screened(make_hit(score=score)))
    result = assess(case, CATALOG, context)
    assert result.recommendation in (Recommendation.ESCALATE, Recommendation.DO_NOT_PROCEED)


@settings(max_examples=40, deadline=None)
@given(cases(), contexts())
def test_scores_stay_in_range_and_residual_never_exceeds_inherent(case: Case, context: AssessmentContext) -> None:
    result = assess(case, CATALOG, context)
    assert 0 <= result.residual.score <= result.inherent.score <= 100
    assert 1 <= result.likelihood.value <= 5
    assert all(1 <= v <= 5 for v in (result.severity.scale, result.severity.scope, result.severity.irremediability))
    assert result.projected.score <= result.inherent.score
