"""The pure domain model: no I/O, no framework imports."""

from hrdd.model.case import (
    Case,
    EndUse,
    EndUser,
    EndUserKind,
    Evidence,
    ExportClassification,
    FactValue,
    Intermediary,
    Product,
    Safeguard,
    SafeguardStatus,
    Seller,
    Transaction,
    TransactionKind,
    Tristate,
)
from hrdd.model.context import AssessmentContext
from hrdd.model.country import CountryContext, Figure, LawOfConcern, LegalGuarantee
from hrdd.model.misuse import MisuseMatch, MisuseRecord
from hrdd.model.screening import Hit, ListInfo, PartyRole, ScreeningOutcome
from hrdd.model.types import RISK_LEVELS, Recommendation, RiskLevel

__all__ = [
    "RISK_LEVELS",
    "AssessmentContext",
    "Case",
    "CountryContext",
    "EndUse",
    "EndUser",
    "EndUserKind",
    "Evidence",
    "ExportClassification",
    "FactValue",
    "Figure",
    "Hit",
    "Intermediary",
    "LawOfConcern",
    "LegalGuarantee",
    "ListInfo",
    "MisuseMatch",
    "MisuseRecord",
    "PartyRole",
    "Product",
    "Recommendation",
    "RiskLevel",
    "Safeguard",
    "SafeguardStatus",
    "ScreeningOutcome",
    "Seller",
    "Transaction",
    "TransactionKind",
    "Tristate",
]
