"""A fixed database for the transparency report: cases decided in 2024 and 2025, conditions, state
changes, re-screening alerts and grievances, written with fixed times. ``build(store, order)``
writes the same content in any order of its cases (the report must not depend on insertion order).

Names that must never appear in a report are in :data:`SECRETS`.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence

from hrdd.store import Store, audit
from hrdd.store.cases import insert_case
from hrdd.store.tables import alerts, conditions, decisions, grievances, reports

# (country, capabilities, end user kind, outcome, approved on, conditions)
CASES: tuple[tuple[str, tuple[str, ...], str, str, str, tuple[str, ...]], ...] = (
    ("BR", ("video_analytics", "facial_recognition"), "government", "escalate", "2025-02-03", ()),
    ("BR", ("network_camera",), "government", "proceed", "2025-02-10", ()),
    ("DK", ("network_camera",), "private", "proceed", "2025-03-01", ()),
    ("DE", ("network_camera",), "private", "proceed", "2025-03-15", ()),
    ("NL", ("thermal_imaging",), "government", "proceed", "2025-04-01", ()),
    ("NO", ("network_camera",), "government", "proceed", "2025-04-20", ()),
    ("GB", ("video_analytics",), "government", "proceed_with_conditions", "2025-05-02",
     ("audit_logging", "human_rights_clause")),
    ("FR", ("video_analytics",), "state_owned", "proceed_with_conditions", "2025-05-09",
     ("audit_logging", "human_rights_clause")),
    ("PL", ("facial_recognition",), "government", "proceed_with_conditions", "2025-06-11",
     ("audit_logging", "human_review_required")),
    ("CL", ("facial_recognition",), "state_owned", "proceed_with_conditions", "2025-06-30",
     ("human_rights_clause",)),
    ("MX", ("video_analytics",), "government", "proceed_with_conditions", "2025-07-04", ("audit_logging",)),
    ("CO", ("network_camera",), "government", "proceed", "2025-07-19", ()),
    ("KE", ("facial_recognition",), "government", "proceed_with_conditions", "2025-08-01",
     ("audit_logging", "human_rights_clause", "human_review_required")),
    ("ET", ("lawful_interception",), "government", "do_not_proceed", "2025-08-15", ()),
    ("EG", ("deep_packet_inspection",), "state_owned", "do_not_proceed", "2025-09-01", ()),
    ("SA", ("intrusion_software",), "government", "do_not_proceed", "2025-09-20", ()),
    ("AE", ("imsi_catcher",), "government_linked", "escalate", "2025-10-02", ()),
    ("IN", ("facial_recognition",), "government", "escalate", "2025-10-30", ()),
    ("JP", ("network_camera",), "private", "proceed", "2025-11-11", ()),
    ("AU", ("thermal_imaging",), "government", "proceed", "2025-12-31", ()),
    ("US", ("network_camera",), "private", "proceed", "2025-12-01", ()),
    ("CA", ("video_analytics",), "government", "proceed_with_conditions", "2025-11-20", ("audit_logging",)),
    ("ZA", ("video_analytics",), "government", "proceed_with_conditions", "2025-03-03", ("human_rights_clause",)),
    # outside the period
    ("BR", ("intrusion_software",), "government", "do_not_proceed", "2024-12-31", ()),
    ("BR", ("network_camera",), "private", "proceed", "2026-01-01", ()),
)
# (case index, state, at)
STATE_CHANGES: tuple[tuple[int, str, str], ...] = (
    (1, "active", "2025-03-01"), (1, "suspended", "2025-06-01"), (1, "terminated", "2025-09-01"),
    (6, "active", "2025-05-10"), (6, "suspended", "2025-07-01"), (6, "active", "2025-08-01"),
    (7, "active", "2025-05-10"), (7, "suspended", "2025-10-01"),
    (2, "active", "2025-03-05"), (2, "suspended", "2026-02-01"),
)
# (created, acknowledged)
HITS: tuple[tuple[str, bool], ...] = (
    ("2025-01-15", True), ("2025-02-15", True), ("2025-04-15", False), ("2025-05-15", True),
    ("2025-07-15", True), ("2025-09-15", False), ("2025-11-15", True), ("2024-11-15", True),
)
# (category, received, acknowledged after days, closed outcome)
GRIEVANCES: tuple[tuple[str, str, int | None, str | None], ...] = (
    ("privacy", "2025-01-10", 2, "substantiated"), ("privacy", "2025-02-10", 3, "not_substantiated"),
    ("privacy", "2025-03-10", 9, None), ("privacy", "2025-04-10", 1, "partly_substantiated"),
    ("privacy", "2025-05-10", None, None), ("privacy", "2025-06-10", 5, "not_substantiated"),
    ("assembly", "2025-07-10", 2, None), ("assembly", "2025-08-10", 12, "withdrawn"),
    ("other", "2025-09-10", 1, "outside_scope"), ("expression", "2025-12-30", None, None),
    ("privacy", "2024-12-30", 1, None),
)
SECRETS: tuple[str, ...] = ("Zebrafinch Directorate", "Quokka Integrators", "ana.preparer", "bob.checker",
                            "Marisol Reporter", "marisol@example.org", "CASE-2025-", "TX-")


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def _case_text(n: int, country: str, capabilities: Sequence[str], kind: str) -> str:
    caps = ", ".join(capabilities)
    return (f"schema: hrdd.case/1\nid: TX-{n:03d}\ntitle: Sale {n} to the {SECRETS[0]}\ndate: 2025-01-01\n"
            f"seller: {{name: Example Inc., country: US}}\n"
            f"products:\n  - name: Product {n}\n    capabilities: [{caps}]\n"
            f"end_user:\n  name: {SECRETS[0]} {n}\n  country: {country}\n  kind: {kind}\n"
            f"intermediaries:\n  - {{name: {SECRETS[1]}, country: {country}, role: integrator}}\n")


def build(store: Store, order: Sequence[int] | None = None) -> None:
    order = list(order if order is not None else range(len(CASES)))
    with store.transaction() as conn:
        for n in order:
            country, caps, kind, outcome, approved, conds = CASES[n]
            case_id = f"CASE-2025-{n + 1:04d}"
            insert_case(conn, case_id=case_id, title=f"Sale to {SECRETS[0]} {n}",
                        case_text=_case_text(n, country, caps, kind), country=country,
                        end_user=f"{SECRETS[0]} {n}", created_by=SECRETS[2])
            conn.execute(reports.insert().values(
                case_id=case_id, case_revision=1, created_by=SECRETS[2], created_at=_at(approved, 8),
                report={"versions": {"engine": "assess-v2", "catalog": "2026.11.1+fixture", "hrdd": "0"}}))
            conn.execute(decisions.insert().values(
                case_id=case_id, outcome=outcome, rationale=f"decided for {SECRETS[0]}", prepared_by=SECRETS[2],
                proposed_at=_at(approved, 9), status="approved", approved_by=SECRETS[3], approved_at=_at(approved),
                case_revision=1))
            # a proposal never approved does not count
            conn.execute(decisions.insert().values(
                case_id=case_id, outcome="proceed", rationale="withdrawn", prepared_by=SECRETS[2],
                proposed_at=_at(approved, 7), status="withdrawn", case_revision=1))
            for s in conds:
                conn.execute(conditions.insert().values(case_id=case_id, safeguard=s, owner=SECRETS[2],
                                                        due=dt.date(2026, 6, 30), status="open",
                                                        note=f"agreed with {SECRETS[1]}"))
        for case_n, state, day in STATE_CHANGES:
            audit.append(conn, actor=SECRETS[3], action="case.lifecycle", entity="case",
                         entity_id=f"CASE-2025-{case_n + 1:04d}", before={"state": "previous"},
                         after={"state": state, "reason": f"{SECRETS[0]} matter"}, at=_at(day))
        for k, (day, acknowledged) in enumerate(HITS):
            conn.execute(alerts.insert().values(
                kind="screening.hit", case_id=f"CASE-2025-{k % 20 + 1:04d}", subject=f"party:{SECRETS[1]}",
                dedupe_key=f"hit-{k}", title=f"{SECRETS[1]} may be listed", audience="analyst",
                explanation={"name": SECRETS[1]}, created_at=_at(day),
                acknowledged_by=SECRETS[3] if acknowledged else None,
                acknowledged_at=_at(day, 15) if acknowledged else None))
        conn.execute(alerts.insert().values(
            kind="condition.overdue", case_id="CASE-2025-0007", subject="condition:1", dedupe_key="overdue-1",
            title="overdue", audience="analyst", explanation={}, created_at=_at("2025-06-01")))
        for k, (category, day, ack_days, outcome) in enumerate(GRIEVANCES):
            received = _at(day)
            acknowledged = None if ack_days is None else received + dt.timedelta(days=ack_days)
            conn.execute(grievances.insert().values(
                receipt_hash=hashlib.sha256(f"receipt-{k}".encode()).hexdigest(),
                state="closed" if outcome else ("acknowledged" if acknowledged else "received"),
                about="customer", category=category, subject=f"{SECRETS[0]}", country="BR",
                description=f"{SECRETS[4]} saw cameras of {SECRETS[0]}", contact=SECRETS[5],
                received_at=received, acknowledge_due=received + dt.timedelta(days=7),
                acknowledged_at=acknowledged, acknowledged_by=SECRETS[3] if acknowledged else None,
                feedback_due=received + dt.timedelta(days=97),
                closed_at=received + dt.timedelta(days=30) if outcome else None,
                closed_by=SECRETS[3] if outcome else None, outcome=outcome, updated_at=received))
