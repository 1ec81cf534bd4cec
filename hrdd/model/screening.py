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


RelatedKind = Literal["link", "brand", "of_hit"]


@dataclass(frozen=True, slots=True)
class RelatedEntity:
    """A related-entity hint: an entity a screened party may be related to. Never a hit: it does not
    alert, count as a hit or need a judgement; it tells the reviewer where to look.

    ``kind``:

    * ``link``: the party's name matched (``matched_*``, ``score``, ``explanation``, at or above
      the matcher's threshold) an entity the lists name without listing it, which list data ties
      through ``relations`` / ``path`` to the listed entity ``source``/``entry_id``/``name``;
    * ``brand``: the party's name carries the brand of the listed organisation (no relation known);
    * ``of_hit``: an entity list data ties directly to a hit of the party (``matched_*`` is the hit):
      whom the listed entity owns or directs, or is owned or directed by. ``listed`` says whether
      that entity is itself listed.
    """

    party: PartyRole
    query: str
    kind: RelatedKind
    source: str  # the list the entity is on (or, unlisted, the list whose data names it)
    entry_id: str
    name: str
    listed: bool
    reason: str  # one line that explains the hint
    topics: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()  # FtM relation schemata along the path ("Ownership", "Directorship" …)
    path: tuple[str, ...] = ()  # the relations worded, from the matched entity to this one
    matched_source: str = ""
    matched_entry_id: str = ""
    matched_name: str = ""
    score: float | None = None  # how well the party's name matched ``matched_name`` (kind link)
    explanation: str = ""  # the matcher's explanation of that score
    as_of: str = ""  # the as-of date of the list version the entity came from
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
    # (additive) related-entity hints, reported apart from hits: never a hit, never an alert
    related: tuple[RelatedEntity, ...] = field(default=())


NOT_SCREENED = ScreeningOutcome(performed=False)
