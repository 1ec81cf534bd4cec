"""The shipped catalogue loads, passes every check and holds every id of the contract."""

import re

import pytest

from hrdd.catalog import Catalog, load_catalog
from hrdd.catalog.conditions import TRANSACTION_KINDS
from hrdd.catalog.lookup import find_term, framework_clauses
from tests.catalog.catalog_contract import (
    capability_ids,
    end_user_kinds,
    fact_questions,
    feature_ids,
    intermediary_roles,
    purpose_ids,
    safeguard_kinds,
    scale_ids,
    sector_ids,
    step_ids,
    transaction_kinds,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_version_is_declared_version_plus_content_hash(catalog: Catalog) -> None:
    assert re.fullmatch(r"2026\.11\.1\+[0-9a-f]{8}", catalog.version)
    assert load_catalog().version == catalog.version  # deterministic


def category_id(heading: str) -> str:
    return heading.removeprefix("non-cooperative ").replace(" ", "_")


def test_every_contract_capability_exists_in_its_category(catalog: Catalog) -> None:
    expected = capability_ids()
    assert len(expected) == 31
    assert {k: catalog.capabilities[k].category for k in expected} == {
        k: category_id(v) for k, v in expected.items()}
    assert set(catalog.capabilities) >= set(expected)


@pytest.mark.parametrize(("kind", "read"), [
    ("features", feature_ids), ("sectors", sector_ids), ("purposes", purpose_ids),
    ("end_user_kinds", end_user_kinds), ("scales", scale_ids), ("intermediary_roles", intermediary_roles),
    ("steps", step_ids),
])
def test_every_contract_id_exists(catalog: Catalog, kind: str, read: object) -> None:
    assert callable(read)
    ids = read()
    assert ids, f"no {kind} ids parsed from the contract"
    missing = [i for i in ids if i not in catalog.kind(kind)]
    assert not missing


def test_contract_counts_match_the_brief(catalog: Catalog) -> None:
    assert (len(feature_ids()), len(sector_ids()), len(purpose_ids()), len(end_user_kinds())) == (12, 18, 20, 4)
    assert len(intermediary_roles()) == 9


def test_private_end_users_are_out_of_scope(catalog: Catalog) -> None:
    assert [k for k, v in catalog.end_user_kinds.items() if not v.in_scope] == ["private"]


def test_facts_carry_the_contract_question_and_a_customer_question(catalog: Catalog) -> None:
    questions = fact_questions()
    assert len(questions) == 15
    for fact_id, question in questions.items():
        fact = catalog.facts[fact_id]
        assert fact.question == question.replace('\\"', '"')
        assert fact.ask_customer and fact.ask_customer != fact.question
    assert [f for f in catalog.facts.values() if f.hard_stop] == [catalog.facts["targeting_protected_groups"]]


def test_safeguards_have_the_contract_kinds_and_contract_ones_a_clause(catalog: Catalog) -> None:
    kinds = safeguard_kinds()
    assert len(kinds) == 22
    assert {k: catalog.safeguards[k].kind for k in kinds} == kinds
    for sid, kind in kinds.items():
        if kind == "contract":
            clause = catalog.clauses[catalog.safeguards[sid].clause or ""]
            assert clause.safeguard == sid
            assert clause.text.count(". ") >= 2, f"{sid}: a model clause has several sentences"
            assert "kill switch" not in clause.text.lower() and "remotely disable" not in clause.text.lower()


def test_steps_follow_the_contract_order(catalog: Catalog) -> None:
    ordered = sorted(catalog.steps.values(), key=lambda s: s.order)
    assert [s.step for s in ordered] == step_ids()
    assert all(s.ungp and s.oecd and s.dihr for s in ordered)


def test_transaction_kinds_known_to_conditions_match_the_contract() -> None:
    assert list(TRANSACTION_KINDS) == transaction_kinds()


def test_rights_cite_iccpr_and_udhr(catalog: Catalog) -> None:
    assert len(catalog.rights) == 8
    for right in catalog.rights.values():
        assert any(i.startswith("ICCPR") for i in right.instruments)
        assert any(i.startswith("UDHR") for i in right.instruments)


REQUIRED_CLAUSES = [
    "state2020.step1", "state2020.red_flags", "state2020.appendix2", "oecd.mne.ch4",
    "eu2021_821.art2_20", "eu2021_821.art5", "eu2021_821.art15", "dihr.hria.phase1", "ear.742_7",
    "ear.part732_supp3",
    *(f"ungp.{n}" for n in (*range(11, 25), 29, 31)),
    *(f"oecd.ddg.step{n}" for n in range(1, 7)),
    *(f"eu2024_2659.step{n}" for n in range(1, 6)),
]


def test_framework_clauses_required_by_the_design_exist(catalog: Catalog) -> None:
    clauses = framework_clauses(catalog)
    assert [c for c in REQUIRED_CLAUSES if c not in clauses] == []
    assert all(c.provenance in "TSRI" and c.label and c.summary for c in clauses.values())
    assert clauses["ungp.17"].provenance == "R"  # guidance.md tags UNGP content [R]


def test_law_categories_are_the_twelve_shared_ids_and_reconstructed(catalog: Catalog) -> None:
    assert sorted(c.number for c in catalog.laws_of_concern.values()) == list(range(1, 13))
    assert all(c.reconstructed for c in catalog.laws_of_concern.values())
    assert "surveillance_without_oversight" in catalog.laws_of_concern
    assert "social_scoring" in catalog.laws_of_concern


def test_embargoes_mark_comprehensive_sanctions_as_prohibitions_for_the_jurisdiction_imposing_them(
        catalog: Catalog) -> None:
    for country in ("CU", "IR"):
        embargo = catalog.embargo_for(country)
        assert embargo is not None and embargo.regime == "comprehensive" and embargo.prohibited_for == ("us",)
    north_korea = catalog.embargo_for("KP")  # UN Security Council measures bind every member state
    assert north_korea is not None and north_korea.hard_stop
    syria = catalog.embargo_for("sy")
    assert syria is not None and not syria.hard_stop and syria.regime != "comprehensive"  # U.S. programme ended 2025
    assert all(e.acts for e in catalog.embargoes.values() if e.id != "cn_eu_arms"), "every act is named"
    banned = {e.country for e in catalog.embargoes.values() if e.monitoring_equipment_ban}
    assert banned >= {"IR", "MM", "VE", "BY", "RU", "SY"}
    assert all(e.source_url.startswith("https://") for e in catalog.embargoes.values())


def test_glossary_defines_the_terms_reports_use(catalog: Catalog) -> None:
    assert len(catalog.glossary) >= 30
    for name in ("severity", "scale", "scope", "irremediability", "likelihood", "inherent risk",
                 "residual risk", "contribute", "leverage", "remedy", "grievance mechanism",
                 "human-rights defender", "end user", "end use", "red flag", "due diligence", "HRIA",
                 "catch-all control", "cyber-surveillance item", "dual-use", "Entity List", "SDN",
                 "50% rule", "maker-checker"):
        term = find_term(catalog, name)
        assert term is not None, name
        assert term.citations, name


def test_derived_flags_cover_the_required_situations(catalog: Catalog) -> None:
    assert len(catalog.derived_flags) >= 10
    fields = {f.id: repr(f.when) for f in catalog.derived_flags.values()}
    assert any("intelligence" in w and "covert" in w for w in fields.values())
    assert any("zero_click_delivery" in w and "government" in w for w in fields.values())
    assert any("judicial_authorisation" in w for w in fields.values())
    assert any("facts.end_user_record_of_misuse" in w and "existing_relationship" in w
               for w in fields.values())


def test_policy_escalates_on_unknown_facts(catalog: Catalog) -> None:
    policy = catalog.policy
    assert policy.level_thresholds == (25, 50, 75)
    assert policy.status_factor["planned"] < policy.status_factor["agreed"] < policy.status_factor[
        "implemented"]
    assert "end_user_record_of_misuse" in policy.escalate_on_unknown


def test_every_item_cites_a_source(catalog: Catalog) -> None:
    from hrdd.catalog.lookup import ITEM_KINDS

    uncited = [f"{kind}:{key}" for kind in ITEM_KINDS if kind != "frameworks"
               for key, item in catalog.kind(kind).items() if not getattr(item, "citations", ())]
    assert uncited == []
