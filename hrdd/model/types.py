"""Closed vocabularies shared across the core."""

from enum import StrEnum
from typing import Literal

# a three-grade rating, mildest first: a purpose's risk, the confidence of an assessment, a signal's severity
Grade = Literal["low", "medium", "high"]


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return RISK_LEVELS.index(self)


RISK_LEVELS: tuple[RiskLevel, ...] = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL)


class Recommendation(StrEnum):
    PROCEED = "proceed"
    PROCEED_WITH_CONDITIONS = "proceed_with_conditions"
    ESCALATE = "escalate"
    DO_NOT_PROCEED = "do_not_proceed"
