"""``hrdd catalog list|show|validate`` and ``hrdd explain`` through click's CliRunner."""

from pathlib import Path

from click.testing import CliRunner

from hrdd.catalog import load_catalog
from hrdd.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_without_kind_counts_every_kind() -> None:
    code, out, _ = run("catalog", "list")
    assert code == 0
    rows = dict(line.split()[:2] for line in out.splitlines()[1:] if not line.startswith("catalogue"))
    catalog = load_catalog()
    assert rows["capabilities"] == str(len(catalog.capabilities))
    assert rows["facts"] == str(len(catalog.facts))
    assert f"catalogue {catalog.version}" in out


def test_list_kind_shows_id_title_and_kind_column() -> None:
    code, out, _ = run("catalog", "list", "safeguards")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["id", "title", "kind", "and", "reduction"]
    audit = next(r for r in rows if r.startswith("audit_logging "))
    assert "Tamper-evident audit logging" in audit and "product, reduction 0.2" in audit
    assert len(rows) == len(load_catalog().safeguards)


def test_list_rejects_unknown_kind() -> None:
    code, _, err = run("catalog", "list", "capabilites")
    assert code == 2 and "capabilities" in err


def test_show_prints_explanation_citations_and_provenance() -> None:
    code, out, _ = run("catalog", "show", "facial_recognition")
    assert code == 0
    assert out.startswith("facial_recognition  (capabilities)\nFacial recognition")
    assert "severity: scale 4, scope 4, irremediability 3" in out
    assert "State 2020, Definitions - Definitions [S] (state2020.definitions)" in out
    assert "Source: hrdd/catalogs/capabilities.yaml" in out


def test_show_marks_reconstructed_items_and_resolves_framework_clauses() -> None:
    code, out, _ = run("catalog", "show", "surveillance_without_oversight")
    assert code == 0 and "[R] reconstructed" in out and "State 2020, Appendix 2" in out
    code, out, _ = run("catalog", "show", "ungp.19")
    assert code == 0 and "Provenance: [R]" in out and "leverage" in out


def test_show_needs_kind_for_ambiguous_ids_and_suggests_near_misses() -> None:
    code, _, err = run("catalog", "show", "lawful_interception")
    assert code == 2 and "capabilities:lawful_interception" in err and "purposes:lawful_interception" in err
    code, out, _ = run("catalog", "show", "purposes:lawful_interception")
    assert code == 0 and "(purposes)" in out and "risk: high" in out
    code, _, err = run("catalog", "show", "facial_recogniton")
    assert code == 2 and "did you mean facial_recognition?" in err


def test_show_step_prints_the_crosswalk() -> None:
    code, out, _ = run("catalog", "show", "steps:grievance_mechanism")
    assert code == 0
    assert "UNGPs:" in out and "UNGP 31" in out and "DIHR HRIA:" in out and "OECD DDG step 6" in out


def test_validate_shipped_catalogue_exits_zero_with_counts() -> None:
    code, out, _ = run("catalog", "validate")
    assert code == 0
    assert f"catalogue {load_catalog().version} is valid" in out
    assert f"capabilities {len(load_catalog().capabilities)}" in out and f"safeguards {len(load_catalog().safeguards)}" in out


def test_validate_lists_every_problem_and_exits_two(tmp_path: Path) -> None:
    overlay = tmp_path / "company"
    overlay.mkdir()
    (overlay / "facts.yaml").write_text(
        "kind: facts\nadjust:\n  - id: recent_crackdown\n    likelihood_true: 7\n"
        "  - id: recent_crackdow\n    likelihood_true: 1\n")
    code, out, err = run("catalog", "validate", str(overlay))
    assert code == 2 and out == ""
    assert "2 problems" in err
    assert f"{overlay / 'facts.yaml'}:4, item recent_crackdown, likelihood_true" in err
    assert "did you mean recent_crackdown?" in err


def test_validate_with_valid_overlay_reports_a_new_version(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("kind: policy\nadjust:\n  - {appetite: medium}\n")
    code, out, _ = run("catalog", "validate", str(path))
    assert code == 0 and load_catalog().version not in out and "overlays:" in out


def test_explain_finds_terms_by_id_title_or_alias_case_insensitively() -> None:
    for query in (["leverage"], ["LEVERAGE"], ["50%", "rule"], ["fifty_percent_rule"], ["HRDD"]):
        code, out, _ = run("explain", *query)
        assert code == 0, query
    code, out, _ = run("explain", "maker-checker")
    assert out.startswith("Maker-checker\n") and "Sources:" in out and "(ungp.16)" in out


def test_explain_unknown_term_suggests_and_exits_two() -> None:
    code, _, err = run("explain", "irremedability")
    assert code == 2 and "did you mean Irremediability?" in err
    code, _, err = run("explain", "photosynthesis")
    assert code == 2 and "no glossary entry" in err
