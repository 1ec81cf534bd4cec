"""Company overlays add items, adjust weights and the policy, and change the catalogue version."""

import textwrap
from pathlib import Path

import pytest

from hrdd.catalog import default_catalog, load_catalog
from hrdd.catalog.loader import clear_cache
from hrdd.exc import CatalogError, Problem


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def overlay_problems(*paths: Path) -> list[Problem]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(paths)
    return caught.value.problems


NEW_CAPABILITY = """\
    kind: capabilities
    items:
      - id: wifi_sniffer
        title: Wi-Fi probe sniffer
        category: location_tracking
        explanation: Sensors that log the hardware addresses of phones nearby.
        misuse_vectors: [tracking attendance at protests]
        rights: [privacy, assembly]
        severity: {scale: 3, scope: 3, irremediability: 2}
        citations: [state2020.definitions]
    """


def test_overlay_adds_items_and_adjusts_weights_and_policy(tmp_path: Path) -> None:
    company = tmp_path / "company"
    write(company, "capabilities.yaml", NEW_CAPABILITY)
    write(company, "weights.yaml", """\
        kind: facts
        adjust:
          - id: end_user_record_of_misuse
            likelihood_true: 3.0
            likelihood_unknown: 1.5
        """)
    write(company, "nested/policy.yml", """\
        kind: policy
        adjust:
          - appetite: low
            level_thresholds: [20, 45, 70]
        """)
    write(company, "severity.yaml", """\
        kind: capabilities
        adjust:
          - {id: network_camera, severity: {scope: 4}}
        """)
    shipped = load_catalog()
    catalog = load_catalog([company])
    assert catalog.capabilities["wifi_sniffer"].category == "location_tracking"
    assert catalog.facts["end_user_record_of_misuse"].likelihood_true == 3.0
    assert catalog.facts["end_user_record_of_misuse"].likelihood_unknown == 1.5
    assert catalog.policy.appetite == "low" and catalog.policy.level_thresholds == (20, 45, 70)
    camera = catalog.capabilities["network_camera"].severity
    assert (camera.scale, camera.scope) == (shipped.capabilities["network_camera"].severity.scale, 4)
    assert catalog.version != shipped.version
    assert catalog.version.split("+")[0] == shipped.version.split("+")[0]
    assert "weights.yaml" in catalog.origins["facts:end_user_record_of_misuse"]
    assert catalog.origins["capabilities:wifi_sniffer"].endswith("capabilities.yaml")
    assert load_catalog([company]).version == catalog.version


def test_overlay_that_changes_nothing_keeps_the_version(tmp_path: Path) -> None:
    same = load_catalog().facts["recent_crackdown"].likelihood_true
    path = write(tmp_path, "o.yaml", f"kind: facts\nadjust:\n  - {{id: recent_crackdown, likelihood_true: {same}}}\n")
    assert load_catalog([path]).version == load_catalog().version


def test_adding_an_existing_id_says_to_use_adjust(tmp_path: Path) -> None:
    path = write(tmp_path, "o.yaml", NEW_CAPABILITY.replace("wifi_sniffer", "facial_recognition"))
    problem = overlay_problems(path)[0]
    assert problem.item == "facial_recognition" and problem.line == 3
    assert "already defined" in problem.message and "adjust" in problem.message


def test_adjust_accepts_numbers_only_within_bounds(tmp_path: Path) -> None:
    path = write(tmp_path, "o.yaml", """\
        kind: safeguards
        adjust:
          - id: audit_logging
            reduction: 0.9
          - id: audit_rights
            kind: product
          - id: audit_logins
            reduction: 0.1
          - id: access_controls
            reduction: high
        """)
    problems = overlay_problems(path)
    assert len(problems) == 4, "\n".join(map(str, problems))
    bound, field, unknown, text = problems
    assert (bound.item, bound.field, bound.line) == ("audit_logging", "reduction", 4)
    assert (field.item, field.field, field.line) == ("audit_rights", "kind", 6)
    assert "cannot be adjusted" in field.message
    assert unknown.suggestion == "audit_logging" and unknown.line == 7
    assert (text.field, text.found) == ("reduction", "'high'")


def test_overlay_schema_and_paths_are_checked(tmp_path: Path) -> None:
    bad = write(tmp_path, "o.yaml", "kind: facts\nadust: []\n")
    problems = overlay_problems(bad, tmp_path / "missing")
    assert [(p.field, p.suggestion) for p in problems if p.file == str(bad)] == [("adust", "adjust")]
    assert [p.message for p in problems if p.file == str(tmp_path / "missing")] == [
        "overlay path does not exist"]


def test_default_catalog_reads_overlays_from_the_environment(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd.settings import get_settings

    write(tmp_path / "company", "capabilities.yaml", NEW_CAPABILITY)
    monkeypatch.setenv("HRDD_CATALOG_PATH", str(tmp_path / "company"))
    get_settings.cache_clear()
    clear_cache()
    try:
        assert "wifi_sniffer" in default_catalog().capabilities
        assert default_catalog() is default_catalog()
    finally:
        monkeypatch.delenv("HRDD_CATALOG_PATH")
        get_settings.cache_clear()
        clear_cache()
    assert "wifi_sniffer" not in default_catalog().capabilities
