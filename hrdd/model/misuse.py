"""Documented misuse of surveillance technology by government bodies (authored, cited)."""

from dataclasses import dataclass
from typing import Literal

# the quality of a source, best first: official (a court, the UN or an official inquiry), forensic
# (forensic or documented research), media, blog; only the first two verify a record
SourceQuality = Literal["official", "forensic", "media", "blog"]
VERIFYING_QUALITY: frozenset[SourceQuality] = frozenset({"official", "forensic"})
# what became of an allegation
Outcome = Literal["confirmed", "contested", "remedied"]


@dataclass(frozen=True, slots=True)
class MisuseRecord:
    id: str
    name: str
    country: str
    sector: str
    summary: str  # what was documented
    year: int
    sources: tuple[tuple[str, str], ...]  # (title, url): secondary reporting
    aliases: tuple[str, ...] = ()
    # method v2: the capability categories misused, the documented years, what became of the
    # allegation, and the best quality of source that documents it
    categories: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    outcome: Outcome = "confirmed"
    quality: SourceQuality = "media"  # court, UN and official inquiries are official
    # the documents that establish it: (title, url or "", kind court|un|official_inquiry|forensic, opened)
    primary_sources: tuple[tuple[str, str, str, bool], ...] = ()
    primary_note: str = ""  # why there is no primary source

    @property
    def verified(self) -> bool:
        """Documented by a court, the UN or an official inquiry, or by forensic research."""
        return self.quality in VERIFYING_QUALITY


@dataclass(frozen=True, slots=True)
class MisuseMatch:
    """A misuse record that matched the end user or its parent."""

    party: str  # "end_user" | "parent"
    query: str
    record: MisuseRecord
    score: float
    explanation: str = ""
