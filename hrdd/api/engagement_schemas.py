"""Wire formats of the engagement API (/api/engagements): request models with examples for /docs."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hrdd.model.limits import CONTRACT_REF_MAX, ID_MAX, TEXT_MAX


class ActivateIn(BaseModel):
    contract_ref: str = Field(min_length=1, max_length=CONTRACT_REF_MAX, examples=["C-2026-017"])
    contract_start: dt.date = Field(examples=["2026-12-01"])
    contract_end: dt.date | None = Field(default=None, examples=["2029-11-30"])
    reason: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Contract signed; delivery accepted"])


class ReviewIn(BaseModel):
    reviewed_on: dt.date = Field(examples=["2027-06-01"])
    outcome: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Audit logs checked on site; no misuse found"])
    revision: int | None = Field(default=None, ge=1, le=ID_MAX, description="The engagement revision the reviewer saw.")


class RequestIn(BaseModel):
    """A post-sale transition to be approved by a second person (hrdd.model.lifecycle.CHECKED)."""

    model_config = ConfigDict(populate_by_name=True)
    action: Literal["suspend", "resume", "terminate", "close"]
    reason: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Credible report of misuse by the end user"])
    seen: Literal["approved", "active", "suspended", "terminated"] | None = Field(
        default=None, alias="from", description="The state the client saw; the request is refused if it moved on.")


class DecideIn(BaseModel):
    note: str = Field(min_length=5, max_length=TEXT_MAX, examples=["Suspend pending the review of the report"])


class WithdrawIn(BaseModel):
    reason: str = Field(min_length=5, max_length=TEXT_MAX, examples=["The report was retracted"])


class TickIn(BaseModel):
    done: bool = Field(examples=[True])
    note: str = Field(min_length=5, max_length=TEXT_MAX, examples=["VPN tunnel and support accounts closed on 3 March"])
    revision: int | None = Field(default=None, ge=1, le=ID_MAX, description="The item revision the client saw.")
