"""Ownership screening: owners of the end user and intermediaries from FtM Ownership in list data.

Uses the real OpenSanctions ZALA Aero cluster (../shared/data/opensanctions_ftm_samples): LLC
"CST" is 100 % owned by Alexander Zakharov (sanctioned) without being listed itself.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from followthemoney import model

from hrdd.assess.legal import ownership_stops
from hrdd.model import AssessmentContext
from hrdd.model.case import Case, EndUse, EndUser, EndUserKind, Intermediary, Product, Seller, Transaction
from hrdd.services.assessments import assess_case
from hrdd.services.screening import screen_case
from hrdd.settings import Settings
from tests.screening.entities import entity, write_list

CST = 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"'
IZHTELECOM = 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ИЖТЕЛЕКОМ"'


@pytest.fixture
def zala(shared_data: Path, _isolated_home: Path) -> Settings:
    path = shared_data / "opensanctions_ftm_samples" / "zala_aero_cluster.ftm.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    write_list(_isolated_home / "lists", "opensanctions-zala", proxies)
    return Settings(home=_isolated_home)


def _case(name: str, *, kind: EndUserKind = EndUserKind.PRIVATE, seller: str = "US",
          intermediaries: tuple[Intermediary, ...] = ()) -> Case:
    return Case(
        title="ownership", date=date(2026, 11, 30), seller=Seller("Seller", seller), transaction=Transaction(),
        products=(Product(name="Cam", capabilities=("network_camera",)),),
        end_user=EndUser(name=name, country="RU", kind=kind, sector="commercial"),
        end_use=EndUse(description="site security", purposes=("workplace_safety",), scale="site"),
        intermediaries=intermediaries, id="own-1")


def test_an_end_user_wholly_owned_by_a_sanctioned_person_is_found_and_blocked(zala: Settings) -> None:
    case = _case(CST)
    outcome = screen_case(case, zala)
    kinds = {(t.party, t.kind) for t in outcome.party_ties}
    assert ("end_user", "fifty_percent_rule") in kinds and ("end_user", "owned_by_sanctioned") in kinds
    owners = {t.owner_name for t in outcome.party_ties if t.kind == "owned_by_sanctioned"}
    assert any("ZAKHAROV" in name.upper() for name in owners)
    stops = ownership_stops(case, AssessmentContext(screening=outcome))
    blocked = [s.effect for s in stops if s.tie.kind == "fifty_percent_rule"]
    assert blocked and set(blocked) == {"prohibited"}
    report = assess_case(case, settings=zala).report
    assert report["recommendation"] == "do_not_proceed"
    assert any("50 percent rule" in stop for stop in report["hard_stops"])


def test_an_owner_with_an_unknown_share_escalates_for_review(zala: Settings) -> None:
    case = _case(IZHTELECOM)
    outcome = screen_case(case, zala)
    assert {t.kind for t in outcome.party_ties if t.party == "end_user"} == {"owned_by_sanctioned"}
    stops = ownership_stops(case, AssessmentContext(screening=outcome))
    assert stops and {s.effect for s in stops} == {"review"}
    assert assess_case(case, settings=zala).report["recommendation"] in ("escalate", "do_not_proceed")


def test_intermediaries_owners_are_screened_too(zala: Settings) -> None:
    case = _case("Example Harbour Municipality", kind=EndUserKind.GOVERNMENT,
                 intermediaries=(Intermediary(name=CST, role="distributor", country="RU"),))
    outcome = screen_case(case, zala)
    ties = [t for t in outcome.party_ties if t.party == "intermediary"]
    assert ties and all(t.party_index == 0 for t in ties)
    assert "fifty_percent_rule" in {t.kind for t in ties}


def test_an_owner_listed_on_another_list_is_found_by_screening_the_owners_name(_isolated_home: Path) -> None:
    lists = _isolated_home / "lists"
    write_list(lists, "registry", [
        entity("Company", "registry-1", name="Northern Lights Vision LLC", country="ru"),
        entity("Person", "registry-2", name="Boris Konstantinovich Vetrov", country="ru"),
        entity("Ownership", "registry-3", owner="registry-2", asset="registry-1", percentage="60"),
    ])
    write_list(lists, "sanctions", [
        entity("Person", "sanctions-9", name="Boris Konstantinovich Vetrov", country="ru", topics=["sanction"]),
    ])
    outcome = screen_case(_case("Northern Lights Vision LLC"), Settings(home=_isolated_home))
    listed = [t for t in outcome.party_ties if t.kind == "owner_listed"]
    assert listed and listed[0].owner_name == "Boris Konstantinovich Vetrov" and "sanctions" in listed[0].detail


def test_state_owned_by_the_data_is_treated_as_government_for_e_o_13884(_isolated_home: Path) -> None:
    from hrdd.assess.legal import legal_stops
    from hrdd.catalog import default_catalog

    write_list(_isolated_home / "lists", "registry", [
        entity("Company", "registry-1", name="Caracas Vision Systems C.A.", country="ve"),
        entity("PublicBody", "registry-2", name="Ministerio del Poder Popular para Relaciones Interiores",
               country="ve"),
        entity("Ownership", "registry-3", owner="registry-2", asset="registry-1", percentage="80"),
    ])
    case = Case(
        title="ve", date=date(2026, 11, 30), seller=Seller("Seller", "US"), transaction=Transaction(),
        products=(Product(name="Cam", capabilities=("network_camera",)),),
        end_user=EndUser(name="Caracas Vision Systems C.A.", country="VE", kind=EndUserKind.PRIVATE, sector="commercial"),
        end_use=EndUse(description="x", purposes=("workplace_safety",), scale="site"), id="ve-1")
    outcome = screen_case(case, Settings(home=_isolated_home))
    assert "majority_state_owned" in {t.kind for t in outcome.party_ties}
    context = AssessmentContext(screening=outcome)
    effects = {s.embargo.id: s.effect for s in legal_stops(case, default_catalog(), context)}
    assert effects["ve_us_government"] == "prohibited"
    assert {s.effect for s in ownership_stops(case, context)} == {"review"}  # declared private: contradiction
    assert {s.embargo.id: s.effect for s in legal_stops(case, default_catalog())}["ve_us_government"] == \
        "not_applicable"  # without the list data, the declared kind decides
