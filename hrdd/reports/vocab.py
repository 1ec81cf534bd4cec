"""The words reports print for the closed vocabularies of ``hrdd.report/1``.

Levels and recommendations are always printed as words, never shown by colour alone. The
vocabularies themselves are defined in ``hrdd.model`` and ``hrdd.catalog.spec``; this module only
says how they are printed (tests/test_vocabularies.py).
"""

from typing import get_args

from hrdd.catalog.spec import StepId
from hrdd.model import RISK_LEVELS, Recommendation, Tristate

LEVELS: tuple[str, ...] = tuple(level.value for level in RISK_LEVELS)

LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}

RECOMMENDATIONS: dict[str, str] = {
    Recommendation.PROCEED: "Proceed",
    Recommendation.PROCEED_WITH_CONDITIONS: "Proceed with conditions",
    Recommendation.ESCALATE: "Escalate",
    Recommendation.DO_NOT_PROCEED: "Do not proceed",
}

RECOMMENDATION_MEANING: dict[str, str] = {
    Recommendation.PROCEED: "No risk above the company's appetite was found; keep monitoring after the sale.",
    Recommendation.PROCEED_WITH_CONDITIONS: (
        "Proceed only once the conditions listed below are agreed and in place."
    ),
    Recommendation.ESCALATE: (
        "The case needs a decision above the analyst: open questions or high residual risk "
        "remain. Do not proceed until it is decided."
    ),
    Recommendation.DO_NOT_PROCEED: (
        "A hard stop or a risk the safeguards cannot bring within appetite was found. "
        "Do not proceed with the transaction."
    ),
}

OUT_OF_SCOPE_MEANING = (
    "The guidance's human-rights due diligence does not apply to this transaction, for the reasons "
    "under Scope. Ordinary export-control and sanctions obligations still apply."
)

# The ten steps of the due diligence in the order the guidance takes them.
STEP_ORDER: tuple[str, ...] = get_args(StepId)

FLAG_STATUS: dict[str, str] = {
    Tristate.TRUE: "Present",
    Tristate.FALSE: "Not present",
    Tristate.UNKNOWN: "Unknown",
}

NOT_A_LEGAL_DETERMINATION = (
    "This report is decision support, not a legal determination. It does not say whether an "
    "export licence is required or whether a transaction is lawful; people decide, and a "
    "second approver records the decision."
)

SCREENING_NOT_DONE = (
    "Screening was not done: no sanctions or export-control lists were loaded, so the end "
    "user, its parent and the intermediaries were not checked against any list. This is a "
    "gap, not a pass."
)


def humanise(identifier: str) -> str:
    """``human_rights_clause`` -> ``Human rights clause`` (for ids the report gives no title)."""
    text = identifier.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


def level_label(level: str) -> str:
    return level.capitalize()


def text(value: object) -> str:
    """A report value as printable text: ``None`` is empty, booleans read as JSON does."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)
