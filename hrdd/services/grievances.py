"""Grievance intake: anyone, without an account, raises a concern about a product, customer or
country, follows it with the receipt code and exchanges messages with the grievance officers.

Every public call is throttled per client address before anything else is done (counted in
the database, shared by every worker). A submission is checked whole — every field, the
number, size and type of the files — and then stored in one transaction, attachments
included, or not at all. Nothing the reporter wrote is ever logged: the audit log records
that a grievance was submitted (its number, category, number of files and whether contact
details were given), never its text or contact.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem, TooLarge
from hrdd.model.grievance import ABOUT, OTHER_CATEGORY, OUTCOMES, Deadlines, GrievanceState
from hrdd.model.limits import CONTACT_MAX, SUBJECT_MAX, TEXT_MAX
from hrdd.services import grievance_secrets as secrets
from hrdd.services.evidence import safe_filename, sniff
from hrdd.services.throttle import reserve_public
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store import grievances as rows

REPORTER = "reporter"  # the audit log's actor for what a reporter does (never a name or address)
SUBMIT, LOOKUP = "grievance-submit", "grievance-lookup"  # throttle buckets


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class NewGrievance:
    about: str
    category: str
    description: str
    subject: str = ""
    country: str = ""
    contact: str = ""
    attachments: tuple[Upload, ...] = ()


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the reporter is shown once: the code, and when to expect what."""

    code: str
    grievance_id: int
    received_at: dt.datetime
    acknowledge_due: dt.datetime
    feedback_due: dt.datetime


@dataclass(frozen=True, slots=True)
class ReporterMessage:
    sender: str  # "reporter" or "officer" (officers are not named to the reporter)
    body: str
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReporterView:
    """What the receipt code shows: the reporter's own grievance, never who handles it."""

    grievance_id: int
    state: str
    about: str
    category: str
    subject: str
    country: str | None
    description: str
    has_contact: bool
    received_at: dt.datetime
    acknowledge_due: dt.datetime
    acknowledged_at: dt.datetime | None
    feedback_due: dt.datetime
    closed_at: dt.datetime | None
    outcome: str | None
    outcome_explanation: str | None
    outcome_note: str | None
    attachments: list[str] = field(default_factory=list)
    messages: list[ReporterMessage] = field(default_factory=list)


def deadlines(settings: Settings) -> Deadlines:
    return Deadlines(settings.grievance_acknowledge_days, settings.grievance_feedback_months)


def categories() -> dict[str, str]:
    """The categories a concern may have: the rights of the catalogue, then "other"."""
    from hrdd.catalog import default_catalog

    return {**{r.id: r.title for r in default_catalog().rights.values()}, OTHER_CATEGORY: "Something else"}


def _text_problem(value: str, name: str, limit: int, *, required: bool = False) -> Problem | None:
    if required and not value.strip():
        return Problem(f"{name} is required", field=name)
    if len(value) > limit:
        return Problem(f"{name} is too long", field=name, expected=f"at most {limit} characters",
                       found=f"{len(value)} characters")
    if "\x00" in value:
        return Problem(f"{name} must not contain NUL characters", field=name)
    return None


def _country(code: str) -> tuple[str | None, Problem | None]:
    from hrdd.countries.iso import get_country

    if not code.strip():
        return None, None
    found = get_country(code) if len(code.strip()) in (2, 3) else None
    if found is None:
        return None, Problem("unknown country", field="country", expected="an ISO 3166 code such as BR",
                             found=repr(code[:40]))
    return found.alpha2, None


def _check_files(settings: Settings, uploads: tuple[Upload, ...]) -> list[tuple[str, str, bytes]]:
    """Count, size and type of every file (count and size first: 413 for too many or too large)."""
    if len(uploads) > settings.grievance_attachments_max:
        raise TooLarge("too many files", [Problem("too many files", field="attachments",
                                                  expected=f"at most {settings.grievance_attachments_max}",
                                                  found=str(len(uploads)))])
    limit = settings.grievance_attachment_max_bytes
    for n, upload in enumerate(uploads):
        if len(upload.data) > limit:
            raise TooLarge("a file is too large", [Problem("file too large", field=f"attachments[{n}]",
                                                           expected=f"at most {limit / (1024 * 1024):g} MB",
                                                           found=f"{len(upload.data)} bytes")])
    checked = []
    for n, upload in enumerate(uploads):
        if not upload.data:
            raise InvalidInput("empty file", [Problem("the file is empty", field=f"attachments[{n}]")])
        name = safe_filename(upload.filename)
        try:
            content_type = sniff(upload.data, name)
        except InvalidInput as err:
            raise InvalidInput(err.message, [Problem(p.message, field=f"attachments[{n}]", expected=p.expected,
                                                     found=p.found) for p in err.problems]) from None
        checked.append((name, content_type, upload.data))
    return checked


def _checked(settings: Settings, new: NewGrievance) -> tuple[str | None, list[tuple[str, str, bytes]]]:
    """The country code and the checked files; InvalidInput naming every field that is wrong."""
    files = _check_files(settings, new.attachments)
    problems = [p for p in (
        _text_problem(new.description, "description", TEXT_MAX, required=True),
        _text_problem(new.subject, "subject", SUBJECT_MAX),
        _text_problem(new.contact, "contact", CONTACT_MAX)) if p is not None]
    if new.about not in ABOUT:
        problems.append(Problem("unknown subject kind", field="about", expected=" or ".join(ABOUT),
                                found=repr(new.about[:40])))
    known = categories()
    if new.category not in known:
        problems.append(Problem("unknown category", field="category", expected=", ".join(known),
                                found=repr(new.category[:80])))
    country, country_problem = _country(new.country)
    if country_problem:
        problems.append(country_problem)
    if new.contact.strip() and secrets.contact_cipher(settings) is None:
        problems.append(Problem(
            "this service cannot keep contact details safely (no encryption key is configured); leave them "
            "out and follow your report with the receipt code instead", field="contact"))
    if problems:
        raise InvalidInput("the report has problems", problems)
    return country, files


def submit(store: Store, settings: Settings, new: NewGrievance, client: str,
           now: dt.datetime | None = None) -> Receipt:
    """Store a new grievance and its files in one transaction; the receipt code is returned only here."""
    reserve_public(store, SUBMIT, client, settings.grievance_submissions_per_hour)
    country, files = _checked(settings, new)
    cipher = secrets.contact_cipher(settings)
    contact = secrets.encrypt_contact(cipher, new.contact.strip()) if cipher and new.contact.strip() else None
    code = secrets.new_receipt_code()
    received = now or dt.datetime.now(dt.UTC)
    due = deadlines(settings)
    acknowledge_due, feedback_due = due.acknowledge_due(received), due.feedback_due(received, None)
    values: dict[str, Any] = {"receipt_hash": secrets.receipt_digest(settings, secrets.normalise_receipt(code) or ""),
              "state": GrievanceState.RECEIVED.value, "about": new.about, "category": new.category,
              "subject": new.subject.strip(), "country": country, "description": new.description.strip(),
              "contact": contact, "received_at": received, "acknowledge_due": acknowledge_due,
              "feedback_due": feedback_due}
    with store.transaction() as conn:
        grievance_id = rows.insert_grievance(conn, values)
        for name, content_type, data in files:
            rows.insert_attachment(conn, grievance_id=grievance_id, filename=name, content_type=content_type,
                                   data=data, sha256=hashlib.sha256(data).hexdigest())
        audit.append(conn, actor=REPORTER, action="grievance.submit", entity="grievance", entity_id=str(grievance_id),
                     after={"state": values["state"], "about": new.about, "category": new.category,
                            "attachments": len(files), "contact": contact is not None})
    return Receipt(code, grievance_id, received, acknowledge_due, feedback_due)


def _by_receipt(conn: Any, settings: Settings, code: str) -> rows.GrievanceRow:
    """The grievance of this receipt code; one NotFound for a malformed, unknown or wrong code."""
    letters = secrets.normalise_receipt(code)
    digests = secrets.receipt_digests(settings, letters or "-")
    found = rows.find_by_receipt(conn, digests) if letters else None
    if found is None or not secrets.digest_matches(found[1], digests):
        raise NotFound("no report has this receipt code; check it and try again", [Problem(
            "unknown receipt code", field="receipt_code", expected="the code shown when the report was made")])
    return found[0]


def _view(conn: Any, row: rows.GrievanceRow) -> ReporterView:
    messages = rows.list_messages(conn, row.id)
    files = rows.list_attachments(conn, row.id)
    return ReporterView(
        grievance_id=row.id, state=row.state, about=row.about, category=row.category, subject=row.subject,
        country=row.country, description=row.description, has_contact=row.contact is not None,
        received_at=row.received_at, acknowledge_due=row.acknowledge_due, acknowledged_at=row.acknowledged_at,
        feedback_due=row.feedback_due, closed_at=row.closed_at, outcome=row.outcome,
        outcome_explanation=OUTCOMES.get(row.outcome or ""), outcome_note=row.outcome_note,
        attachments=[f.filename for f in files],
        messages=[ReporterMessage(m.sender, m.body, m.sent_at) for m in messages])


def follow(store: Store, settings: Settings, code: str, client: str) -> ReporterView:
    """What the reporter sees with the receipt code (each look-up is throttled per address)."""
    reserve_public(store, LOOKUP, client, settings.grievance_lookups_per_hour)
    with store.transaction() as conn:
        return _view(conn, _by_receipt(conn, settings, code))


def reply(store: Store, settings: Settings, code: str, body: str, client: str) -> ReporterView:
    """The reporter writes to the grievance officers (until the grievance is closed)."""
    reserve_public(store, LOOKUP, client, settings.grievance_lookups_per_hour)
    problem = _text_problem(body, "body", TEXT_MAX, required=True)
    if problem:
        raise InvalidInput("the message has problems", [problem])
    with store.transaction() as conn:
        row = _by_receipt(conn, settings, code)
        if row.state == GrievanceState.CLOSED:
            raise Conflict("this report is closed; make a new report for a new concern")
        message_id = rows.insert_message(conn, grievance_id=row.id, sender="reporter", officer=None,
                                         body=body.strip(), feedback=False, sent_at=dt.datetime.now(dt.UTC))
        audit.append(conn, actor=REPORTER, action="grievance.message", entity="grievance", entity_id=str(row.id),
                     after={"message": message_id, "sender": "reporter"})
        return _view(conn, row)
