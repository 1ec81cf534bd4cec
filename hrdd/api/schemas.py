"""Wire formats of the API (request and response models), with examples for /docs."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from hrdd.model.limits import CASE_TEXT_MAX, IDENTIFIER_MAX, PASSWORD_MAX, TEXT_MAX, USERNAME_MAX
from hrdd.model.screening import Verdict
from hrdd.model.types import Recommendation


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """Times are stored in UTC; SQLite hands them back without their offset, which we restore."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# an RFC 3339 date-time with its offset, as the OpenAPI `format: date-time` promises
Instant = Annotated[dt.datetime, AfterValidator(_as_utc)]


class LoginIn(BaseModel):
    username: str = Field(max_length=USERNAME_MAX, examples=["ana"])
    password: str = Field(max_length=PASSWORD_MAX, examples=["correct horse battery staple"])


class SessionOut(BaseModel):
    ok: bool = True
    user: str
    role: str
    csrf_token: str  # empty for API keys, which need none
    scopes: list[str] | None = None  # an API key's scopes; None for a logged-in person


class PasswordIn(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=80, examples=["ERP screening"])
    scopes: list[Literal["screen", "read", "write"]] = Field(min_length=1, max_length=3, examples=[["screen"]])


class ApiKeyOut(BaseModel):
    prefix: str
    name: str
    scopes: list[str]
    created_at: Instant
    last_used_at: Instant | None
    revoked_at: Instant | None

    @classmethod
    def from_row(cls, row: Any) -> "ApiKeyOut":
        return cls(prefix=row.prefix, name=row.name, scopes=row.scopes.split(), created_at=row.created_at,
                   last_used_at=row.last_used_at, revoked_at=row.revoked_at)


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The whole key, shown this once: hrdd_<prefix>_<secret>")


class CaseIn(BaseModel):
    """A case as the text of a case file (YAML or JSON), or as a JSON object following hrdd.case/1."""

    model_config = ConfigDict(extra="forbid")
    case_text: str | None = Field(default=None, max_length=CASE_TEXT_MAX, examples=["title: Video analytics for a city police force\n…"])
    case: dict[str, Any] | None = None
    reason: str = Field(default="", max_length=2000, examples=["end user's country corrected"],
                        description="Why the case changed; kept with the new revision.")


class ReasonIn(BaseModel):
    reason: str = Field(min_length=5, max_length=2000, examples=["new information on the end user's record"])


class RevisionOut(BaseModel):
    case_id: str
    number: int
    sha256: str
    author: str
    created_at: Instant
    reason: str


class RevisionText(RevisionOut):
    case_text: str


class RevisionList(BaseModel):
    ok: bool = True
    revisions: list[RevisionOut]


class DiffOut(BaseModel):
    ok: bool = True
    case_id: str
    old: RevisionOut
    new: RevisionOut
    fields: list[str] = Field(description="Top-level case fields whose value differs.")
    diff: str = Field(description="Unified diff of the case text.")


class CasePublic(BaseModel):
    id: str
    title: str
    state: str
    country: str
    end_user: str
    created_by: str
    created_at: Instant
    updated_at: Instant
    recommendation: str | None
    inherent_level: str | None
    residual_level: str | None
    residual_score: int | None
    revision: int


class CaseDetail(CasePublic):
    case_text: str


class CaseList(BaseModel):
    ok: bool = True
    total: int  # exact when total_exact, else a lower bound (counting stops past 10,000)
    total_exact: bool = True
    # when not exact: PostgreSQL's planner estimate of the matches (when the page's plan stops
    # after the page, it counts exactly only up to 1,000: each match counted is a table read);
    # None on SQLite or when exact
    total_estimate: int | None = None
    # pass as ``after`` (with ``offset`` + ``limit``) for the next page, read from the index;
    # None on a page that is not full
    next_after: str | None = None
    limit: int
    offset: int
    cases: list[CasePublic]


class HitReviewIn(BaseModel):
    status: Verdict
    reason: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Different entity: listed company is registered in Hong Kong"])
    # the listed entity ("{source}-{entry_id}") the client saw with this hit id: refused (409) when the
    # case was screened again since and the id now names another entry
    entity: str | None = Field(default=None, max_length=200, examples=["ofac-sdn-36"])


class ConditionIn(BaseModel):
    safeguard: str = Field(min_length=1, max_length=IDENTIFIER_MAX, examples=["audit_logging"])
    owner: str = Field(min_length=1, max_length=USERNAME_MAX, examples=["j.silva"])
    due: dt.date
    note: str = Field(default="", max_length=TEXT_MAX)


class ConditionStatusIn(BaseModel):
    """A condition's (an obligation's) new status: ``done`` with proof (an evidence id of the case,
    optionally its SHA-256 to check), ``waived`` by an approver with a reason, ``open`` with a reason."""

    status: Literal["open", "done", "waived"]
    note: str = Field(default="", max_length=TEXT_MAX)
    evidence_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    reason: str = Field(default="", max_length=TEXT_MAX)
    revision: int | None = Field(default=None, ge=1, le=2**31 - 1)  # the revision the client saw


class DecisionIn(BaseModel):
    outcome: Recommendation
    rationale: str = Field(min_length=5, max_length=TEXT_MAX)


class ResolveIn(BaseModel):
    note: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Conditions are adequate; audit logging verified on site"])
    # approving: a written justification per blocking warning of GET /api/cases/{id}/approval, by its code
    justifications: dict[Literal["hard_stop", "departure", "unreviewed_hits", "open_questions", "overridden_evidence",
                                 "stale_data"], Annotated[str, Field(max_length=TEXT_MAX)]] = Field(
        default_factory=dict, examples=[{"open_questions": "Asked the customer in writing; answers are on file"}])
