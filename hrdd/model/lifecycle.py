"""The case lifecycle: every state a case can be in, and the actions that move it.

Defined once, here. The store enforces a transition as a compare-and-set on the case row
(state and revision), the database refuses any state not listed in :data:`STATES`
(a CHECK constraint), and the services look up the permission each action needs.
``docs/service.md`` draws this table.

After the sale (docs/lifecycle.md, "Engagements"): ``activate`` is one person's act (with the
contract); ``suspend``, ``resume``, ``terminate`` and ``close`` are maker-checker: one person
requests them and a different person with the transition's ``approval`` permission approves
the request, which is when the state changes. Suspension and termination carry an exit
checklist (``hrdd/catalogs/exit_steps.yaml``).
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"  # created, edited or reopened; not assessed on its current revision
    ASSESSED = "assessed"  # the current revision has an assessment report
    PROPOSED = "proposed"  # a decision waits for a second person's approval
    APPROVED = "approved"  # the decision was approved: the case is frozen
    REJECTED = "rejected"  # the proposal was rejected; the case goes back to work
    # post-sale (the lifecycle after an approved sale)
    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    CLOSED = "closed"


STATES: tuple[str, ...] = tuple(s.value for s in State)

# a decision (proposal) row: proposed, then exactly one of the others
DECISION_STATUSES: tuple[str, ...] = ("proposed", "approved", "rejected", "withdrawn")
# a request for a post-sale transition (maker-checker): pending, then exactly one of the others
REQUEST_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected", "withdrawn")

# a case in one of these states is frozen: its content changes only through "reopen"
FROZEN: frozenset[State] = frozenset({State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATED,
                                      State.CLOSED})
# states in which the case text may be edited (an edit returns the case to draft)
EDITABLE: frozenset[State] = frozenset({State.DRAFT, State.ASSESSED, State.REJECTED})


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State
    permission: str  # a key of hrdd.services.permissions.PERMISSIONS
    # maker-checker after the sale: the permission a second person needs to approve the request
    # (None: the action is one person's, under ``permission``)
    approval: str | None = None
    # the request carries the exit checklist (hrdd/catalogs/exit_steps.yaml)
    exit_checklist: bool = False


def _t(action: str, sources: set[State], target: State, permission: str, approval: str | None = None,
       exit_checklist: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, permission, approval, exit_checklist)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    _t("edit", set(EDITABLE), State.DRAFT, "case.write"),
    _t("assess", set(EDITABLE), State.ASSESSED, "case.assess"),
    _t("propose", {State.ASSESSED, State.REJECTED}, State.PROPOSED, "decision.propose"),
    _t("withdraw", {State.PROPOSED}, State.ASSESSED, "decision.propose"),
    _t("approve", {State.PROPOSED}, State.APPROVED, "decision.approve"),
    _t("reject", {State.PROPOSED}, State.REJECTED, "decision.approve"),
    _t("reopen", {State.APPROVED, State.ACTIVE, State.SUSPENDED}, State.DRAFT, "case.reopen"),
    _t("activate", {State.APPROVED}, State.ACTIVE, "case.lifecycle"),
    _t("suspend", {State.ACTIVE}, State.SUSPENDED, "case.lifecycle", "engagement.approve", exit_checklist=True),
    _t("resume", {State.SUSPENDED}, State.ACTIVE, "case.lifecycle", "engagement.approve"),
    _t("terminate", {State.ACTIVE, State.SUSPENDED}, State.TERMINATED, "case.lifecycle", "engagement.approve",
       exit_checklist=True),
    _t("close", {State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATED}, State.CLOSED, "case.lifecycle",
       "engagement.approve"),
)}


# the actions that change the state only (post-sale): hrdd.services.engagements
STATE_ONLY: tuple[str, ...] = ("activate", "suspend", "resume", "terminate", "close")
# the post-sale actions that are requested by one person and approved by another
CHECKED: tuple[str, ...] = tuple(a for a in STATE_ONLY if TRANSITIONS[a].approval is not None)
# the states in which a case is an engagement (activated and not yet ended)
ENGAGED: frozenset[State] = frozenset({State.ACTIVE, State.SUSPENDED})


def transition(action: str) -> Transition:
    """The transition named ``action`` (KeyError for an unknown name is a programming error)."""
    return TRANSITIONS[action]


def allows(action: str, state: str) -> bool:
    """Whether ``action`` may start from ``state``."""
    return State(state) in TRANSITIONS[action].sources


def actions_from(state: str) -> list[str]:
    """The actions that may start from ``state``, in definition order."""
    return [name for name, t in TRANSITIONS.items() if State(state) in t.sources]


def is_frozen(state: str) -> bool:
    return State(state) in FROZEN


def mermaid() -> str:
    """The state diagram as Mermaid source (docs/service.md embeds it; a test compares them)."""
    lines = ["stateDiagram-v2", "    [*] --> draft: create"]
    for t in TRANSITIONS.values():
        label = f"{t.action} (request + approval)" if t.approval else t.action
        for source in sorted(t.sources, key=STATES.index):
            lines.append(f"    {source} --> {t.target}: {label}")
    return "\n".join(lines)
