"""The screening engine: candidates from the index, scored by the matcher, ranked with ties."""

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from hrdd.screening import reach
from hrdd.screening.align import ANALYSIS_CACHE_SIZE, prepare
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.gate import entry_facts
from hrdd.screening.index import CandidateIndex
from hrdd.screening.links import LinkHint, is_linked_only, link_hint, linked_entities
from hrdd.screening.matcher import DefaultMatcher, HrddMatcherV1
from hrdd.screening.names_v2 import legal_form_kinds
from hrdd.screening.normalize import PERSON_SCHEMATA
from hrdd.screening.record import Record
from hrdd.screening.related import RelatedHint, brand_hint
from hrdd.screening.result import ScoredEntry, rank_key
from hrdd.screening.ties import OwnershipGraph, Tie, find_ties

DEFAULT_CANDIDATES = 50
WARM_STEP = 100  # names analysed between two yields of the interpreter lock while warming


class Screened(NamedTuple):
    hits: list[ScoredEntry]
    hints: list[LinkHint]
    reachable: tuple[Record, ...]  # the entries compare_above did not set aside, in candidate order


@dataclass(slots=True)
class Screener:
    index: CandidateIndex
    graph: OwnershipGraph
    matcher: type[HrddMatcherV1] = DefaultMatcher
    candidates: int = DEFAULT_CANDIDATES

    @property
    def algorithm(self) -> str:
        return self.matcher.algorithm()

    def score(self, query: Record, config: Mapping[str, float] | None = None) -> list[ScoredEntry]:
        """Every candidate scored, best first (no threshold)."""
        scored = [ScoredEntry(entry, self.matcher.compare(query, entry, config))
                  for entry in self.index.candidates(query, self.candidates)]
        scored.sort(key=rank_key)
        return scored

    def screen(self, query: Record, *, threshold: float | None = None, limit: int = 10,
               config: Mapping[str, float] | None = None) -> list[ScoredEntry]:
        """Hits at or above the threshold, best first, at most ``limit``."""
        return self.screen_with_hints(query, threshold=threshold, limit=limit, config=config)[0]

    def screen_with_hints(self, query: Record, *, threshold: float | None = None, limit: int = 10,
                          config: Mapping[str, float] | None = None) -> tuple[list[ScoredEntry], list[LinkHint]]:
        """Hits at or above the threshold, best first, at most ``limit``; and, apart, the entries at
        or above it that the lists do not target but tie to listed ones (related-entity hints, never
        hits; ``hrdd.screening.links``). The ownership graph is read only when such an entry scores
        at or above the threshold."""
        screened = self.screen_among(query, self.index.candidates(query, self.candidates), threshold=threshold,
                                     limit=limit, config=config)
        return screened.hits, screened.hints

    def screen_among(self, query: Record, entries: Sequence[Record], *, threshold: float | None = None,
                     limit: int = 10, config: Mapping[str, float] | None = None) -> Screened:
        """``screen_with_hints`` among ``entries`` (the query's candidates, or a subset of them
        that holds every entry that can score the threshold), and the entries whose main features
        reach the threshold: those the matcher did not set aside before its qualifiers
        (``compare_above``)."""
        cut = self.matcher.DEFAULT_THRESHOLD if threshold is None else threshold
        hits, hints, reachable = [], [], []
        gate = self.matcher.gate(query, cut, config)
        for entry in entries:
            if gate is not None and not gate.may_reach(entry):
                continue  # compare_above would return None
            result = self.matcher.compare_above(query, entry, cut, config)
            if result is None:
                continue
            reachable.append(entry)
            if result.score >= cut:
                scored = ScoredEntry(entry, result)
                hint = link_hint(self.graph, scored)
                if hint is None:
                    hits.append(scored)
                else:
                    hints.append(hint)
        hits.sort(key=rank_key)
        hints.sort(key=lambda h: rank_key(h.matched))
        return Screened(hits[:limit], hints[:limit], tuple(reachable))

    def related(self, query: Record, hits: list[ScoredEntry], limit: int = 5) -> list[RelatedHint]:
        """Listed organisations whose brand the query carries, other than the hits: hints for a
        reviewer, reported apart from hits (a subsidiary of a listed parent is not listed)."""
        hit_ids = {h.entry.id for h in hits}
        hints = []
        for entry in self.index.candidates(query, self.candidates):
            if entry.id not in hit_ids and not is_linked_only(entry):  # a brand of a listed entity only
                hint = brand_hint(query, entry)
                if hint is not None:
                    hints.append(hint)
                    if len(hints) >= limit:
                        break
        return hints

    def warm(self, max_names: int = ANALYSIS_CACHE_SIZE * 9 // 10) -> int:
        """Read every entry and analyse its names now, so that the first queries of a service
        cost what later ones do (about 3 s and 140 MB for the official lists). Stops at
        ``max_names``: the analysis caches hold no more. Returns the names analysed."""
        names = 0
        bounded = reach.is_enabled()
        for entry in self.index.entries(max_names):
            if bounded:
                entry_facts(entry, entry.schema)  # what the gate and the bound read of it (reach.key)
            for name in entry.names:
                prepare(name, entry.schema)  # compared under the entry's schema
                if entry.schema not in PERSON_SCHEMATA:
                    canon = canonical_org_name(name)  # hrdd-v2's canonical form and legal forms
                    if canon.notes and canon.text:
                        prepare(canon.text, entry.schema)  # hrdd-v2 aligns that form too (~2,500 names)
                    legal_form_kinds(name)
                names += 1
                if names % WARM_STEP == 0:
                    time.sleep(0)  # let the server's threads (requests, health checks) run
            if names >= max_names:
                break
        return names

    def ties(self, entry: Record) -> list[Tie]:
        return find_ties(self.graph, entry.id)

    def linked(self, entry: Record) -> list[tuple[str, str, str, str]]:
        """The entities list data ties an entry to: (id, name, relation schema, worded relation)."""
        return linked_entities(self.graph, entry.id)
