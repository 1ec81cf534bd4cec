"""Documented misuse of surveillance technology by government bodies (authored, cited)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MisuseRecord:
    id: str
    name: str
    country: str
    sector: str
    summary: str  # what was documented
    year: int
    sources: tuple[tuple[str, str], ...]  # (title, url)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MisuseMatch:
    """A misuse record that matched the end user or its parent."""

    party: str  # "end_user" | "parent"
    query: str
    record: MisuseRecord
    score: float
    explanation: str = ""
