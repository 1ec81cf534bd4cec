"""Guarantees against abuse in a country's surveillance law, by Appendix-2 category [R].

The guidance's Appendix 2 asks, besides judicial authorisation, independent oversight, data
protection and counter-terrorism or cyber laws of concern (recorded elsewhere in the profile),
whether the law gives four guarantees the European Court of Human Rights and the UN High
Commissioner for Human Rights treat as minimum safeguards against arbitrary surveillance
(Roman Zakharov v. Russia, 2015; A/HRC/27/37, 2014):

* ``notification``: the person surveilled is told afterwards, once that no longer defeats the
  purpose (or can ask whether they were);
* ``necessity_proportionality``: the law makes interception lawful only when necessary and
  proportionate to a legitimate aim, tested by whoever authorises it;
* ``remedy``: a person who suspects unlawful surveillance can bring it before an independent
  body (a court or tribunal) able to stop it and award redress;
* ``transparency``: the law and the use made of it are public (published statistics or
  oversight reports).

Each is answered ``yes``, ``partial``, ``no`` or ``unknown``. A known value cites its source
with a URL and the date it was checked; ``unknown`` says why it could not be established and
is never read as either answer.
"""

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from hrdd.model.country import GuaranteeValue

GuaranteeId = Literal["notification", "necessity_proportionality", "remedy", "transparency"]
GUARANTEE_IDS: tuple[str, ...] = get_args(GuaranteeId)
GUARANTEE_TITLES: dict[str, str] = {
    "notification": "notification of the person surveilled",
    "necessity_proportionality": "necessity and proportionality test",
    "remedy": "remedy before an independent body",
    "transparency": "transparency of the law and its use",
}

HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Guarantee(BaseModel):
    """One guarantee for one country: its value, the law, the cited source and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: GuaranteeValue
    law: str = ""
    source_url: HttpsUrl | None = None
    checked: date | None = None  # the date the source was consulted
    reason: Text  # one sentence: why this value (for unknown: why it could not be established)
    verified: bool = False

    @model_validator(mode="after")
    def _cited(self) -> "Guarantee":
        if self.value != "unknown" and (self.source_url is None or self.checked is None):
            raise ValueError(f"a guarantee answered {self.value!r} needs a source_url and the date it was checked")
        if self.value == "unknown" and self.verified:
            raise ValueError("unknown is not verified: set verified to false")
        if self.checked is not None and self.checked > date.today():
            raise ValueError(f"checked {self.checked} is in the future")
        return self


class Guarantees(BaseModel):
    """The four guarantees of one profile, each answered (``unknown`` with a reason when not established)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notification: Guarantee
    necessity_proportionality: Guarantee
    remedy: Guarantee
    transparency: Guarantee

    def items(self) -> tuple[tuple[str, Guarantee], ...]:
        return tuple((gid, getattr(self, gid)) for gid in GUARANTEE_IDS)
