"""The report contract, ``hrdd.report/1``, as typed models: the one definition of its shape.

spec/case-format.md fixes the fields every report has; everything else is additive. The rule is
*extend, never break*: a model requires only what the contract requires, types every field
hrdd writes, and allows fields it does not know (a later version's additions), so every report
ever written under ``hrdd.report/1`` still validates. ``docs/report.schema.json`` is generated
from :data:`Report` (``make docs``), and ``tests/reports/test_contract.py`` fails when the
checked-in schema drifts from these models or a committed report does not validate.
"""

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hrdd.assess.result import Escalation, InvolvementMode, LeverageLevel
from hrdd.catalog.spec import Enforcer
from hrdd.countries.guarantees import GuaranteeId
from hrdd.model import Recommendation, RiskLevel, Tristate
from hrdd.model.country import GuaranteeValue, Oversight
from hrdd.model.types import Grade

# vocabularies are read from where they are defined, never spelled again here
Level = RiskLevel
RecommendationValue = Recommendation
Score = Annotated[float, Field(ge=0, le=100)]
Component = Annotated[int, Field(ge=1, le=5)]


class _Open(BaseModel):
    """Additive fields are allowed: a reader ignores what it does not know."""

    model_config = ConfigDict(extra="allow")


class Contribution(_Open):
    factor: str
    target: str
    value: float
    detail: str


class CaseRef(_Open):
    id: str | None = None
    title: str = Field(min_length=1)
    date: str | None = None


class Scope(_Open):
    reasons: list[str]


class Severity(_Open):
    scale: Component
    scope: Component
    irremediability: Component
    index: float | None = None
    contributions: list[Contribution] = []


class Risk(_Open):
    level: Level
    score: Score
    formula: str | None = None
    contributions: list[Contribution] = []


class InherentRisk(Risk):
    severity: Severity
    likelihood: Component
    likelihood_score: float | None = None
    likelihood_contributions: list[Contribution] = []
    high_risk_context: bool | None = None


class Confidence(_Open):
    level: Grade
    score: float
    reasons: list[str] = []


class Step(_Open):
    id: str
    title: str
    level: Level
    findings: list[str]
    order: int | None = None
    summary: str | None = None


class Evidence(_Open):
    source: str
    as_of: str
    value: str
    url: str | None = None


class Finding(_Open):
    id: str
    step: str
    level: Level
    title: str
    explanation: str
    evidence: list[Evidence]
    citations: list[str]
    citation_ids: list[str] = []
    kind: str | None = None
    reconstructed: bool | None = None
    involvement: Any = None


class RedFlag(_Open):
    id: str
    status: Tristate
    title: str
    kind: str | None = None
    step: str | None = None
    source: str | None = None
    confidence: str | None = None
    likelihood: float | None = None
    hard_stop: bool | None = None
    matters: bool | None = None
    default: str | None = None
    explanation: str | None = None
    evidence: list[Evidence] = []
    asked: bool | None = None
    override: str | None = None


class ListVersion(_Open):
    source: str
    as_of: str | None = None
    entries: int | None = None
    title: str | None = None


class Hit(_Open):
    party: str
    query: str
    source: str
    entry_id: str
    name: str
    score: float
    topics: list[str]
    judgement: str | None = None


class Related(_Open):
    """A related-entity hint (additive): never a hit, never an alert."""

    party: str
    query: str
    kind: str  # link | brand | of_hit
    source: str
    entry_id: str
    name: str
    listed: bool
    reason: str
    path: list[str] = []
    score: float | None = None


class Screening(_Open):
    performed: bool
    lists: list[ListVersion]
    hits: list[Hit]
    related: list[Related] = []


class Tailoring(_Open):
    capability: str
    option: str


class Safeguard(_Open):
    id: str
    title: str | None = None
    status: str | None = None
    applies: bool | None = None
    enforced_by: Enforcer | None = None
    credit: float | None = None
    tailoring: list[Tailoring] = []


class Guarantee(_Open):
    category: GuaranteeId
    value: GuaranteeValue
    reason: str
    law: str = ""
    source_url: str = ""
    checked: str = ""
    verified: bool = False


class Country(_Open):
    code: str
    name: str
    risk: float | None = None
    judicial_authorisation: Oversight | None = None
    laws: list[dict[str, Any]] = []
    guarantees: list[Guarantee] = []


class Versions(_Open):
    hrdd: str
    catalog: str
    data: dict[str, str]
    engine: str | None = None


class OpenQuestion(_Open):
    id: str
    question: str
    ask: str


class Completeness(_Open):
    complete: bool
    open: list[OpenQuestion]


class Involvement(_Open):
    mode: InvolvementMode
    leverage: LeverageLevel
    action: str
    reasons: list[str] = []


class Report(_Open):
    """One ``hrdd.report/1`` report: the contract's fields, then the additive ones hrdd writes."""

    model_config = ConfigDict(extra="allow", title="hrdd.report/1")

    schema_: Literal["hrdd.report/1"] = Field(alias="schema")
    case: CaseRef
    in_scope: bool
    scope: Scope
    recommendation: RecommendationValue
    inherent_risk: InherentRisk | None  # null when the case is out of scope and not scored
    residual_risk: Risk | None
    steps: list[Step]
    findings: list[Finding]
    red_flags: list[RedFlag]
    screening: Screening
    conditions: list[str]
    questions: list[str]
    versions: Versions
    # additive (method v1 and v2)
    recommendation_reasons: list[str] = []
    hard_stops: list[str] = []
    projected_residual_risk: Risk | None = None
    confidence: Confidence | None = None
    conditions_detail: list[Safeguard] = []
    safeguards: list[Safeguard] = []
    country: Country | None = None
    sources: list[dict[str, Any]] = []
    escalation: Escalation | None = None
    completeness: Completeness | None = None
    red_lines: list[str] = []
    overrides: list[str] = []
    involvement: Involvement | None = None


def report_schema() -> dict[str, Any]:
    """The JSON schema of the contract, as checked in at docs/report.schema.json."""
    schema = Report.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://hrdd.example/schemas/hrdd.report-1.json"
    return schema


def report_schema_text() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def validate_report(report: object) -> Report:
    """The report as typed models; raises pydantic's ValidationError when it breaks the contract."""
    return Report.model_validate(report)
