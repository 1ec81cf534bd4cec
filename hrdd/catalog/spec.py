"""Pydantic models for every kind of catalogue file: the schema's source of truth.

Each shipped file under ``hrdd/catalogs/`` holds one kind of item::

    kind: capabilities          # one of KINDS below
    version: 2026.11.1          # the file's content version
    items:
      - id: facial_recognition
        title: Facial recognition
        ...

Every item has a stable snake_case ``id``, a ``title``, a plain-language ``explanation``
and ``citations``: ids of framework clauses (``frameworks.yaml``) such as
``ungp.17``, ``state2020.step1``, ``eu2021_821.art5``, ``eu2024_2659.step3``.
Items whose content is reconstructed rather than seen in an official text carry
``reconstructed: true`` and reports tag them "[R]".

Numeric semantics (the engine relies on these; see docs/method.md):

* ``Severity`` components are on 1..5 (UNGP scale, scope, irremediability).
* ``likelihood`` weights are additive points on the 1..5 likelihood scale.
* ``reduction`` of a safeguard is the fraction (0..1) of residual risk it removes when
  implemented; ``agreed`` counts for ``status_factor.agreed`` of it, ``planned`` less.
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from hrdd.model.case import SafeguardStatus
from hrdd.model.signal import SignalResponse, SignalSeverity
from hrdd.model.types import Grade, RiskLevel

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
CitationId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=80)]
RightId = Literal[
    "privacy", "expression", "assembly", "association", "religion_or_belief",
    "non_discrimination", "liberty_security", "life",
]
CapabilityCategory = Literal[
    "sensors", "biometric_identification", "data_analytics", "internet_surveillance",
    "location_tracking", "recording_devices",
]
StepId = Literal[
    "export_controls", "capabilities", "end_user", "country_laws", "end_use", "third_parties",
    "product_tailoring", "contract_safeguards", "grievance_mechanism", "public_reporting",
]
# months between an engagement's periodic reviews when the policy does not say (policy.yaml does)
REVIEW_MONTHS: dict[RiskLevel, int] = {RiskLevel.CRITICAL: 3, RiskLevel.HIGH: 6, RiskLevel.MEDIUM: 12, RiskLevel.LOW: 24}
# the kinds of legal measure on a destination: a comprehensive embargo, an arms embargo, targeted measures
EmbargoRegime = Literal["comprehensive", "arms", "targeted"]
# how a framework clause was seen: T in the document's own text, S in a secondary summary, R reconstructed,
# I inferred by the project (the words are hrdd/cli/catalog.py's PROVENANCE)
Provenance = Literal["T", "S", "R", "I"]
# the legal orders a seller can be bound by: U.S. persons, the EU, the UK
Jurisdiction = Literal["us", "eu", "uk"]
# a sub-national territory as rigour (and OpenSanctions) code it, e.g. "ua-cri" for Crimea
RegionCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}-[a-z0-9]{2,4}$")]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Spec):
    id: Id
    title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    citations: tuple[CitationId, ...] = ()
    reconstructed: bool = False


class Severity(_Spec):
    scale: int = Field(ge=1, le=5)
    scope: int = Field(ge=1, le=5)
    irremediability: int = Field(ge=1, le=5)


class SeverityUplift(_Spec):
    scale: int = Field(default=0, ge=0, le=2)
    scope: int = Field(default=0, ge=0, le=2)
    irremediability: int = Field(default=0, ge=0, le=2)


class TailoringOption(_Spec):
    """One way to tailor a capability (a product safeguard) and what exactly it means for it."""

    safeguard: Id  # a product safeguard (safeguards.yaml); its reduction and enforcer are its effect
    option: str = Field(min_length=10)


class Capability(Item):
    category: CapabilityCategory
    misuse_vectors: tuple[str, ...] = Field(min_length=1)
    rights: tuple[RightId, ...] = Field(min_length=1)
    severity: Severity
    covert: bool = False  # inherently covert (spyware, IMSI catcher)
    # (additive) the tailoring options the guidance means for this capability (features removed or
    # locked, seller-held logs, licence scopes, no covert mode), each a product safeguard
    tailoring: tuple[TailoringOption, ...] = ()


class Feature(Item):
    misuse_vectors: tuple[str, ...] = Field(min_length=1)
    rights: tuple[RightId, ...] = Field(min_length=1)
    uplift: SeverityUplift
    covert: bool = False


class Sector(Item):
    security_body: bool  # police, intelligence, military, border, prisons, interior
    likelihood: float = Field(ge=-1, le=2)


class Purpose(Item):
    risk: Grade
    likelihood: float = Field(ge=-1, le=2)
    scope_uplift: int = Field(default=0, ge=0, le=2)


class EndUserKindItem(Item):
    in_scope: bool
    likelihood: float = Field(ge=-1, le=2)


class Scale(Item):
    scope: int = Field(ge=1, le=5)  # the UNGP scope this deployment scale implies


class IntermediaryRole(Item):
    likelihood: float = Field(ge=0, le=2)  # diversion risk when ties are unknown or true


class Right(Item):
    instruments: tuple[str, ...] = Field(min_length=1)  # e.g. "ICCPR art. 17"


class Fact(Item):
    step: StepId
    question: str  # the question an analyst answers (case-format.md)
    ask_customer: str  # the question to put to the customer when unknown
    red_flag: bool = True
    hard_stop: bool = False  # true => do_not_proceed
    likelihood_true: float = Field(ge=0, le=3)
    likelihood_unknown: float = Field(ge=0, le=3)
    # safeguard ids that address this flag when it is true
    mitigated_by: tuple[Id, ...] = ()


class Condition(_Spec):
    """Closed condition vocabulary evaluated by the engine against the case.

    ``field`` is a dotted path on the case (e.g. ``end_user.sector``,
    ``capabilities``, ``features``, ``end_use.purposes``, ``facts.recent_crackdown``,
    ``country.risk``); checked at load.
    """

    field: str | None = None
    op: Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any",
                "present", "absent"] | None = None
    value: Any = None
    all: tuple["Condition", ...] | None = None
    any: tuple["Condition", ...] | None = None
    not_: "Condition | None" = Field(default=None, alias="not")


class DerivedFlag(Item):
    """A red flag the engine derives from the case, not one the analyst answers."""

    step: StepId
    when: Condition
    likelihood: float = Field(ge=0, le=3)
    hard_stop: bool = False
    mitigated_by: tuple[Id, ...] = ()


Enforcer = Literal["seller_control", "verification", "buyer_promise"]


class Safeguard(Item):
    kind: Literal["product", "contract", "process"]
    # who makes it hold after the sale: the seller itself, a check on the buyer, or the buyer's word
    # (method v2 credits promises by the buyer's record and the seller's leverage); unclassified
    # counts as the weakest
    enforced_by: Enforcer = "buyer_promise"
    step: StepId
    reduction: float = Field(gt=0, le=0.5)
    # capability, feature, fact or derived-flag ids this safeguard addresses
    addresses: tuple[Id, ...] = ()
    clause: Id | None = None  # contract clause id for contract safeguards
    # applies to every in-scope case (misuse by the end user in general), beyond ``addresses``
    general: bool = False


class Clause(Item):
    safeguard: Id
    text: str = Field(min_length=40)  # model clause text written by the project


class LawCategory(Item):
    number: int = Field(ge=1, le=12)
    rights: tuple[RightId, ...] = Field(min_length=1)
    capabilities_of_concern: tuple[Id, ...] = ()


class Embargo(Item):
    """One legal measure on a destination by one authority; whether it prohibits the sale
    depends on the seller's jurisdiction, the end user and the product (``assess/legal.py``)."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    # (additive) the measure covers only these territories of the country (rigour codes such
    # as ua-cri, ua-dpr, ua-lpr); empty: the whole country
    regions: tuple[RegionCode, ...] = ()
    regime: EmbargoRegime
    authorities: tuple[str, ...] = Field(min_length=1)  # e.g. "US OFAC", "UN SC", "EU", "UK"
    # (additive) the official acts: CELEX numbers, Federal Register citations, UNSC resolutions
    acts: tuple[str, ...] = ()
    source_url: str
    as_of: date
    # prohibited whatever the seller's jurisdiction (kept for overlays written before v2)
    hard_stop: bool = False
    # (additive) the seller jurisdictions whose law makes the covered sale a prohibition
    prohibited_for: tuple[Jurisdiction, ...] = ()
    # (additive) the end users the measure covers: all, the government (incl. state-owned
    # entities), or non-government parties only (e.g. armed groups under a UN embargo)
    end_users: Literal["all", "government", "non_government"] = "all"
    # (additive) the measure covers only products with one of these capabilities; empty: all
    capabilities: tuple[Id, ...] = ()
    # (additive) the measure bans or licenses exports of equipment, technology or software for
    # monitoring or interception of telecommunications/internet to the destination
    monitoring_equipment_ban: bool = False


class FrameworkClause(_Spec):
    id: CitationId
    label: str  # how reports print it, e.g. "UNGP 17"
    title: str
    summary: str
    provenance: Provenance
    url: str | None = None
    # (additive) what the clause is authority for: ``kind:id`` or ``kind:*`` patterns of the
    # catalogue items that may cite it; the citation lint checks every citation against it
    scope: tuple[str, ...] = ()


class Framework(_Spec):
    id: Id
    title: str
    url: str
    # (additive) a legal instrument (regulation, order, resolution): every clause needs a scope
    binding: bool = False
    clauses: tuple[FrameworkClause, ...] = Field(min_length=1)


class Step(Item):
    """One step of the due diligence, with its crosswalk to the other frameworks."""

    step: StepId
    order: int = Field(ge=1, le=10)
    ungp: tuple[CitationId, ...] = ()
    oecd: tuple[CitationId, ...] = ()
    eu_2024_2659: tuple[CitationId, ...] = ()
    dihr: tuple[CitationId, ...] = ()


class Term(Item):
    aliases: tuple[str, ...] = ()


ExitAction = Literal["suspend", "terminate"]


class ExitStep(Item):
    """One item of the exit checklist a suspension or termination carries (docs/lifecycle.md)."""

    order: int = Field(ge=1, le=99)
    # the model contract clauses (clauses.yaml) that give the seller the right or the duty to do it
    clauses: tuple[Id, ...] = Field(min_length=1)
    # the requests that carry this step: a suspension, a termination, or both
    applies_to: tuple[ExitAction, ...] = Field(min_length=1)




class SignalResponses(_Spec):
    """The responses proposed for a signal of each severity, mildest first."""

    low: tuple[SignalResponse, ...] = Field(min_length=1)
    medium: tuple[SignalResponse, ...] = Field(min_length=1)
    high: tuple[SignalResponse, ...] = Field(min_length=1)


class SignalKind(Item):
    """A kind of post-sale signal: an event on an engagement that raises catalogue red flags."""

    flags: tuple[Id, ...] = Field(min_length=1)  # fact ids (facts.yaml) the signal makes true
    default_severity: SignalSeverity
    responses: SignalResponses


class RedLine(_Spec):
    """A company red line: when ``when`` holds, do not proceed, whatever the safeguards."""

    id: Id
    title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    when: Condition


class Policy(_Spec):
    """Risk appetite and the recommendation policy; an overlay may adjust it."""

    id: Id = "policy"
    title: str = "Recommendation policy"
    explanation: str
    # inherent/residual score (0..100) thresholds for medium, high, critical
    level_thresholds: tuple[int, int, int]
    # highest residual level the company accepts with conditions
    appetite: RiskLevel
    # residual level at which the case escalates rather than proceeds with conditions
    escalate_at: RiskLevel
    status_factor: dict[SafeguardStatus, float]
    # unknown facts that matter on a high-risk case => escalate with questions
    escalate_on_unknown: tuple[Id, ...] = ()
    # safeguards together remove at most this share of the inherent score: they lower the
    # likelihood of misuse, they do not take the capability away
    max_reduction: float = Field(default=0.6, gt=0, le=1)
    # when even every applicable safeguard leaves residual risk at or beyond this level, the
    # recommendation is do_not_proceed (UNGP 19: without leverage to prevent a severe impact)
    do_not_proceed_at: RiskLevel | None = RiskLevel.CRITICAL
    # whether an in-scope case that was not screened escalates (a gap is always shown)
    escalate_when_unscreened: bool = False
    # company red lines (method v2): each gives do_not_proceed whatever the safeguards
    red_lines: tuple["RedLine", ...] = ()
    # the seller's jurisdictions when the case file does not state them (a company overlay sets
    # its own); empty: derived from the seller's country, or all three when that is unknown
    seller_jurisdictions: tuple[Jurisdiction, ...] = ()
    # engine tuning (docs/method.md); defaults in hrdd/assess/tuning.py
    high_risk_country: float | None = Field(default=None, ge=0, le=1)
    # method v1 only (unknown answers no longer add likelihood); accepted, ignored
    unknown_factor_high_risk: float | None = Field(default=None, ge=1, le=3)
    unknown_cap: float | None = Field(default=None, ge=0, le=5)
    law_points_oversight: float | None = Field(default=None, ge=0, le=2)
    law_points_data_protection: float | None = Field(default=None, ge=0, le=2)
    law_points_security_laws: float | None = Field(default=None, ge=0, le=2)
    law_points_other: float | None = Field(default=None, ge=0, le=1)
    law_points_other_cap: float | None = Field(default=None, ge=0, le=2)
    law_points_guarantee: float | None = Field(default=None, ge=0, le=1)
    promise_credit_misuse: float | None = Field(default=None, ge=0, le=1)
    promise_credit_no_oversight: float | None = Field(default=None, ge=0, le=1)
    promise_credit_security_body: float | None = Field(default=None, ge=0, le=1)
    promise_credit_weak_rule_of_law: float | None = Field(default=None, ge=0, le=1)
    leverage_credit_moderate: float | None = Field(default=None, ge=0, le=1)
    leverage_credit_weak: float | None = Field(default=None, ge=0, le=1)
    red_line_severity: float | None = Field(default=None, ge=1, le=5)
    likelihood_softness: float | None = Field(default=None, gt=0, le=20)
    country_points: float | None = Field(default=None, ge=0, le=4)
    missing_country_risk: float | None = Field(default=None, ge=0, le=1)
    strong_hit_score: float | None = Field(default=None, gt=0, le=1)
    hit_points_strong: float | None = Field(default=None, ge=0, le=4)
    hit_points_weak: float | None = Field(default=None, ge=0, le=4)
    # months between periodic reviews of an engagement, by its residual risk level (docs/lifecycle.md)
    review_months: dict[RiskLevel, Annotated[int, Field(ge=1, le=60)]] = Field(
        default_factory=lambda: dict(REVIEW_MONTHS))
    citations: tuple[CitationId, ...] = ()


# the kinds of catalogue file, each with its item model: the one list of them
KINDS: dict[str, type[_Spec]] = {
    "capabilities": Capability,
    "features": Feature,
    "sectors": Sector,
    "purposes": Purpose,
    "end_user_kinds": EndUserKindItem,
    "scales": Scale,
    "intermediary_roles": IntermediaryRole,
    "rights": Right,
    "facts": Fact,
    "derived_flags": DerivedFlag,
    "safeguards": Safeguard,
    "clauses": Clause,
    "laws_of_concern": LawCategory,
    "embargoes": Embargo,
    "frameworks": Framework,
    "steps": Step,
    "glossary": Term,
    "exit_steps": ExitStep,
    "signal_kinds": SignalKind,
    "policy": Policy,
}


def known_kind(value: str) -> str:
    """A file's ``kind`` is one of :data:`KINDS` (told as a literal would be: "one of ...")."""
    if value not in KINDS:
        raise PydanticCustomError("literal_error", "Input should be {expected}",
                                  {"expected": ", ".join(repr(k) for k in KINDS)})
    return value


CatalogKind = Annotated[str, AfterValidator(known_kind)]


class CatalogFile(_Spec):
    kind: CatalogKind
    version: str
    items: tuple[dict[str, Any], ...]
