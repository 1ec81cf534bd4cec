"""The case file as it is written (``hrdd.case/1``): pydantic models, unknown keys forbidden.

These validate structure and types only; catalogue ids and countries are checked in
``load.py`` so that the messages can suggest the id that was meant.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hrdd.catalog.spec import Jurisdiction
from hrdd.model.case import EndUserKind, SafeguardStatus, TransactionKind
from hrdd.model.limits import NAME_MAX, TITLE_MAX

Tri = bool | Literal["unknown"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SellerIn(_Wire):
    name: str = Field(min_length=1)
    country: str | None = None
    # the legal orders the seller is bound by; default: the company overlay, else its country
    jurisdictions: list[Jurisdiction] | None = None


class TransactionIn(_Wire):
    kind: TransactionKind = TransactionKind.SALE
    value_usd: float | None = Field(default=None, ge=0)
    existing_relationship: bool = False


class ExportClassificationIn(_Wire):
    jurisdiction: str | None = None
    code: str | None = None


class ProductIn(_Wire):
    name: str = Field(min_length=1)
    description: str = ""
    capabilities: list[str] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    export_classification: ExportClassificationIn | None = None


class EndUserIn(_Wire):
    name: str = Field(min_length=1, max_length=NAME_MAX)  # stored in cases.end_user
    country: str = Field(min_length=1)
    kind: EndUserKind
    sector: str = Field(min_length=1)
    parent: str | None = None
    aliases: list[str] = Field(default_factory=list)
    identifiers: dict[str, str] = Field(default_factory=dict)
    government_ties: str = ""
    region: str | None = None  # a territory within the country, e.g. "Crimea" or "ua-cri"


class EndUseIn(_Wire):
    description: str = ""
    purposes: list[str] = Field(default_factory=list)
    scale: str | None = None  # a catalogue scale, checked in load.py


class IntermediaryIn(_Wire):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    country: str | None = None
    region: str | None = None
    government_ties: Tri = "unknown"


class FactAnswerIn(_Wire):
    """An answer with its reason and source; only such a ``false`` can set catalogue evidence aside."""

    answer: Tri
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)


class SafeguardIn(_Wire):
    id: str = Field(min_length=1)
    status: SafeguardStatus
    note: str = ""


class EvidenceIn(_Wire):
    title: str = Field(min_length=1)
    url: str | None = None
    date: dt.date | None = None


class CaseIn(_Wire):
    schema_: Literal["hrdd.case/1"] = Field(default="hrdd.case/1", alias="schema")
    id: str | None = None
    title: str = Field(min_length=1, max_length=TITLE_MAX)  # stored in cases.title
    date: dt.date | None = None
    seller: SellerIn
    transaction: TransactionIn = Field(default_factory=TransactionIn)
    products: list[ProductIn] = Field(min_length=1)
    end_user: EndUserIn
    end_use: EndUseIn = Field(default_factory=EndUseIn)
    intermediaries: list[IntermediaryIn] = Field(default_factory=list)
    facts: dict[str, Tri | FactAnswerIn] = Field(default_factory=dict)
    safeguards: list[SafeguardIn] = Field(default_factory=list)
    evidence: list[EvidenceIn] = Field(default_factory=list)

    @field_validator("facts", mode="before")
    @classmethod
    def _no_questions_asked(cls, value: object) -> object:
        # ``facts:`` with every question still commented out (as ``hrdd init`` writes it) is empty
        return {} if value is None else value
