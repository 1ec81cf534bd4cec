"""Grievance intake and the officer's work, on the services (SQLite, and PostgreSQL with the marker)."""

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from hrdd.exc import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited, Stale, TooLarge
from hrdd.model.grievance import Deadlines, add_months
from hrdd.services import grievance_office as office
from hrdd.services import grievances as intake
from hrdd.services.alerts import GRIEVANCE_ACK_OVERDUE, GRIEVANCE_FEEDBACK_OVERDUE, list_alerts
from hrdd.services.duedates import raise_grievances_overdue
from hrdd.services.grievance_secrets import normalise_receipt
from hrdd.services.permissions import Actor, Role
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store, audit, work
from tests.services.rescreen_fixtures import add_case

OFFICER = Actor("gina", Role.GRIEVANCE_OFFICER)
OFFICER2 = Actor("omar", Role.GRIEVANCE_OFFICER)
APPROVER = Actor("approver", Role.APPROVER)
APPROVER2 = Actor("approver2", Role.APPROVER)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET_TEXT = "The unit in Porto Alegre uses the cameras to follow journalists"
CONTACT = "maria@example.org, +55 51 5555 0100"


@pytest.fixture
def key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, key: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, grievance_keys=key,
                    grievance_receipt_keys="receipt-key-" + "x" * 32)


@pytest.fixture
def store(settings: Settings) -> Store:
    return get_store(settings)


def concern(**changes: object) -> intake.NewGrievance:
    values: dict[str, object] = {"about": "customer", "category": "privacy", "description": SECRET_TEXT,
                                 "subject": "Civil Police of the State of Example", "country": "BR"}
    values.update(changes)
    return intake.NewGrievance(**values)  # type: ignore[arg-type]


def count(store: Store, table: str) -> int:
    with store.transaction() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_an_anonymous_report_gets_a_receipt_code_that_follows_it(store: Store, settings: Settings) -> None:
    receipt = intake.submit(store, settings, concern(), "198.51.100.7")
    letters = normalise_receipt(receipt.code)
    assert letters is not None and len(letters) * 5 >= 128  # 160 bits
    assert receipt.acknowledge_due - receipt.received_at == dt.timedelta(days=7)
    assert receipt.feedback_due == add_months(receipt.received_at + dt.timedelta(days=7), 3)
    # lower case, spaces instead of dashes: the same code
    view = intake.follow(store, settings, receipt.code.lower().replace("-", " "), "198.51.100.7")
    assert (view.state, view.description, view.has_contact, view.country) == ("received", SECRET_TEXT, False, "BR")
    with store.transaction() as conn:
        stored = conn.execute(sa.text("SELECT receipt_hash, contact FROM grievances")).one()
    assert letters not in stored.receipt_hash and receipt.code not in stored.receipt_hash
    assert len(stored.receipt_hash) == 64 and stored.contact is None


def test_a_wrong_or_malformed_code_is_one_not_found(store: Store, settings: Settings) -> None:
    receipt = intake.submit(store, settings, concern(), "198.51.100.7")
    wrong = ("B" if receipt.code[0] != "B" else "C") + receipt.code[1:]
    for code in (wrong, "not a code", "A" * 32, ""):
        with pytest.raises(NotFound) as caught:
            intake.follow(store, settings, code, "198.51.100.7")
        assert caught.value.problems[0].field == "receipt_code"


def test_another_receipt_key_does_not_open_the_report(store: Store, settings: Settings) -> None:
    receipt = intake.submit(store, settings, concern(), "198.51.100.7")
    other = settings.model_copy(update={"grievance_receipt_keys": "another-key-" + "y" * 32})
    with pytest.raises(NotFound):
        intake.follow(store, other, receipt.code, "198.51.100.7")
    rotated = settings.model_copy(update={"grievance_receipt_keys": f"another-key-{'y' * 32},receipt-key-{'x' * 32}"})
    assert intake.follow(store, rotated, receipt.code, "198.51.100.7").grievance_id == receipt.grievance_id


def test_contact_details_are_encrypted_and_shown_to_officers_only(store: Store, settings: Settings, key: str) -> None:
    receipt = intake.submit(store, settings, concern(contact=CONTACT), "198.51.100.7")
    with store.transaction() as conn:
        token = conn.execute(sa.text("SELECT contact FROM grievances")).scalar_one()
    assert "maria" not in token and Fernet(key.encode()).decrypt(token.encode()).decode() == CONTACT
    assert office.grievance_view(store, OFFICER, settings, receipt.grievance_id).contact == CONTACT
    assert intake.follow(store, settings, receipt.code, "198.51.100.7").has_contact


def test_without_a_key_contact_details_are_refused_and_anonymous_reports_accepted(store: Store,
                                                                                 settings: Settings) -> None:
    keyless = settings.model_copy(update={"grievance_keys": ""})
    with pytest.raises(InvalidInput) as caught:
        intake.submit(store, keyless, concern(contact=CONTACT), "198.51.100.7")
    (problem,) = caught.value.problems
    assert problem.field == "contact" and "no encryption key" in problem.message
    assert count(store, "grievances") == 0
    assert intake.submit(store, keyless, concern(), "198.51.100.7").grievance_id == 1


def test_keys_rotate(store: Store, settings: Settings, key: str) -> None:
    receipt = intake.submit(store, settings, concern(contact=CONTACT), "198.51.100.7")
    new = Fernet.generate_key().decode()
    both = settings.model_copy(update={"grievance_keys": f"{new},{key}"})
    assert office.grievance_view(store, OFFICER, both, receipt.grievance_id).contact == CONTACT
    assert office.rotate_contacts(store, OFFICER, both) == (1, 0)
    only_new = settings.model_copy(update={"grievance_keys": new})
    assert office.grievance_view(store, OFFICER, only_new, receipt.grievance_id).contact == CONTACT
    assert office.grievance_view(store, OFFICER, settings, receipt.grievance_id).contact == office.UNREADABLE


def test_every_problem_is_named_and_nothing_is_stored(store: Store, settings: Settings) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.submit(store, settings, concern(about="weather", category="nonsense", country="XX",
                                               description="", subject="s" * 301), "198.51.100.7")
    assert {p.field for p in caught.value.problems} == {"about", "category", "country", "description", "subject"}
    assert count(store, "grievances") == 0


def test_files_over_the_limits_store_nothing(store: Store, settings: Settings) -> None:
    small = settings.model_copy(update={"grievance_attachments_max": 2, "grievance_attachment_max_bytes": 1024})
    too_many = tuple(intake.Upload(f"r{i}.pdf", PDF) for i in range(3))
    with pytest.raises(TooLarge):
        intake.submit(store, small, concern(attachments=too_many), "198.51.100.7")
    with pytest.raises(TooLarge):
        intake.submit(store, small, concern(attachments=(intake.Upload("big.pdf", PDF + b"x" * 2000),)), "198.51.100.7")
    # the second file is HTML posing as text: refused, and the first is not kept either
    mixed = (intake.Upload("ok.pdf", PDF), intake.Upload("page.txt", b"<script>alert(1)</script>"))
    with pytest.raises(InvalidInput) as caught:
        intake.submit(store, small, concern(attachments=mixed), "198.51.100.7")
    assert caught.value.problems[0].field == "attachments[1]"
    assert count(store, "grievances") == count(store, "grievance_attachments") == 0
    receipt = intake.submit(store, small, concern(attachments=(intake.Upload("../../etc/report.pdf", PDF),)),
                            "198.51.100.7")
    view = office.grievance_view(store, OFFICER, settings, receipt.grievance_id)
    (attached,) = view.attachments
    assert (attached.filename, attached.content_type, attached.size) == ("report.pdf", "application/pdf", len(PDF))
    assert office.read_attachment(store, OFFICER, receipt.grievance_id, attached.id)[1] == PDF


def test_a_failure_while_storing_keeps_nothing(store: Store, settings: Settings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd.store import grievances as rows

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(rows, "insert_attachment", fail)
    with pytest.raises(RuntimeError):
        intake.submit(store, settings, concern(attachments=(intake.Upload("r.pdf", PDF),)), "198.51.100.7")
    assert count(store, "grievances") == 0


def test_submissions_are_throttled_per_address(store: Store, settings: Settings) -> None:
    limited = settings.model_copy(update={"grievance_submissions_per_hour": 3})
    for _ in range(3):
        intake.submit(store, limited, concern(), "198.51.100.7")
    with pytest.raises(RateLimited) as caught:
        intake.submit(store, limited, concern(), "198.51.100.7")
    assert 3500 <= caught.value.retry_after <= 3600
    intake.submit(store, limited, concern(), "203.0.113.9")  # another address has its own count
    assert count(store, "grievances") == 4


def test_guessing_receipt_codes_is_throttled(store: Store, settings: Settings) -> None:
    limited = settings.model_copy(update={"grievance_lookups_per_hour": 5})
    receipt = intake.submit(store, limited, concern(), "198.51.100.7")
    for n in range(5):
        with pytest.raises(NotFound):
            intake.follow(store, limited, f"{n:032d}", "192.0.2.66")
    with pytest.raises(RateLimited):  # even the right code waits now, from that address
        intake.follow(store, limited, receipt.code, "192.0.2.66")
    assert intake.follow(store, limited, receipt.code, "198.51.100.7").grievance_id == receipt.grievance_id


def test_the_officer_works_a_grievance_from_receipt_to_closure(store: Store, settings: Settings) -> None:
    receipt = intake.submit(store, settings, concern(contact=CONTACT), "198.51.100.7")
    gid = receipt.grievance_id
    with pytest.raises(Conflict):  # not acknowledged yet
        office.transition(store, OFFICER, settings, gid, "close", 1, outcome="substantiated", note="Done")
    row = office.transition(store, OFFICER, settings, gid, "acknowledge", 1)
    assert (row.state, row.revision, row.acknowledged_by) == ("acknowledged", 2, "gina")
    assert row.feedback_due == add_months(row.acknowledged_at, 3)  # type: ignore[arg-type]
    with pytest.raises(Stale):
        office.transition(store, OFFICER, settings, gid, "review", 1)
    office.transition(store, OFFICER, settings, gid, "review", 2)
    office.send_message(store, OFFICER, gid, "Could you tell us which cameras?")
    intake.reply(store, settings, receipt.code, "The ones on the square", "198.51.100.7")
    with pytest.raises(InvalidInput) as caught:
        office.transition(store, OFFICER, settings, gid, "close", 3, outcome="maybe", note="")
    assert {p.field for p in caught.value.problems} == {"outcome", "note"}
    closed = office.transition(store, OFFICER2, settings, gid, "close", 3, outcome="substantiated",
                               note="We suspended the support contract.")
    assert (closed.state, closed.outcome, closed.closed_by) == ("closed", "substantiated", "omar")
    assert closed.feedback_at == closed.closed_at
    view = intake.follow(store, settings, receipt.code, "198.51.100.7")
    assert [m.sender for m in view.messages] == ["officer", "reporter"]
    assert (view.outcome, view.outcome_note) == ("substantiated", "We suspended the support contract.")
    with pytest.raises(Conflict):
        intake.reply(store, settings, receipt.code, "One more thing", "198.51.100.7")
    with store.transaction() as conn:
        entries = audit.entries(conn, entity_id=str(gid))
        assert audit.verify_chain(conn) == []
    assert [e.action for e in entries] == ["grievance.submit", "grievance.acknowledge", "grievance.review",
                                           "grievance.message", "grievance.message", "grievance.close"]
    logged = json.dumps([[e.actor, e.before, e.after] for e in entries])
    for secret in ("Porto Alegre", "maria", "cameras", "square", "suspended"):
        assert secret not in logged
    assert {e.actor for e in entries} == {"reporter", "gina", "omar"}


def test_only_officers_and_the_linked_cases_approvers_see_a_grievance(store: Store, settings: Settings) -> None:
    gid = intake.submit(store, settings, concern(contact=CONTACT), "198.51.100.7").grievance_id
    for actor in (Actor("analyst", Role.ANALYST), Actor("admin", Role.ADMIN), Actor("auditor", Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            office.grievance_view(store, actor, settings, gid)
        with pytest.raises(PermissionDenied):
            office.list_grievances(store, actor)
    # an approver: the same "not found" as for a grievance that does not exist
    for missing in (gid, gid + 1000):
        with pytest.raises(NotFound) as caught:
            office.grievance_view(store, APPROVER, settings, missing)
        assert str(missing) in caught.value.message
    assert office.list_grievances(store, APPROVER) == ([], 0)
    case_id = add_case(store)
    with store.transaction() as conn:
        decision = work.insert_decision(conn, case_id=case_id, case_revision=1, outcome="proceed", rationale="r",
                                        prepared_by="analyst")
    linked = office.link_case(store, OFFICER, gid, case_id, 1)
    assert (linked.case_id, linked.revision) == (case_id, 2)
    # a proposal waits: every approver may be the one to decide it
    assert office.grievance_view(store, APPROVER2, settings, gid).grievance.id == gid
    with store.transaction() as conn:
        work.resolve_decision(conn, decision.id, status="approved", approved_by="approver", note="ok")
    view = office.grievance_view(store, APPROVER, settings, gid)
    assert view.grievance.description == SECRET_TEXT and view.contact is None  # contact: officers only
    assert [r.id for r in office.list_grievances(store, APPROVER)[0]] == [gid]
    with pytest.raises(NotFound):
        office.grievance_view(store, APPROVER2, settings, gid)
    with pytest.raises(PermissionDenied):
        office.transition(store, APPROVER, settings, gid, "acknowledge", 2)


def test_linking_needs_an_existing_case(store: Store, settings: Settings) -> None:
    gid = intake.submit(store, settings, concern(), "198.51.100.7").grievance_id
    with pytest.raises(InvalidInput) as caught:
        office.link_case(store, OFFICER, gid, "CASE-2026-9999", 1)
    assert caught.value.problems[0].field == "case_id"


def test_missed_deadlines_alert_the_officers_once(store: Store, settings: Settings) -> None:
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    late = intake.submit(store, settings, concern(), "198.51.100.7", now=start).grievance_id
    answered = intake.submit(store, settings, concern(), "198.51.100.7", now=start + dt.timedelta(days=2)).grievance_id
    assert raise_grievances_overdue(store, start + dt.timedelta(days=6)) == []
    (alert_id,) = raise_grievances_overdue(store, start + dt.timedelta(days=8))
    assert raise_grievances_overdue(store, start + dt.timedelta(days=8, hours=1)) == []
    assert len(raise_grievances_overdue(store, start + dt.timedelta(days=10))) == 1  # the other one is late now
    assert raise_grievances_overdue(store, start + dt.timedelta(days=11)) == []
    alerts, _ = list_alerts(store, OFFICER)
    assert {a.kind for a in alerts} == {GRIEVANCE_ACK_OVERDUE}
    assert all(SECRET_TEXT not in a.title and "Civil Police" not in json.dumps(a.explanation) for a in alerts)
    assert list_alerts(store, Actor("analyst", Role.ANALYST))[0] == []
    for gid in (late, answered):
        office.transition(store, OFFICER, settings, gid, "acknowledge", 1)
    office.send_message(store, OFFICER, answered, "We suspended deliveries while we look into it.", feedback=True)
    after = dt.datetime.now(dt.UTC) + dt.timedelta(days=100)
    raised = raise_grievances_overdue(store, after)
    alerts, _ = list_alerts(store, OFFICER)
    feedback = [a for a in alerts if a.kind == GRIEVANCE_FEEDBACK_OVERDUE]
    assert len(raised) == 1 and [a.explanation["grievance"] for a in feedback] == [late]
    assert raise_grievances_overdue(store, after) == []
    assert alert_id in {a.id for a in alerts}


def test_deadlines_follow_the_directive() -> None:
    received = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    due = Deadlines()
    assert due.acknowledge_due(received) == dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)
    # acknowledged on day 2: three months from then; never acknowledged or late: from the end of the 7 days
    assert due.feedback_due(received, received + dt.timedelta(days=2)) == dt.datetime(2027, 2, 25, 10, tzinfo=dt.UTC)
    assert due.feedback_due(received, None) == dt.datetime(2027, 2, 28, 10, tzinfo=dt.UTC)
    assert due.feedback_due(received, received + dt.timedelta(days=20)) == dt.datetime(2027, 2, 28, 10, tzinfo=dt.UTC)
    assert add_months(dt.datetime(2027, 1, 31), 1) == dt.datetime(2027, 2, 28)
    assert Deadlines(14, 6).acknowledge_due(received) == received + dt.timedelta(days=14)


def close_at_once(store: Store, settings: Settings, grievance_id: int, officers: list[Actor]) -> list[str]:
    """Every officer closes the grievance (at revision 2) in its own thread, released together."""
    barrier = threading.Barrier(len(officers))
    results: list[str] = [""] * len(officers)

    def close(i: int) -> None:
        barrier.wait()
        try:
            office.transition(store, officers[i], settings, grievance_id, "close", 2,
                              outcome="not_substantiated", note=f"closing number {i}")
            results[i] = "won"
        except Conflict as err:  # Stale is a Conflict: the loser read the new revision
            results[i] = type(err).__name__

    threads = [threading.Thread(target=close, args=(i,)) for i in range(len(officers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_officers_closing_at_once_one_wins(store: Store, settings: Settings) -> None:
    for _ in range(3):
        gid = intake.submit(store, settings, concern(), "198.51.100.7").grievance_id
        office.transition(store, OFFICER, settings, gid, "acknowledge", 1)
        results = close_at_once(store, settings, gid, [OFFICER, OFFICER2] * 4)
        assert results.count("won") == 1, results
        assert set(results) <= {"won", "Conflict", "Stale"}
        with store.transaction() as conn:
            actions = [e.action for e in audit.entries(conn, entity_id=str(gid))]
        assert actions.count("grievance.close") == 1
        winner = results.index("won")
        assert office.grievance_view(store, OFFICER, settings, gid).grievance.outcome_note == f"closing number {winner}"
