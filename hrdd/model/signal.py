"""Post-sale signals: events recorded on an engagement that raise catalogue red flags.

A signal is recorded by an analyst on a case that is approved, active or suspended (an
*engagement*), or by the grievance officer's link of a grievance to a case. Its kind
(``hrdd/catalogs/signal_kinds.yaml``) names the red flags it makes true in the case's next
assessment and the responses the guidance proposes for its severity.
"""

from dataclasses import dataclass
from typing import Literal, get_args

from hrdd.model.lifecycle import State
from hrdd.model.types import Grade

# how serious a post-sale signal is
SignalSeverity = Grade
SEVERITIES: tuple[SignalSeverity, ...] = get_args(SignalSeverity)
# the guidance's responses to risk that materialises after the sale (UNGP 19; State 2020 step 7)
SignalResponse = Literal["engage", "suspend", "terminate"]
GRIEVANCE_KIND = "grievance"  # the kind recorded when a grievance is linked to a case

# the states in which analysts record signals: the case was approved and is not yet ended
ENGAGED: frozenset[State] = frozenset({State.APPROVED, State.ACTIVE, State.SUSPENDED})

# the guidance's responses (UNGP 19; State 2020 step 7), mildest first; the lifecycle action each
# response leads to, where there is one
RESPONSES: dict[SignalResponse, tuple[str, str, str | None]] = {
    "engage": ("Engage and use leverage",
               ("Raise the concern with the customer, ask for an explanation and corrective steps, and use or "
               "increase the leverage the contract gives (audits, withheld updates or support, conditions)."),
               None),
    "suspend": ("Suspend",
                ("Suspend deliveries, updates, support, training and remote access under the contract's suspension "
                "rights until the concern is resolved."), "suspend"),
    "terminate": ("Terminate",
                  ("End the relationship under the contract's termination rights, weighing the harm that ending it "
                  "may cause, and run the exit checklist."), "terminate"),
}


@dataclass(frozen=True, slots=True)
class Signal:
    """What the assessment engine reads of a recorded signal."""

    number: int  # the signal's id
    kind: str
    title: str  # the kind's title
    severity: str
    flags: tuple[str, ...]  # fact ids the signal makes true
    recorded_at: str  # ISO date
    recorded_by: str
