"""What the assessment knows about a destination country, each figure with its source.

A missing figure is ``None`` and shows as missing: never as zero, never as low risk.
Built by ``hrdd.countries`` from the shipped baseline table (V-Dem, WGI), the indicators a
user imported, and the authored surveillance-law profiles.
"""

from dataclasses import dataclass
from typing import Literal

Oversight = Literal["yes", "partial", "no"]  # best first
# a guarantee against abuse in the law: as oversight, or unknown (could not be established)
GuaranteeValue = Literal[Oversight, "unknown"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator value as published, plus its normalised risk reading.

    ``risk`` is 0..1 with 1 the worst, derived from ``value`` on the indicator's own scale
    (``scale`` says which way is better, e.g. "0-1, higher is more democratic").
    """

    key: str  # e.g. "vdem.v2x_libdem", "wgi.rl"
    label: str
    value: float | None
    scale: str
    year: int | None
    source: str  # e.g. "V-Dem v14"
    licence: str
    risk: float | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class LawOfConcern:
    """One of the 12 categories of laws and practices of concern, for one country."""

    category: str  # catalogue id of the category
    applies: bool | None  # None: not verified
    law: str = ""
    year: int | None = None
    source_url: str = ""
    note: str = ""
    verified: bool = True


@dataclass(frozen=True, slots=True)
class LegalGuarantee:
    """One guarantee against abuse in the surveillance law (notification, necessity and
    proportionality, remedy, transparency): ``yes``, ``partial``, ``no`` or ``unknown``."""

    category: str  # notification | necessity_proportionality | remedy | transparency
    value: GuaranteeValue
    reason: str
    law: str = ""
    source_url: str = ""
    checked: str = ""  # ISO date the source was consulted ("" when unknown)
    verified: bool = False


@dataclass(frozen=True, slots=True)
class SubScore:
    """A derived, documented 0..1 risk sub-score (1 = worst) with the figures it used."""

    key: str  # civil_liberties | rule_of_law | physical_integrity | digital_repression | civic_space | press_freedom
    label: str
    risk: float | None
    figures: tuple[str, ...]  # Figure.key values it was computed from
    method: str = ""


@dataclass(frozen=True, slots=True)
class CountryContext:
    code: str  # ISO 3166-1 alpha-2
    name: str
    figures: tuple[Figure, ...] = ()
    sub_scores: tuple[SubScore, ...] = ()
    # overall 0..1 risk of misuse from the country context (None: no data)
    risk: float | None = None
    risk_method: str = ""
    # change in overall risk over the last five years of data (+ is worsening), None if unknown
    trend: float | None = None
    # prior judicial authorisation of interception, from the surveillance-law profile
    judicial_authorisation: Oversight | None = None
    oversight_body: str = ""
    data_protection_law: str = ""
    laws: tuple[LawOfConcern, ...] = ()
    guarantees: tuple[LegalGuarantee, ...] = ()
    profile_source: str = ""  # where the law profile came from, with its as-of date
    profile_as_of: str = ""

    def figure(self, key: str) -> Figure | None:
        for fig in self.figures:
            if fig.key == key:
                return fig
        return None
