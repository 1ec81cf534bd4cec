"""Catalogue lints: citations stay within what their clause covers."""

import shutil
from pathlib import Path

import pytest

from hrdd.catalog.checks import scope_covers
from hrdd.catalog.loader import load_catalog
from hrdd.exc import CatalogError


def _overlay(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_citation_outside_its_clauses_scope_is_a_located_problem(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path, """kind: capabilities
items:
  - id: lawful_interception_gateway
    title: LI gateway
    category: internet_surveillance
    explanation: Interception management at an operator.
    misuse_vectors: [warrantless interception]
    rights: [privacy]
    severity: {scale: 4, scope: 4, irremediability: 3}
    citations: [state2020.definitions, ear.742_13]
""")
    with pytest.raises(CatalogError) as err:
        load_catalog([overlay])
    [problem] = err.value.problems
    assert problem.file.endswith("overlay.yaml") and problem.line == 10 and problem.field == "citations[1]"
    assert "EAR § 742.13 does not cover" in problem.message and "5A980" in problem.message


def test_a_binding_instrument_needs_a_scope_on_every_clause(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path, """kind: frameworks
items:
  - id: company_law
    title: A binding act
    url: https://example.org/act
    binding: true
    clauses:
      - {id: company_law.art1, label: "Art. 1", title: Scope, summary: Everything., provenance: R}
""")
    with pytest.raises(CatalogError) as err:
        load_catalog([overlay])
    assert [p.field for p in err.value.problems] == ["clauses[0].scope"]


def test_scope_patterns_match_ids_prefixes_and_everything() -> None:
    assert scope_covers(["embargoes:ve_*"], "embargoes:ve_us_government")
    assert not scope_covers(["embargoes:ve_*"], "embargoes:ir_us_comprehensive")
    assert scope_covers(["capabilities:covert_recording_device"], "capabilities:covert_recording_device")
    assert not scope_covers(["capabilities:covert_recording_device"], "capabilities:lawful_interception")
    assert scope_covers(["*"], "glossary:sdn")


def test_every_embargo_cites_the_act_that_imposes_it() -> None:
    catalog = load_catalog()
    for embargo in catalog.embargoes.values():
        for cid in embargo.citations:
            clause = catalog.citation(cid)
            assert clause.scope and scope_covers(clause.scope, f"embargoes:{embargo.id}"), embargo.id


def test_every_shipped_capability_has_tailoring_options_that_are_product_safeguards() -> None:
    catalog = load_catalog()
    for capability in catalog.capabilities.values():
        assert capability.tailoring, capability.id
        for option in capability.tailoring:
            assert catalog.safeguards[option.safeguard].kind == "product"
        # an inherently covert capability without its covert mode would be another product: not offered
        if capability.covert:
            assert "no_covert_mode" not in {o.safeguard for o in capability.tailoring}, capability.id
    assert not {c for c in catalog.safeguards["no_covert_mode"].addresses
                if c in catalog.capabilities and catalog.capabilities[c].covert}


@pytest.mark.parametrize(("kind", "text", "field"), [
    ("capabilities", """  - id: stealth_implant
    title: Stealth implant
    category: internet_surveillance
    explanation: Spyware by another name.
    misuse_vectors: [hacking journalists]
    rights: [privacy]
    severity: {scale: 5, scope: 3, irremediability: 4}
    covert: true
    tailoring:
      - {safeguard: no_covert_mode, option: "No stealth mode."}
""", "tailoring[0].safeguard"),
])
def test_no_covert_mode_is_refused_for_an_inherently_covert_capability(tmp_path: Path, kind: str, text: str,
                                                                       field: str) -> None:
    with pytest.raises(CatalogError) as err:
        load_catalog([_overlay(tmp_path, f"kind: {kind}\nitems:\n{text}")])
    [problem] = err.value.problems
    assert problem.field == field and "another product" in problem.message


def test_no_covert_mode_may_not_address_an_inherently_covert_capability(tmp_path: Path) -> None:
    shipped = Path(load_catalog.__code__.co_filename).parent.parent / "catalogs"
    base = tmp_path / "catalogs"
    shutil.copytree(shipped, base)
    safeguards = base / "safeguards.yaml"
    text = safeguards.read_text(encoding="utf-8")
    safeguards.write_text(text.replace("addresses: [covert_operation, remote_access_recorder,",
                                       "addresses: [covert_operation, intrusion_software, remote_access_recorder,"),
                          encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(base_dir=base)
    [problem] = err.value.problems
    assert problem.item == "no_covert_mode" and problem.field == "addresses[1]" and problem.found == "intrusion_software"
    assert "another product" in problem.message


def test_a_tailoring_option_must_be_a_product_safeguard(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path, """kind: capabilities
items:
  - id: stealth_recorder
    title: Stealth recorder
    category: recording_devices
    explanation: A hidden recorder.
    misuse_vectors: [bugging]
    rights: [privacy]
    severity: {scale: 3, scope: 2, irremediability: 3}
    tailoring:
      - {safeguard: human_rights_clause, option: "A promise is not a tailoring option."}
""")
    with pytest.raises(CatalogError) as err:
        load_catalog([overlay])
    [problem] = err.value.problems
    assert problem.field == "tailoring[0].safeguard" and "contract safeguard" in problem.message


def test_each_new_contract_term_applies_only_in_the_circumstances_that_need_it() -> None:
    catalog = load_catalog()
    needs = {"governing_law_forum": "sovereign_counterparty", "flow_down": "third_party_in_chain",
             "exit_terms": "ongoing_service_relationship"}
    for safeguard, flag in needs.items():
        assert not catalog.safeguards[safeguard].general
        assert safeguard in catalog.derived_flags[flag].mitigated_by
        assert catalog.derived_flags[flag].likelihood == 0  # a circumstance, not a risk
        assert catalog.clauses[catalog.safeguards[safeguard].clause or ""].safeguard == safeguard
