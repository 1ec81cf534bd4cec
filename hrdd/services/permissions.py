"""Who may do what. Every service function that reads or changes cases checks here.

Roles: ``admin`` (users and everything an analyst can do), ``analyst`` (prepares cases),
``approver`` (approves or rejects decisions; cannot prepare), ``auditor`` (reads
everything, changes nothing), ``grievance_officer`` (handles grievances raised from outside:
acknowledges, reviews, answers the reporter, links to cases, closes with an outcome).
Grievances are the one thing an admin or auditor does not see: their content is for the
grievance officers and, once a grievance is linked to a case, that case's approvers
(hrdd.services.grievance_office decides that per grievance).

A request made with an API key also carries the key's scopes (``screen``, ``read``,
``write``): an action needs both the role and a scope that covers it, so a key never does
more than its user's role allows. No scope covers approving decisions, reopening a case,
its post-sale lifecycle (activating, requesting or approving a suspension, resumption,
termination or closure), waiving a condition, managing users or managing keys: those stay
with a person logged in.
"""

from dataclasses import dataclass
from enum import StrEnum

from hrdd.exc import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    APPROVER = "approver"
    AUDITOR = "auditor"
    GRIEVANCE_OFFICER = "grievance_officer"


@dataclass(frozen=True, slots=True)
class Actor:
    username: str
    role: Role
    scopes: frozenset[str] | None = None  # None: a logged-in person; a set: an API key's scopes


EVERYONE = frozenset(Role)
PREPARERS = frozenset({Role.ADMIN, Role.ANALYST})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "case.read": EVERYONE,
    "case.write": PREPARERS,
    "case.assess": PREPARERS,
    "hit.review": PREPARERS,
    "evidence.read": EVERYONE,
    "evidence.write": PREPARERS,
    "condition.write": PREPARERS,
    "decision.propose": PREPARERS,
    "decision.approve": frozenset({Role.APPROVER}),
    "case.reopen": frozenset({Role.ADMIN, Role.APPROVER}),
    "case.lifecycle": PREPARERS,  # activate an engagement; request a suspension, resumption, termination, closure
    "engagement.approve": frozenset({Role.APPROVER}),  # approve or reject such a request (not one's own)
    "engagement.review": frozenset({Role.ADMIN, Role.ANALYST, Role.APPROVER}),  # record a periodic review
    "engagement.checklist": PREPARERS,  # tick the exit checklist of a suspension or termination
    "condition.waive": frozenset({Role.APPROVER}),  # waive an obligation, with a reason
    "signal.record": PREPARERS,
    "audit.read": frozenset({Role.ADMIN, Role.APPROVER, Role.AUDITOR}),
    "user.manage": frozenset({Role.ADMIN}),
    "screen": frozenset({Role.ADMIN, Role.ANALYST, Role.APPROVER}),
    "catalog.read": EVERYONE,
    "alert.read": EVERYONE,
    "alert.ack": frozenset({Role.ADMIN, Role.ANALYST, Role.APPROVER}),
    "account.manage": EVERYONE,
    "grievance.handle": frozenset({Role.GRIEVANCE_OFFICER}),
    # approvers only for grievances linked to a case they decide (checked per grievance)
    "grievance.read": frozenset({Role.GRIEVANCE_OFFICER, Role.APPROVER}),
    # the transparency report: anyone drawing figures (aggregates only) and proposing a snapshot;
    # an approver (a different person, checked per report) publishes or rejects it
    "transparency.draw": frozenset({Role.ADMIN, Role.ANALYST, Role.APPROVER, Role.AUDITOR}),
    "transparency.propose": PREPARERS,
    "transparency.publish": frozenset({Role.APPROVER}),
}

READS = frozenset({"case.read", "evidence.read", "audit.read", "catalog.read", "alert.read", "transparency.draw"})
# what each API key scope covers (still within the role); "write" is what preparing a case needs
SCOPES: dict[str, frozenset[str]] = {
    "screen": frozenset({"screen"}),
    "read": READS,
    "write": READS | {"case.write", "case.assess", "hit.review", "evidence.write", "condition.write",
                      "decision.propose", "alert.ack", "engagement.review", "engagement.checklist",
                      "signal.record"},
}


# how an action reads in "the auditor role may not …"
PHRASES: dict[str, str] = {
    "case.read": "read cases", "case.write": "create or change cases", "case.assess": "assess cases",
    "hit.review": "review screening hits", "evidence.read": "read evidence", "evidence.write": "upload evidence",
    "condition.write": "set conditions", "decision.propose": "propose decisions",
    "decision.approve": "approve or reject decisions", "case.reopen": "reopen decided cases",
    "case.lifecycle": "change the post-sale state of cases", "audit.read": "read the audit log",
    "engagement.approve": "approve or reject post-sale requests", "engagement.review": "record engagement reviews",
    "engagement.checklist": "tick exit checklists", "condition.waive": "waive conditions",
    "signal.record": "record post-sale signals",
    "user.manage": "manage users", "screen": "screen names", "catalog.read": "read the catalogue",
    "alert.read": "read alerts", "alert.ack": "acknowledge alerts",
    "account.manage": "change passwords or manage API keys",
    "grievance.handle": "handle grievances", "grievance.read": "read grievances",
    "transparency.draw": "draw the transparency report's figures",
    "transparency.propose": "propose a transparency report",
    "transparency.publish": "publish or reject a transparency report",
}


def scope_covers(scopes: frozenset[str], action: str) -> bool:
    return any(action in SCOPES.get(scope, ()) for scope in scopes)


def can(actor: Actor, action: str) -> bool:
    return actor.role in PERMISSIONS[action] and (actor.scopes is None or scope_covers(actor.scopes, action))


def require(actor: Actor, action: str) -> None:
    if actor.role not in PERMISSIONS[action]:
        raise PermissionDenied(f"the {actor.role} role may not {PHRASES[action]}")
    if actor.scopes is not None and not scope_covers(actor.scopes, action):
        scopes = " ".join(sorted(actor.scopes)) or "none"
        raise PermissionDenied(f"this API key (scopes: {scopes}) may not {PHRASES[action]}")
