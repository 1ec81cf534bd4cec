"""Post-sale signals: the catalogue of kinds, recording on an engagement (compare-and-set, audited),
the engine raising each kind's red flags, and the grievance link recording one."""

import threading
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from hrdd.assess import assess
from hrdd.catalog import default_catalog, load_catalog
from hrdd.exc import CatalogError, Conflict, InvalidInput, PermissionDenied
from hrdd.model import AssessmentContext
from hrdd.model.signal import RESPONSES, Signal
from hrdd.services import cases, signals
from hrdd.services import grievance_office as office
from hrdd.services import grievances as intake
from hrdd.services.permissions import Actor, Role
from hrdd.services.signals import SignalInput
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store, audit
from tests.assess.factory import answered, make_case, make_catalog
from tests.services.signal_fixtures import ANALYST, APPROVER, approved_case

MISUSE = SignalInput(kind="misuse_report", severity="high", source="Citizen Lab report, 2026-11-30",
                     description="Forensic analysis found the platform used to follow two journalists.")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, grievance_keys=Fernet.generate_key().decode(),
                    grievance_receipt_keys="receipt-key-" + "x" * 32)


@pytest.fixture
def store(settings: Settings) -> Store:
    return get_store(settings)


def test_every_kind_of_signal_names_red_flags_cites_the_guidance_and_proposes_responses() -> None:
    catalog = default_catalog()
    assert set(catalog.signal_kinds) == {"misuse_report", "end_user_change", "capability_request",
                                         "third_party_transfer", "audit_refused", "grievance"}
    for kind in catalog.signal_kinds.values():
        assert kind.flags and all(flag in catalog.facts for flag in kind.flags)
        assert kind.citations and all(catalog.citation(c) for c in kind.citations)
        assert kind.reconstructed  # the guidance's post-sale wording was not seen in text: [R]
        for severity in ("low", "medium", "high"):
            assert set(getattr(kind.responses, severity)) <= set(RESPONSES)


def _overlay(tmp_path: Path, flags: str, high: str) -> Path:
    overlay = tmp_path / "signals.yaml"
    overlay.write_text("kind: signal_kinds\nversion: 2026.11.1\nitems:\n"
                       "  - id: price_dispute\n    title: Price dispute\n    explanation: Not a red flag.\n"
                       f"    flags: [{flags}]\n    default_severity: low\n"
                       f"    responses: {{low: [engage], medium: [engage], high: [{high}]}}\n", encoding="utf-8")
    return overlay


def test_a_kind_naming_an_unknown_red_flag_or_response_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as flag:
        load_catalog([_overlay(tmp_path, "no_such_flag", "suspend")])
    assert {(p.item, p.field) for p in flag.value.problems} == {("price_dispute", "flags[0]")}
    with pytest.raises(CatalogError) as response:
        load_catalog([_overlay(tmp_path, "secrecy_demanded", "walk_away")])
    assert ("price_dispute", "responses.high[0]") in {(p.item, p.field) for p in response.value.problems}
    assert "price_dispute" in load_catalog([_overlay(tmp_path, "secrecy_demanded", "suspend")]).signal_kinds


def test_the_engine_raises_a_signals_flags_and_says_which_signal() -> None:
    case = make_case(facts=answered(end_user_record_of_misuse="false"))
    catalog = make_catalog()
    before = assess(case, catalog, AssessmentContext())
    signal = Signal(number=7, kind="misuse_report", title="Credible report of misuse", severity="high",
                    flags=("end_user_record_of_misuse",), recorded_at="2026-12-06", recorded_by="ana")
    after = assess(case, catalog, AssessmentContext(signals=(signal,)))
    (flag,) = [f for f in after.flags if f.id == "end_user_record_of_misuse"]
    (was,) = [f for f in before.flags if f.id == "end_user_record_of_misuse"]
    assert was.status == "false" and flag.status == "true"  # the analyst's old "false" does not hold it back
    assert flag.source == "signal:7" and "signal 7" in flag.explanation
    assert any("post-sale signal 7" in e.source for e in flag.evidence)
    assert after.likelihood.raw > before.likelihood.raw


def test_an_analyst_records_a_signal_on_an_engagement_only(store: Store, settings: Settings) -> None:
    draft = cases.create_case(store, ANALYST, (Path(__file__).parents[1].parent / "examples" /
                                               "05-body-cameras-police-gb.yaml").read_text()).id
    with pytest.raises(Conflict):
        signals.record_signal(store, ANALYST, draft, MISUSE)
    case_id = approved_case(store, settings)
    with pytest.raises(PermissionDenied):
        signals.record_signal(store, APPROVER, case_id, MISUSE)
    row = signals.record_signal(store, ANALYST, case_id, MISUSE)
    assert (row.case_id, row.kind, row.severity, row.recorded_by) == (case_id, "misuse_report", "high", "ana")
    with store.transaction() as conn:
        entries = [e for e in audit.entries(conn, entity_id=case_id) if e.action == "signal.record"]
    assert [e.after["signal"] for e in entries] == [row.id]
    shown = signals.signal_dict(row)
    assert [r["id"] for r in shown["responses"]] == ["suspend", "terminate"]
    assert shown["flags"] == ["end_user_record_of_misuse"]
    default = signals.record_signal(store, ANALYST, case_id, SignalInput(
        kind="capability_request", description="The customer asked for the face-search module.",
        source="e-mail of 2026-12-01"))
    assert default.severity == "medium"  # the kind's default severity
    assert [s.id for s in signals.list_signals(store, ANALYST, case_id)] == [row.id, default.id]


def test_bad_signal_input_names_every_field(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    with pytest.raises(InvalidInput) as caught:
        signals.record_signal(store, ANALYST, case_id, SignalInput(kind="gossip", severity="extreme",
                                                                   description="short", source=""))
    assert {p.field for p in caught.value.problems} == {"kind", "severity", "description", "source"}
    with pytest.raises(InvalidInput) as grievance:
        signals.record_signal(store, ANALYST, case_id, SignalInput(kind="grievance", description="x" * 20,
                                                                   source="a grievance"))
    assert grievance.value.problems[0].field == "kind"  # recorded by linking the grievance, not by hand
    with pytest.raises(InvalidInput) as evidence:
        signals.record_signal(store, ANALYST, case_id, SignalInput(kind="audit_refused", evidence_id=999,
                                                                   description="The audit was refused.",
                                                                   source="letter of 2026-12-02"))
    assert evidence.value.problems[0].field == "evidence_id"
    assert signals.list_signals(store, ANALYST, case_id) == []


def test_a_reopened_case_is_assessed_with_its_signals(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    row = signals.record_signal(store, ANALYST, case_id, MISUSE)
    cases.reopen_case(store, APPROVER, case_id, "Re-assess after the misuse report")
    report = cases.assess_stored_case(store, ANALYST, case_id, settings=settings, screen=False)
    (flag,) = [f for f in report["red_flags"] if f["id"] == "end_user_record_of_misuse"]
    assert flag["status"] == "true" and flag["source"] == f"signal:{row.id}"
    assert f"signal {row.id}" in flag["explanation"]


def test_linking_a_grievance_records_a_signal_by_number_only(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    secret = "The unit in Porto Alegre uses the cameras to follow journalists"
    gid = intake.submit(store, settings, intake.NewGrievance(about="customer", category="privacy",
                                                             description=secret, subject="Civil Police",
                                                             country="BR"), "198.51.100.7").grievance_id
    officer = Actor("gina", Role.GRIEVANCE_OFFICER)
    office.link_case(store, officer, gid, case_id, 1)
    (row,) = signals.list_signals(store, Actor("aud", Role.AUDITOR), case_id)
    assert (row.kind, row.grievance_id, row.recorded_by) == ("grievance", gid, "gina")
    shown = str(signals.signal_dict(row))
    assert f"Grievance {gid}" in shown and secret not in shown and "Civil Police" not in shown
    with store.transaction() as conn:
        actions = [e.action for e in audit.entries(conn, entity_id=case_id)]
    assert "signal.record" in actions


def test_a_failed_link_records_no_signal(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    gid = intake.submit(store, settings, intake.NewGrievance(about="customer", category="privacy",
                                                             description="Cameras follow journalists here.",
                                                             subject="", country="BR"), "198.51.100.7").grievance_id
    officer = Actor("gina", Role.GRIEVANCE_OFFICER)
    with pytest.raises(Conflict):
        office.link_case(store, officer, gid, case_id, 5)  # stale revision: nothing changes
    assert signals.list_signals(store, ANALYST, case_id) == []


def test_signals_racing_a_reopen_are_recorded_only_while_the_case_is_engaged(store: Store,
                                                                            settings: Settings) -> None:
    case_id = approved_case(store, settings)
    barrier = threading.Barrier(5)
    outcomes: list[str] = []

    def record() -> None:
        barrier.wait()
        try:
            signals.record_signal(store, ANALYST, case_id, MISUSE)
            outcomes.append("recorded")
        except Conflict:
            outcomes.append("conflict")

    def reopen() -> None:
        barrier.wait()
        cases.reopen_case(store, APPROVER, case_id, "Reopened while signals arrive")
        outcomes.append("reopened")

    threads = [threading.Thread(target=record) for _ in range(4)] + [threading.Thread(target=reopen)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(outcomes) <= {"conflict", "recorded", "reopened"} and outcomes.count("reopened") == 1 and len(outcomes) == 5
    recorded = signals.list_signals(store, ANALYST, case_id)
    assert len(recorded) == outcomes.count("recorded")
    with store.transaction() as conn:
        entries = audit.entries(conn, entity_id=case_id)
    reopened_at = next(e.seq for e in entries if e.action == "case.reopen")
    # every recorded signal's audit entry precedes the reopen: none was recorded on the reopened case
    assert all(e.seq < reopened_at for e in entries if e.action == "signal.record")
