"""Fast internal result objects of the matcher, and their conversion to the domain ``Hit``.

These are plain slotted dataclasses on the hot path (one per feature per candidate); the
domain ``hrdd.model.screening.Hit`` and the yente-shaped dicts of ``hrdd.services.yente.match_payload`` are built
from them only for the hits that are returned.
"""

from dataclasses import dataclass
from typing import NamedTuple

from hrdd.model.screening import FeatureScore, Hit, PartyRole
from hrdd.screening.record import Record


class FeatureResult(NamedTuple):
    """What one feature found: a score 0..1, a detail for the reviewer, the values it used.

    Named tuples rather than frozen dataclasses: a dozen are made per candidate, and a tuple is
    built several times faster."""

    score: float
    detail: str = ""
    query: str = ""
    candidate: str = ""


NO_RESULT = FeatureResult(0.0)


class FeatureOutcome(NamedTuple):
    name: str
    weight: float
    qualifier: bool
    explanation: str
    result: FeatureResult


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The matcher's verdict on one (query, list entry) pair."""

    score: float
    features: tuple[FeatureOutcome, ...]
    query_name: str
    matched_name: str
    corroboration: int  # attributes besides the name that agree (country, birth date, identifier …)
    algorithm: str

    def feature(self, name: str) -> FeatureResult:
        for outcome in self.features:
            if outcome.name == name:
                return outcome.result
        return NO_RESULT

    @property
    def explanation(self) -> str:
        """One line: the features that moved the score, strongest first."""
        fired = [f for f in self.features if f.result.score > 0 and f.weight != 0]
        fired.sort(key=lambda f: -abs(f.result.score * f.weight))
        parts = []
        for f in fired:
            sign = "-" if f.weight < 0 else ""
            parts.append(f"{f.name} {sign}{f.result.score * abs(f.weight):.2f} ({f.result.detail})")
        return "; ".join(parts) if parts else "no feature fired"


@dataclass(frozen=True, slots=True)
class ScoredEntry:
    entry: Record
    result: MatchResult


def rank_key(scored: ScoredEntry) -> tuple[float, int, float, str]:
    """Best first: score, then corroborating attributes, then name similarity, then id."""
    name_score = scored.result.feature("name_match").score
    return (-scored.result.score, -scored.result.corroboration, -name_score, scored.entry.id)


def to_hit(scored: ScoredEntry, *, party: PartyRole, query: str, party_index: int | None = None) -> Hit:
    entry, result = scored.entry, scored.result
    features = tuple(
        FeatureScore(name=f.name, score=round(f.result.score, 4), weight=f.weight, detail=f.result.detail)
        for f in result.features
    )
    return Hit(
        party=party,
        query=query,
        source=entry.source,
        entry_id=entry.entry_id,
        name=entry.caption or (entry.names[0] if entry.names else entry.id),
        matched_name=result.matched_name,
        score=round(result.score, 4),
        topics=entry.topics,
        programs=entry.programs,
        schema=entry.schema,
        countries=entry.countries,
        listed_on=entry.listed_on,
        features=features,
        explanation=result.explanation,
        party_index=party_index,
    )
