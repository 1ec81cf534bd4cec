"""What an assessment produces: plain frozen records, each score with its contributions.

Every number the engine computes keeps the list of :class:`Contribution` that made it, so a
report can say what added how much and why (house style 2.1.3, "every score explains itself").
"""

from dataclasses import dataclass, field
from typing import Literal

from hrdd.model import Case, LegalGuarantee, Recommendation, RiskLevel, ScreeningOutcome

# the seller's involvement in a harm (UNGP 13, 19)
InvolvementMode = Literal["cause", "contribute", "directly_linked"]
# the seller's leverage over the buyer after the sale (UNGP 19)
LeverageLevel = Literal["strong", "moderate", "weak"]
# why a case escalates: its risk, open questions, or a finding a person must review
Escalation = Literal["risk", "incomplete", "review"]

Target = str  # "severity.scale" | "severity.scope" | "severity.irremediability" | "likelihood" | "residual"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor's effect on one score: ``value`` points (or a multiplier for residual)."""

    factor: str  # "<kind>:<id>", e.g. "capability:facial_recognition", "fact:recent_crackdown"
    target: Target
    value: float
    detail: str


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    source: str
    as_of: str
    value: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    id: str  # framework clause id, e.g. "ungp.17"
    label: str  # how reports print it, e.g. "UNGP 17"; the id itself when unresolved


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    step: str
    level: RiskLevel
    title: str
    explanation: str
    evidence: tuple[EvidenceItem, ...] = ()
    citations: tuple[Citation, ...] = ()
    kind: str = "risk"  # risk | gap | hit | info | condition
    reconstructed: bool = False
    involvement: str = ""  # cause | contribute | directly_linked (UNGP 13, 19), on risk findings


@dataclass(frozen=True, slots=True)
class StepResult:
    id: str
    title: str
    order: int
    level: RiskLevel
    findings: tuple[str, ...]  # finding ids, in report order
    summary: str = ""


@dataclass(frozen=True, slots=True)
class FlagResult:
    """A red flag: an analyst-answered fact or a flag the engine derived from the case."""

    id: str
    kind: str  # "fact" | "derived"
    step: str
    title: str
    status: str  # "true" | "false" | "unknown"
    source: str  # "analyst" | "default:country_profile" | "default:misuse_record" | "unanswered" | "derived"
    confidence: str  # "high" | "medium" | "low"
    likelihood: float  # points this flag added to likelihood
    hard_stop: bool = False
    matters: bool = False  # an unknown that the policy escalates on
    explanation: str = ""
    evidence: tuple[EvidenceItem, ...] = ()
    default: str | None = None  # the reading from data (country profile, misuse records), when there is one
    asked: bool = True  # false: the question was not asked (absent from the case file)
    # set when an explicit false with a reason and a source set catalogue evidence aside: what
    # the approver must check
    override: str = ""


@dataclass(frozen=True, slots=True)
class ScopeResult:
    in_scope: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeverityResult:
    scale: int
    scope: int
    irremediability: int
    contributions: tuple[Contribution, ...] = ()

    @property
    def index(self) -> float:
        """The mean of the three UNGP components, 1..5."""
        return (self.scale + self.scope + self.irremediability) / 3


@dataclass(frozen=True, slots=True)
class LikelihoodResult:
    value: int  # 1..5, rounded from ``raw``
    raw: float  # 1 + sum of contributions, clamped to 1..5
    contributions: tuple[Contribution, ...] = ()
    high_risk_context: bool = False


@dataclass(frozen=True, slots=True)
class RiskScore:
    score: int  # 0..100
    level: RiskLevel
    formula: str
    contributions: tuple[Contribution, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliedSafeguard:
    """A safeguard of the case (or a proposed condition) and what it does to residual risk."""

    id: str
    title: str
    step: str
    kind: str
    status: str  # planned | agreed | implemented | proposed
    reduction: float  # the catalogue's reduction when implemented
    factor: float  # policy.status_factor of the status (1.0 for proposed conditions)
    applies: bool
    addresses: tuple[str, ...]  # what present in the case it addresses
    clause: str | None = None
    note: str = ""
    enforced_by: str = "buyer_promise"  # seller_control | verification | buyer_promise
    credit: float = 1.0  # what it is worth for this buyer and this seller's leverage (credit.py)
    credit_reason: str = ""
    tailoring: tuple[tuple[str, str], ...] = ()  # (capability, option) this safeguard tailors (capabilities.yaml)


@dataclass(frozen=True, slots=True)
class CountrySummary:
    code: str
    name: str
    risk: float | None
    risk_method: str
    trend: float | None
    judicial_authorisation: str | None
    figures: tuple[tuple[str, str, float | None, int | None, str], ...] = ()  # key, label, value, year, source
    laws: tuple[tuple[str, bool | None, str, int | None, str], ...] = ()  # category, applies, law, year, url
    guarantees: tuple[LegalGuarantee, ...] = ()  # notification, necessity and proportionality, remedy, transparency
    profile_source: str = ""
    profile_as_of: str = ""


@dataclass(frozen=True, slots=True)
class Confidence:
    level: str  # high | medium | low
    score: float  # 0..1
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A question the case cannot be completed without, and whom to ask."""

    id: str
    question: str
    ask: str  # whom: the customer, the intermediary, the seller's own research, ...


@dataclass(frozen=True, slots=True)
class Completeness:
    complete: bool
    open: tuple[OpenQuestion, ...]


@dataclass(frozen=True, slots=True)
class Involvement:
    """The seller's involvement in the potential harm and the leverage-based action (UNGP 13, 19)."""

    mode: InvolvementMode
    reasons: tuple[str, ...]
    leverage: LeverageLevel
    leverage_reasons: tuple[str, ...]
    action: str
    buyer_record: tuple[str, ...]  # why a buyer's promise is credited less
    promise_credit: float


@dataclass(frozen=True, slots=True)
class Assessment:
    engine_version: str
    catalog_version: str
    data_versions: tuple[tuple[str, str], ...]
    case: Case
    scope: ScopeResult
    severity: SeverityResult
    likelihood: LikelihoodResult
    inherent: RiskScore
    residual: RiskScore
    projected: RiskScore  # residual once the conditions are implemented
    recommendation: Recommendation
    recommendation_reasons: tuple[str, ...]
    conditions: tuple[AppliedSafeguard, ...]
    safeguards: tuple[AppliedSafeguard, ...]
    steps: tuple[StepResult, ...]
    findings: tuple[Finding, ...]
    flags: tuple[FlagResult, ...]
    screening: ScreeningOutcome
    questions: tuple[str, ...]
    confidence: Confidence
    country: CountrySummary | None
    hard_stops: tuple[str, ...] = field(default=())
    # method v2
    escalation: Escalation | None = None  # when the recommendation is escalate
    completeness: "Completeness | None" = None
    red_lines: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()  # evidence set aside by an answer with a reason and a source
    involvement: "Involvement | None" = None

    def finding(self, finding_id: str) -> Finding:
        for item in self.findings:
            if item.id == finding_id:
                return item
        raise KeyError(finding_id)

    def flag(self, flag_id: str) -> FlagResult:
        for item in self.flags:
            if item.id == flag_id:
                return item
        raise KeyError(flag_id)
