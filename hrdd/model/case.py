"""A case: one prospective (or continuing) transaction, as the case file describes it.

These are plain frozen dataclasses built by the case-file loader after validation
(``hrdd.casefile``); every id here has already been checked against the catalogue.
The field names follow ``hrdd.case/1`` (shared/spec/case-format.md) exactly.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class TransactionKind(StrEnum):
    SALE = "sale"
    LICENCE = "licence"
    SAAS = "saas"
    SERVICES = "services"
    MAINTENANCE = "maintenance"
    TRAINING = "training"
    RENEWAL = "renewal"


class EndUserKind(StrEnum):
    GOVERNMENT = "government"
    STATE_OWNED = "state_owned"
    GOVERNMENT_LINKED = "government_linked"
    PRIVATE = "private"


class Tristate(StrEnum):
    """A due-diligence answer. ``unknown`` is never read as ``false``."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


FactValue = Tristate


class SafeguardStatus(StrEnum):
    PLANNED = "planned"
    AGREED = "agreed"
    IMPLEMENTED = "implemented"


@dataclass(frozen=True, slots=True)
class Seller:
    name: str
    country: str | None = None
    # the legal orders the seller is bound by ("us", "eu", "uk"); empty: not stated in the file
    jurisdictions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Transaction:
    kind: TransactionKind = TransactionKind.SALE
    value_usd: float | None = None
    existing_relationship: bool = False


@dataclass(frozen=True, slots=True)
class ExportClassification:
    jurisdiction: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    description: str = ""
    capabilities: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    export_classification: ExportClassification | None = None


@dataclass(frozen=True, slots=True)
class EndUser:
    name: str
    country: str  # ISO 3166-1 alpha-2, upper case
    kind: EndUserKind
    sector: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    government_ties: str = ""
    # a territory within the country (rigour code, e.g. "ua-cri"), for regional embargoes
    region: str | None = None


@dataclass(frozen=True, slots=True)
class EndUse:
    description: str = ""
    purposes: tuple[str, ...] = ()
    scale: str | None = None  # site | city | region | national


@dataclass(frozen=True, slots=True)
class Intermediary:
    name: str
    role: str
    country: str | None = None
    government_ties: Tristate = Tristate.UNKNOWN
    region: str | None = None  # a territory within the country (rigour code)


@dataclass(frozen=True, slots=True)
class Safeguard:
    id: str
    status: SafeguardStatus
    note: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    title: str
    url: str | None = None
    date: "date | None" = None  # quoted: the field name shadows the type at class scope on 3.11


@dataclass(frozen=True, slots=True)
class Case:
    title: str
    date: date
    seller: Seller
    transaction: Transaction
    products: tuple[Product, ...]
    end_user: EndUser
    end_use: EndUse
    id: str | None = None
    schema: str = "hrdd.case/1"
    intermediaries: tuple[Intermediary, ...] = ()
    # every fact id of the catalogue that the file answered; a missing id was not asked
    facts: tuple[tuple[str, Tristate], ...] = ()
    # (fact id, reason, source) for answers given with a reason and a source: the only answers
    # that can set catalogue evidence aside (method v2)
    fact_notes: tuple[tuple[str, str, str], ...] = ()
    safeguards: tuple[Safeguard, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    # fields the file left out that the assessment would use (for questions), by dotted path
    missing: tuple[str, ...] = field(default=())

    def fact(self, fact_id: str) -> Tristate:
        for key, value in self.facts:
            if key == fact_id:
                return value
        return Tristate.UNKNOWN

    def answered(self, fact_id: str) -> bool:
        """Whether the question was asked (answered true, false or unknown); absent means not asked."""
        return any(key == fact_id for key, _ in self.facts)

    def fact_note(self, fact_id: str) -> tuple[str, str] | None:
        """(reason, source) given with the answer, when there are both."""
        for key, reason, source in self.fact_notes:
            if key == fact_id:
                return reason, source
        return None

    @property
    def capabilities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for p in self.products for c in p.capabilities))

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for p in self.products for f in p.features))
