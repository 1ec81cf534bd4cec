"""Screening many rows that share names: what one row's screening found serves the later rows
with the same name and schema.

A row of a party file has a name, a schema and a country (no identifiers, no birth dates). The
index's candidates depend on the name and schema only, and so do the matcher's main features
(name, identifiers, weak aliases, acronyms: none reads a country); the qualifiers, which read the
country, can only lower a score (``HrddMatcherV1.compare_above``). So an entry whose main
features do not reach the threshold for one row cannot be a hit of another row with the same
name and schema, whatever its country. The first such row is screened in full and leaves the
entries that did reach it (*reachable*, usually none); each later row is compared with those
only, in the same order, and gets the hits, scores and explanations screening it alone gives.

That holds while every main feature of the matcher is one of ``COUNTRY_FREE``; a matcher with
another main feature (which might read the country) screens every row in full.
"""

from hrdd.model.screening import Hit
from hrdd.screening import compare, compare_v2
from hrdd.screening.judgements import JudgementStore
from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.record import Record
from hrdd.screening.screener import Screener
from hrdd.services.screening import screen_record_among

NameKey = tuple[str, str]  # (name, schema)
# main features that read the names, identifiers and schema of the query, never its countries
COUNTRY_FREE = frozenset({compare.name_match, compare.identifier_match, compare.weak_alias_match,
                          compare.acronym_match, compare_v2.name_match, compare_v2.weak_alias_match,
                          compare_v2.acronym_alias_match})
MEMORY = 200_000  # names whose reachable entries a process keeps


def reuses_names(matcher: type[HrddMatcherV1]) -> bool:
    """True when rows that share a name and schema can share their candidates' main features."""
    return all(f.func in COUNTRY_FREE for f in matcher.FEATURES if not f.qualifier)


class RowScreener:
    """Screens rows on an open screener, remembering per (name, schema) the reachable entries."""

    def __init__(self, screener: Screener, store: JudgementStore | None, threshold: float | None, *,
                 reuse: bool = True, limit: int = 10) -> None:
        self.screener = screener
        self.store = store
        self.threshold = threshold
        self.reuse = reuse and reuses_names(screener.matcher)
        self.limit = limit
        self._reachable: dict[NameKey, tuple[Record, ...]] = {}
        self.full = self.reused = 0  # rows screened against every candidate / the reachable ones

    def screen(self, name: str, country: str | None, schema: str,
               known: tuple[Record, ...] | None = None) -> tuple[list[Hit], tuple[Record, ...]]:
        """The hits of one row and the reachable entries of its name. ``known``: those entries
        as an earlier row with the same name and schema left them (in another process)."""
        key = (name, schema)
        among = (self._reachable.get(key, known) if self.reuse else None)
        hits, reachable = screen_record_among(self.screener, name, country=country, schema=schema,
                                              threshold=self.threshold, limit=self.limit, store=self.store,
                                              among=among)
        if among is None:
            self.full += 1
        else:
            self.reused += 1
        if self.reuse and key not in self._reachable:
            if len(self._reachable) >= MEMORY:
                del self._reachable[next(iter(self._reachable))]  # oldest first
            self._reachable[key] = reachable
        return hits, reachable
