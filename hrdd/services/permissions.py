"""Who may do what. Every service function that reads or changes cases checks here.

Roles: ``admin`` (users and everything an analyst can do), ``analyst`` (prepares cases),
``approver`` (approves or rejects decisions; cannot prepare), ``auditor`` (reads
everything, changes nothing).
"""

from dataclasses import dataclass
from enum import StrEnum

from hrdd.exc import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    APPROVER = "approver"
    AUDITOR = "auditor"


@dataclass(frozen=True, slots=True)
class Actor:
    username: str
    role: Role


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
    "case.lifecycle": PREPARERS,
    "audit.read": frozenset({Role.ADMIN, Role.APPROVER, Role.AUDITOR}),
    "user.manage": frozenset({Role.ADMIN}),
    "screen": frozenset({Role.ADMIN, Role.ANALYST, Role.APPROVER}),
    "catalog.read": EVERYONE,
}


# how an action reads in "the auditor role may not …"
PHRASES: dict[str, str] = {
    "case.read": "read cases", "case.write": "create or change cases", "case.assess": "assess cases",
    "hit.review": "review screening hits", "evidence.read": "read evidence", "evidence.write": "upload evidence",
    "condition.write": "set conditions", "decision.propose": "propose decisions",
    "decision.approve": "approve or reject decisions", "case.reopen": "reopen decided cases",
    "case.lifecycle": "change the post-sale state of cases", "audit.read": "read the audit log",
    "user.manage": "manage users", "screen": "screen names", "catalog.read": "read the catalogue",
}


def can(actor: Actor, action: str) -> bool:
    return actor.role in PERMISSIONS[action]


def require(actor: Actor, action: str) -> None:
    if not can(actor, action):
        raise PermissionDenied(f"the {actor.role} role may not {PHRASES[action]}")
