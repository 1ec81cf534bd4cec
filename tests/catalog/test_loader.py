"""Broken catalogues: every problem is reported at once, with file, line, item and field."""

import shutil
from pathlib import Path

import pytest

from hrdd.catalog import load_catalog
from hrdd.catalog.loader import SHIPPED_DIR
from hrdd.exc import CatalogError, Problem


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A private copy of the shipped catalogue that a test may break."""
    target = tmp_path / "catalogs"
    target.mkdir()
    for path in SHIPPED_DIR.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


def replace(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file and return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, index) + 1


def problems_of(base: Path, overlays: tuple[Path, ...] = ()) -> list[Problem]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(overlays, base_dir=base)
    return caught.value.problems


def find(problems: list[Problem], **expected: object) -> Problem:
    for problem in problems:
        if all(getattr(problem, k) == v for k, v in expected.items()):
            return problem
    raise AssertionError(f"no problem with {expected} in:\n" + "\n".join(map(str, problems)))


def test_copy_of_shipped_catalogue_loads(base: Path) -> None:
    assert load_catalog(base_dir=base).version == load_catalog().version


def test_all_problems_are_collected_with_their_location(base: Path) -> None:
    weight_line = replace(base / "facts.yaml", "likelihood_true: 2.5", "likelihood_true: 9")
    cite_line = replace(base / "capabilities.yaml", "citations: [state2020.definitions, state2020.step1]",
                        "citations: [state2020.definitions, ungp.177]")
    address_line = replace(base / "safeguards.yaml", "addresses: [targeting_support_requested]",
                           "addresses: [targeting_suport_requested]")
    sector_line = replace(base / "derived_flags.yaml", "{field: end_user.sector, op: eq, value: intelligence}",
                          "{field: end_user.sector, op: eq, value: inteligence}")
    mitigation_line = replace(base / "facts.yaml", "mitigated_by: [end_use_certificate, end_use_restriction]",
                              "mitigated_by: [end_use_certficate, end_use_restriction]")
    problems = problems_of(base)
    assert len(problems) == 5, "\n".join(map(str, problems))
    weight = find(problems, item="end_user_record_of_misuse")
    assert weight.line == weight_line and weight.field == "likelihood_true" and weight.found == "9"
    cite = find(problems, item="network_camera")
    assert (cite.line, cite.field, cite.suggestion) == (cite_line, "citations[1]", "ungp.17")
    address = find(problems, item="rights_respecting_training")
    assert (address.line, address.suggestion) == (address_line, "targeting_support_requested")
    sector = find(problems, item="covert_capability_to_intelligence")
    assert sector.line == sector_line and sector.field == "when.all[0].value"
    assert sector.suggestion == "intelligence"
    mitigation = find(problems, item="end_use_statement_refused", field="mitigated_by[0]")
    assert (mitigation.line, mitigation.suggestion) == (mitigation_line, "end_use_certificate")
    assert all(p.file and p.file.endswith(".yaml") for p in problems)


def test_message_lists_every_problem_with_location(base: Path) -> None:
    replace(base / "scales.yaml", "scope: 3", "scope: 9")
    replace(base / "scales.yaml", "scope: 1", "scope: 0")
    with pytest.raises(CatalogError) as caught:
        load_catalog(base_dir=base)
    text = str(caught.value)
    assert "2 problems" in text
    assert "scales.yaml:" in text and "item city" in text and "item site" in text


def test_yaml_syntax_error_names_the_line(base: Path) -> None:
    line = replace(base / "scales.yaml", "  - {id: city,", "  - {id: city,: :")
    problems = problems_of(base)
    syntax = find(problems, line=line)
    assert "YAML" in syntax.message and syntax.file is not None and syntax.file.endswith("scales.yaml")


def test_unknown_field_suggests_the_real_name(base: Path) -> None:
    line = replace(base / "facts.yaml", "likelihood_unknown: 0.75", "likelyhood_unknown: 0.75")
    problems = problems_of(base)
    typo = find(problems, field="likelyhood_unknown")
    assert typo.line == line and typo.suggestion == "likelihood_unknown"
    assert typo.item == "end_user_record_of_misuse"


def test_duplicate_ids_and_duplicate_keys_are_reported(base: Path) -> None:
    path = base / "scales.yaml"
    path.write_text(path.read_text() + '  - {id: city, title: Town, scope: 2, explanation: "Again."}\n'
                    + "  - {id: region, id: region, title: R, scope: 4, explanation: x}\n")
    problems = problems_of(base)
    duplicate = find(problems, item="city", field="id")
    assert "already defined" in duplicate.message
    find(problems, message="duplicate key 'id'")


def test_contract_safeguard_without_clause_is_an_error(base: Path) -> None:
    replace(base / "safeguards.yaml", "    clause: audit_rights_text\n", "")
    problem = find(problems_of(base), item="audit_rights", field="clause")
    assert "contract safeguard needs a model clause" in problem.message


def test_policy_thresholds_and_factors_must_rise(base: Path) -> None:
    replace(base / "policy.yaml", "level_thresholds: [25, 50, 75]", "level_thresholds: [50, 25, 75]")
    replace(base / "policy.yaml", "agreed: 0.6", "agreed: 0.1")
    problems = problems_of(base)
    find(problems, item="policy", field="level_thresholds")
    find(problems, item="policy", field="status_factor")


def test_missing_kind_file_is_reported(base: Path) -> None:
    (base / "policy.yaml").unlink()
    (base / "steps.yaml").unlink()
    problems = problems_of(base)
    assert any("exactly one policy" in p.message for p in problems)
    assert any("steps is missing" in p.message for p in problems)


def test_files_must_agree_on_the_version(base: Path) -> None:
    line = replace(base / "scales.yaml", "version: 2026.11.1", "version: 2026.10.1")
    problem = find(problems_of(base), field="version")
    assert problem.line == line and problem.found == "2026.10.1"


def test_unknown_kind_is_reported(base: Path) -> None:
    replace(base / "scales.yaml", "kind: scales", "kind: scale")
    problem = find(problems_of(base), field="kind")
    assert problem.file is not None and problem.file.endswith("scales.yaml") and problem.line == 2


def test_glossary_names_must_not_collide(base: Path) -> None:
    line = replace(base / "glossary.yaml", "aliases: [gravity]", "aliases: [gravity, Leverage]")
    problem = find(problems_of(base), item="scale")
    assert problem.line == line and "also names glossary term 'leverage'" in problem.message


def test_clause_must_belong_to_its_safeguard(base: Path) -> None:
    replace(base / "clauses.yaml", "safeguard: audit_rights", "safeguard: misuse_notification")
    problem = find(problems_of(base), item="audit_rights", field="clause")
    assert "belongs to safeguard 'misuse_notification'" in problem.message
