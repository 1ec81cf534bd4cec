"""Tailoring options change the score: each reduces residual risk by its documented amount when the
case records it, at full credit (a technical control the seller enforces), and is named in the report."""

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.assess import assess
from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.model import Product
from hrdd.reports.build import build_report
from tests.assess.factory import ALL_FALSE, answered, make_case, make_context, make_country, safeguards
from tests.assess.test_method_v2 import RANK
from tests.assess.test_policy import INTELLIGENCE


@cache
def _catalog() -> Catalog:
    return default_catalog()


def _case(capability: str, **statuses: str):  # type: ignore[no-untyped-def]
    return make_case(products=(Product(name="P", capabilities=(capability,)),), end_user=INTELLIGENCE,
                     facts=answered(**ALL_FALSE), safeguards=safeguards(**statuses))


CONTEXT = make_context(country=make_country("XX", risk=0.7, judicial="no"))
TAILORED = sorted((cid, option.safeguard) for cid, cap in _catalog().capabilities.items() for option in cap.tailoring)


def test_a_tailoring_option_applies_to_the_capability_that_lists_it_and_says_so() -> None:
    # licence_scope does not name network_camera in its addresses; network_camera lists it as a tailoring option
    without = assess(_case("network_camera"), _catalog(), CONTEXT)
    tailored = assess(_case("network_camera", licence_scope="implemented"), _catalog(), CONTEXT)
    applied = next(s for s in tailored.safeguards if s.id == "licence_scope")
    assert applied.applies and applied.addresses == ("network_camera",) and applied.credit == 1.0
    assert tailored.residual.score == round(without.residual.score * (1 - 0.2))
    detail = next(c.detail for c in tailored.residual.contributions if c.factor == "safeguard:licence_scope")
    assert "tailoring option for network_camera: Licence keys bound to the named unit" in detail
    report = build_report(tailored)
    shown = next(s for s in report["safeguards"] if s["id"] == "licence_scope")
    assert shown["tailoring"][0]["capability"] == "network_camera"


def test_a_technical_control_is_credited_more_than_a_promise_for_a_weak_buyer() -> None:
    result = assess(_case("intrusion_software", seller_held_logs="agreed", human_rights_clause="agreed"),
                    _catalog(), CONTEXT)
    credit = {s.id: s.credit for s in result.safeguards}
    assert credit["seller_held_logs"] == 1.0 > credit["human_rights_clause"]


def test_spyware_is_not_credited_for_no_covert_mode_but_a_stealth_feature_is_removed_by_it() -> None:
    """Without its covert mode spyware is another product: recording "no covert mode" for it changes
    nothing. On a product whose covert mode is a feature (a remote-access recorder), it is the option
    that takes the feature away, and it lowers the residual by its full amount."""
    without = assess(_case("intrusion_software"), _catalog(), CONTEXT)
    claimed = assess(_case("intrusion_software", no_covert_mode="implemented"), _catalog(), CONTEXT)
    option = next(s for s in claimed.safeguards if s.id == "no_covert_mode")
    assert not option.applies and claimed.residual.score == without.residual.score
    recorder = assess(_case("remote_access_recorder"), _catalog(), CONTEXT)
    tailored = assess(_case("remote_access_recorder", no_covert_mode="implemented"), _catalog(), CONTEXT)
    assert tailored.residual.score == round(recorder.residual.score * (1 - 0.25)) < recorder.residual.score
    finding = next(f for f in tailored.findings if f.id == "product_tailoring.safeguard.no_covert_mode")
    assert "remote_access_recorder" in finding.explanation and "0.25" in finding.explanation


@settings(max_examples=60, deadline=None)
@given(pair=st.sampled_from(TAILORED), status=st.sampled_from(["planned", "agreed", "implemented"]),
       others=st.sets(st.sampled_from(["human_rights_clause", "audit_rights", "end_use_restriction",
                                       "remote_disable", "training"]), max_size=3))
def test_adding_a_tailoring_option_never_raises_risk_and_lowers_it_when_implemented(
        pair: tuple[str, str], status: str, others: set[str]) -> None:
    capability, option = pair
    base = {sid: "agreed" for sid in others if sid in _catalog().safeguards and sid != option}
    fewer = assess(_case(capability, **base), _catalog(), CONTEXT)
    more = assess(_case(capability, **base, **{option: status}), _catalog(), CONTEXT)
    assert more.residual.score <= fewer.residual.score
    assert RANK[more.recommendation] <= RANK[fewer.recommendation]
    floored = any(c.factor == "max_reduction" for c in more.residual.contributions)
    if status == "implemented" and not floored and fewer.residual.score >= 5:
        assert more.residual.score < fewer.residual.score
