"""Results of restricted-party screening as the assessment sees them.

The screening engine (``hrdd.screening``) produces these; the engine reads them without
knowing how they were found. ``performed=False`` means no list was loaded: a gap the report
shows, never a pass.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

PartyRole = Literal["end_user", "parent", "alias", "intermediary"]


class Verdict(StrEnum):
    """A reviewer's judgement on a screening hit."""

    MATCH = "match"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class ListInfo:
    source: str  # e.g. "ofac-sdn", "us-csl", "un-sc", "uk-sanctions", "eu-fsf"
    title: str
    as_of: str  # ISO date of the publisher's snapshot
    entries: int
    loaded_at: str = ""
    checksum: str = ""


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One feature's contribution to a hit's score, with its explanation."""

    name: str
    score: float
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Hit:
    party: PartyRole
    query: str  # the name that was screened
    source: str
    entry_id: str
    name: str  # the listed entry's caption
    matched_name: str  # the entry's name or alias that matched
    score: float  # 0..1
    topics: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    schema: str = ""
    countries: tuple[str, ...] = ()
    listed_on: str = ""
    features: tuple[FeatureScore, ...] = ()
    explanation: str = ""
    # reviewer judgement if one is on record: "match" | "no_match"
    judgement: str | None = None
    judgement_reason: str = ""
    party_index: int | None = None  # which intermediary, for party == "intermediary"


@dataclass(frozen=True, slots=True)
class PartyTie:
    """What list data says about who owns a screened party (FtM ``Ownership``), and what that makes it.

    ``kind``: state_body | state_owned | majority_state_owned (state ownership inferred from the
    owners) | owned_by_sanctioned | fifty_percent_rule (50 % or more owned by blocked parties)
    | owner_listed (an owner's name matches a restrictive-list entry of another list).
    """

    party: PartyRole
    party_name: str
    entry_id: str  # the list entity the party matched
    kind: str
    detail: str
    owner_id: str = ""
    owner_name: str = ""
    party_index: int | None = None


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    performed: bool
    lists: tuple[ListInfo, ...] = ()
    hits: tuple[Hit, ...] = ()
    algorithm: str = ""
    threshold: float | None = None
    parties: tuple[tuple[PartyRole, str], ...] = ()  # what was screened
    # government-tie findings from list data (state body, SOE, military, 50% rule)
    government_ties: tuple[str, ...] = field(default=())
    # (additive) the same findings per party, with the owners they rest on (ownership screening)
    party_ties: tuple[PartyTie, ...] = field(default=())


NOT_SCREENED = ScreeningOutcome(performed=False)
