"""Related-entity hints in case screening, the workbench and the report: reported apart, never a hit."""

import json
from datetime import date
from pathlib import Path

import pytest
from followthemoney import model

from hrdd.assess.legal import ownership_stops
from hrdd.model import AssessmentContext
from hrdd.model.case import Case, EndUse, EndUser, EndUserKind, Product, Seller, Transaction
from hrdd.services.assessments import assess_case
from hrdd.services.screening import screen_case, screen_name, screen_name_with_related
from hrdd.settings import Settings
from tests.screening.entities import sample_entities, write_list
from tests.screening.test_links import _topics, related_entities

SUBSIDIARY = "Norbrook Vision India Private Limited"
PARENT = "Norbrook Vision Technologies Co., Ltd."


@pytest.fixture
def listed(_isolated_home: Path) -> Settings:
    write_list(_isolated_home / "lists", "test-list", [*sample_entities(), *_topics(related_entities())])
    return Settings(home=_isolated_home)


def _case(name: str) -> Case:
    return Case(
        title="related", date=date(2026, 12, 6), seller=Seller("Seller", "DE"), transaction=Transaction(),
        products=(Product(name="Cam", capabilities=("network_camera",)),),
        end_user=EndUser(name=name, country="IN", kind=EndUserKind.PRIVATE, sector="commercial"),
        end_use=EndUse(description="site security", purposes=("workplace_safety",), scale="site"), id="rel-1")


def test_a_subsidiary_of_a_listed_parent_is_a_related_entity_not_a_hit(listed: Settings) -> None:
    case = _case(SUBSIDIARY)
    outcome = screen_case(case, listed)
    assert not [h for h in outcome.hits if h.party == "end_user"]
    links = [r for r in outcome.related if r.kind == "link"]
    assert [(r.party, r.source, r.entry_id, r.name, r.listed) for r in links] == [
        ("end_user", "test-list", "rel-parent", PARENT, True)]
    (hint,) = links
    assert hint.relations == ("Ownership",) and hint.path == (f"owned 100% by {PARENT} (role: subsidiary of)",)
    assert hint.matched_entry_id == "rel-sub" and hint.matched_name == SUBSIDIARY
    assert hint.score is not None and hint.score >= outcome.threshold  # type: ignore[operator]
    assert hint.as_of == "2026-11-01" and "not a hit" in hint.reason and "export.control" in hint.reason
    assert not ownership_stops(case, AssessmentContext(screening=outcome))


def test_a_hint_raises_no_alert_in_the_assessment(listed: Settings) -> None:
    hinted = assess_case(_case(SUBSIDIARY), settings=listed).report
    clean = assess_case(_case("Quiet Bakery of Nowhere Ltd"), settings=listed).report
    assert hinted["screening"]["hits"] == [] and clean["screening"]["hits"] == []
    assert [r["kind"] for r in hinted["screening"]["related"]] == ["link"] and clean["screening"]["related"] == []
    assert hinted["recommendation"] == clean["recommendation"]
    assert hinted["hard_stops"] == clean["hard_stops"]


def test_the_workbench_shows_hits_and_related_apart(listed: Settings) -> None:
    hits, related = screen_name_with_related(SUBSIDIARY, settings=listed)
    assert hits == screen_name(SUBSIDIARY, settings=listed) == []
    assert [r.name for r in related] == [PARENT]
    hits, related = screen_name_with_related("Vantorus Defence Systems JSC", settings=listed)
    assert [h.entry_id for h in hits] == ["rel-sanctioned"]
    of_hit = {(r.kind, r.name, r.listed, r.path) for r in related}
    assert ("of_hit", "Tamsin Alderwood Brackley", False, ("directed by Tamsin Alderwood Brackley (role: CEO)",)) \
        in of_hit
    assert ("of_hit", "Blue Lantern Mercantile LLC", False, ("owns 30% of Blue Lantern Mercantile LLC",)) in of_hit


def test_the_report_renders_the_hints_apart_from_hits(listed: Settings) -> None:
    from hrdd.reports.render import render_html, render_markdown

    report = assess_case(_case(SUBSIDIARY), settings=listed).report
    html = render_html(report)
    assert "Related entities: hints, not hits (1)" in html and PARENT in html
    assert "owned 100% by" in render_markdown(report)


def test_zala_a_hit_shows_the_unlisted_companies_it_owns(shared_data: Path, _isolated_home: Path) -> None:
    """Real data (OpenSanctions ZALA cluster): an end user matching Alexander Zakharov (sanctioned)
    shows, as related entities of the hit, the companies he owns that no list targets."""
    path = shared_data / "opensanctions_ftm_samples" / "zala_aero_cluster.ftm.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    write_list(_isolated_home / "lists", "opensanctions-zala", proxies)
    outcome = screen_case(_case("Alexander Vyacheslavovich Zakharov"), Settings(home=_isolated_home))
    assert "NK-aU5ybkbRFJucf8YMwsJvDw" in {h.entry_id for h in outcome.hits}
    unlisted = {r.name: r.path for r in outcome.related if r.kind == "of_hit" and not r.listed}
    assert unlisted['ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"'] == (
        'owns 100% of ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"',)
    assert all(r.kind != "link" for r in outcome.related)  # his companies are owned by a sanctioned party: hits
