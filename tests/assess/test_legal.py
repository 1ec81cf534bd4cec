"""Legal stops by seller jurisdiction, end user, product and region, on the shipped catalogue."""

from pathlib import Path

import pytest

from hrdd.assess import assess
from hrdd.assess.legal import legal_stops, seller_jurisdictions
from hrdd.casefile.load import parse_case
from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.exc import InvalidInput
from hrdd.model import AssessmentContext, Case, Recommendation


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def case_text(seller: str, country: str, kind: str = "government", capability: str = "network_camera",
              region: str | None = None, jurisdictions: str | None = None) -> str:
    region_line = f"\n  region: {region}" if region else ""
    jur = f", jurisdictions: {jurisdictions}" if jurisdictions else ""
    return f"""
title: legal stop
date: 2026-11-30
seller: {{name: Example Seller, country: {seller}{jur}}}
products:
  - {{name: Box, capabilities: [{capability}]}}
end_user:
  name: Example Agency
  country: {country}
  kind: {kind}
  sector: police{region_line}
end_use: {{description: test, purposes: [criminal_investigation], scale: city}}
intermediaries: []
"""


def load(catalog: Catalog, *args: str, **kwargs: str) -> Case:
    return parse_case(case_text(*args, **kwargs), catalog)


def effects(case: Case, catalog: Catalog) -> dict[str, str]:
    return {s.embargo.id: s.effect for s in legal_stops(case, catalog)}


def recommend(case: Case, catalog: Catalog) -> Recommendation:
    return assess(case, catalog, AssessmentContext()).recommendation


def test_an_eu_seller_of_interception_equipment_to_iran_is_prohibited(catalog: Catalog) -> None:
    case = load(catalog, "DE", "IR", capability="lawful_interception")
    assert effects(case, catalog)["ir_eu_monitoring"] == "prohibited"
    result = assess(case, catalog, AssessmentContext())
    assert result.recommendation is Recommendation.DO_NOT_PROCEED
    assert any("EU ban on monitoring and interception equipment for Iran" in s for s in result.hard_stops)


def test_the_same_eu_seller_of_cameras_to_iran_escalates_rather_than_being_prohibited(catalog: Catalog) -> None:
    case = load(catalog, "DE", "IR", capability="network_camera")
    found = effects(case, catalog)
    assert found["ir_eu_monitoring"] == "not_applicable"  # cameras are not monitoring equipment
    assert found["ir_us_comprehensive"] == "review"  # U.S. content and secondary sanctions: legal review
    assert recommend(case, catalog) is Recommendation.ESCALATE


@pytest.mark.parametrize("country", ["SY", "MM", "VE", "RU", "BY", "IR"])
def test_every_eu_monitoring_ban_prohibits_an_eu_seller_of_dpi(catalog: Catalog, country: str) -> None:
    case = load(catalog, "FR", country, kind="state_owned", capability="deep_packet_inspection")
    assert f"{country.lower()}_eu_monitoring" in {k for k, v in effects(case, catalog).items() if v == "prohibited"}
    assert recommend(case, catalog) is Recommendation.DO_NOT_PROCEED


def test_a_us_seller_is_not_bound_by_the_eu_monitoring_ban_but_it_escalates(catalog: Catalog) -> None:
    case = load(catalog, "US", "RU", capability="deep_packet_inspection")
    assert effects(case, catalog)["ru_eu_monitoring"] == "review"
    assert recommend(case, catalog) is Recommendation.ESCALATE


def test_a_us_seller_to_a_crimea_based_buyer_is_prohibited(catalog: Catalog) -> None:
    case = load(catalog, "US", "UA", kind="private", region="Sevastopol")
    assert case.end_user.region == "ua-cri"
    assert effects(case, catalog)["ua_crimea_us"] == "prohibited"
    assert recommend(case, catalog) is Recommendation.DO_NOT_PROCEED


def test_a_us_seller_to_the_so_called_dnr_is_prohibited_but_not_to_kyiv(catalog: Catalog) -> None:
    occupied = load(catalog, "US", "UA", region="ua-dpr")
    assert effects(occupied, catalog)["ua_dnr_lnr_us"] == "prohibited"
    kyiv = load(catalog, "US", "UA", region="Kyiv")
    assert effects(kyiv, catalog)["ua_dnr_lnr_us"] == "not_applicable"
    assert effects(kyiv, catalog)["ua_crimea_us"] == "not_applicable"
    assert not any(s.effect == "prohibited" for s in legal_stops(kyiv, catalog))


def test_a_ukrainian_buyer_without_a_region_escalates_so_that_someone_asks_where(catalog: Catalog) -> None:
    case = load(catalog, "US", "UA")
    assert effects(case, catalog)["ua_crimea_us"] == "review"
    assert recommend(case, catalog) is Recommendation.ESCALATE


def test_a_us_seller_to_a_venezuelan_government_agency_is_prohibited(catalog: Catalog) -> None:
    case = load(catalog, "US", "VE", kind="government")
    assert effects(case, catalog)["ve_us_government"] == "prohibited"
    assert recommend(case, catalog) is Recommendation.DO_NOT_PROCEED
    state_owned = load(catalog, "US", "VE", kind="state_owned")  # owned or controlled: the government too
    assert effects(state_owned, catalog)["ve_us_government"] == "prohibited"


def test_e_o_13884_does_not_reach_a_private_venezuelan_buyer(catalog: Catalog) -> None:
    case = load(catalog, "US", "VE", kind="private")
    assert effects(case, catalog)["ve_us_government"] == "not_applicable"
    linked = load(catalog, "US", "VE", kind="government_linked")  # status unclear: ask
    assert effects(linked, catalog)["ve_us_government"] == "review"


def test_un_embargoes_on_armed_groups_do_not_reach_the_government(catalog: Catalog) -> None:
    for country in ("CF", "CD", "SO", "IQ", "LB", "HT", "YE"):
        government = load(catalog, "GB", country, kind="government")
        private = load(catalog, "GB", country, kind="private")
        assert set(effects(government, catalog).values()) == {"not_applicable"}, country
        assert "review" in effects(private, catalog).values(), country


def test_north_korea_is_prohibited_for_every_seller(catalog: Catalog) -> None:
    case = load(catalog, "CH", "KP", kind="state_owned")  # a Swiss seller: none of US, EU, UK law
    assert effects(case, catalog)["kp_un_sanctions"] == "prohibited"
    assert seller_jurisdictions(case, catalog).codes == ()


def test_the_case_file_jurisdictions_win_over_the_seller_country(catalog: Catalog) -> None:
    case = load(catalog, "CH", "IR", capability="lawful_interception", jurisdictions="[eu]")
    assert seller_jurisdictions(case, catalog).source == "case file"
    assert effects(case, catalog)["ir_eu_monitoring"] == "prohibited"


def test_an_unknown_seller_jurisdiction_is_assumed_to_be_all_three(catalog: Catalog) -> None:
    text = case_text("US", "IR").replace("seller: {name: Example Seller, country: US}", "seller: {name: X}")
    case = parse_case(text, catalog)
    bound = seller_jurisdictions(case, catalog)
    assert bound.codes == ("us", "eu", "uk") and bound.source.startswith("assumed")
    assert effects(case, catalog)["ir_us_comprehensive"] == "prohibited"


def test_a_region_outside_the_country_is_a_located_error(catalog: Catalog) -> None:
    with pytest.raises(InvalidInput) as err:
        load(catalog, "US", "RU", region="Crimea")
    problem = err.value.problems[0]
    assert problem.field == "end_user.region" and problem.line == 12 and problem.found == "'Crimea'"


def _with(text: str, extra: str) -> str:
    return text.replace("intermediaries: []\n", extra)


def test_contract_terms_apply_in_the_circumstances_that_need_them(catalog: Catalog) -> None:
    terms = ("safeguards:\n  - {id: governing_law_forum, status: agreed}\n  - {id: flow_down, status: agreed}\n"
             "  - {id: exit_terms, status: agreed}\n")
    chain = "intermediaries:\n  - {name: Int, country: BR, role: integrator, government_ties: false}\n"
    government = parse_case(_with(case_text("US", "BR", kind="government"), chain + terms), catalog)
    applied = {s.id: s.applies for s in assess(government, catalog, AssessmentContext()).safeguards}
    assert applied["governing_law_forum"] and applied["flow_down"]
    assert not applied["exit_terms"]  # a one-off sale: no data, keys or access to wind down
    private = parse_case(_with(case_text("US", "BR", kind="private").replace("seller:", "transaction: {kind: saas}\nseller:"),
                               "intermediaries: []\nfacts: {diversion_history: false}\n" + terms), catalog)
    applied = {s.id: s.applies for s in assess(private, catalog, AssessmentContext()).safeguards}
    assert not applied["governing_law_forum"] and not applied["flow_down"] and applied["exit_terms"]


def test_covert_marketing_and_capability_requests_are_red_flags_with_tailoring_answers(catalog: Catalog) -> None:
    base = case_text("US", "BR", capability="covert_recording_device")
    quiet = assess(parse_case(base, catalog), catalog, AssessmentContext())
    flagged = parse_case(base.replace("intermediaries: []\n", "intermediaries: []\nfacts: {covert_capability_marketed: true, covert_customisation_requested: true, "
                                      "capability_expansion_requested: true}\n"), catalog)
    result = assess(flagged, catalog, AssessmentContext())
    flags = {f.id: f for f in result.flags}
    assert flags["covert_capability_marketed"].status == "true" and flags["covert_capability_marketed"].likelihood > 0
    assert flags["capability_expansion_requested"].status == "true"
    assert result.likelihood.raw > quiet.likelihood.raw
    offered = {s.id for s in result.conditions}
    assert offered & {"no_covert_mode", "licence_scope", "seller_held_logs", "capability_limitation"} or \
        result.recommendation in (Recommendation.ESCALATE, Recommendation.DO_NOT_PROCEED)


def test_the_company_overlay_sets_the_default_seller_jurisdiction(tmp_path: Path) -> None:
    from hrdd.catalog.loader import load_catalog

    (tmp_path / "policy.yaml").write_text("kind: policy\nadjust:\n  - {id: policy, seller_jurisdictions: [eu]}\n",
                                          encoding="utf-8")
    company = load_catalog([tmp_path])
    case = parse_case(case_text("CH", "IR", capability="lawful_interception"), company)
    assert seller_jurisdictions(case, company).codes == ("eu",)
    assert seller_jurisdictions(case, company).source == "company policy"
    assert {s.embargo.id: s.effect for s in legal_stops(case, company)}["ir_eu_monitoring"] == "prohibited"
