"""The assessment engine: pure, deterministic, versioned (scope, severity, likelihood, residual risk, recommendation).

    from hrdd.assess import assess, ENGINE_VERSION
    assessment = assess(case, catalog, context)

``ENGINE_VERSION`` names the method; a change to any formula or policy rule gets a new one.
The method is written down for compliance officers in ``docs/method.md``.
"""

from hrdd.assess.conditions import FIELDS, build_view, evaluate_condition, validate_condition
from hrdd.assess.engine import ENGINE_VERSION, assess
from hrdd.assess.result import (
    AppliedSafeguard,
    Assessment,
    Citation,
    Confidence,
    Contribution,
    CountrySummary,
    EvidenceItem,
    Finding,
    FlagResult,
    LikelihoodResult,
    RiskScore,
    ScopeResult,
    SeverityResult,
    StepResult,
)

__all__ = [
    "ENGINE_VERSION",
    "FIELDS",
    "AppliedSafeguard",
    "Assessment",
    "Citation",
    "Confidence",
    "Contribution",
    "CountrySummary",
    "EvidenceItem",
    "Finding",
    "FlagResult",
    "LikelihoodResult",
    "RiskScore",
    "ScopeResult",
    "SeverityResult",
    "StepResult",
    "assess",
    "build_view",
    "evaluate_condition",
    "validate_condition",
]
