"""A small in-memory candidate index over a list delta (the entries one import added or changed).

Re-screening every monitored party against a delta of a few thousand entries does not need
the on-disk index: this one holds the same terms (name tokens and joined pairs, phonetic keys,
cross-language name symbols, one-letter deletions, identifiers) in dictionaries and ranks
candidates the way :class:`hrdd.screening.index.TantivyIndex` weighs its clauses (token 2,
a token one edit away 1, key 1, identifier 20). It implements
:class:`hrdd.screening.index.CandidateIndex`, so the ordinary
:class:`hrdd.screening.screener.Screener` scores its candidates.

Each term counts with its inverse document frequency in the delta, and an entry is a candidate
only if what it shares with the query weighs at least half of what the query's own tokens
weigh (an identifier in common always makes it one): sharing "llc" or "trading" with a hundred
entries makes none of them a candidate, sharing a respelled distinctive word does. Without this
every party would be scored against the fifty entries that share its legal form, which costs
fifty matcher comparisons per party and finds nothing. ``tests/screening/test_delta_index.py``
checks that it still finds every hit the on-disk index finds.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

from hrdd.screening.normalize import (
    PERSON_SCHEMATA,
    deletion_variants,
    index_terms,
    name_symbols,
    name_tokens,
)
from hrdd.screening.record import Record

MIN_SHARE = 0.5  # a candidate shares at least this part of the query's weighted tokens
MIN_FUZZY_LENGTH = 4
MAX_FUZZY_LENGTH = 24
MAX_SYMBOL_NAMES = 8
_INCOMPATIBLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"Company", "Organization", "PublicBody", "Vessel", "Airplane"}),
    "Company": frozenset({"Person", "Vessel", "Airplane"}),
    "Organization": frozenset({"Person", "Vessel", "Airplane"}),
    "PublicBody": frozenset({"Person", "Vessel", "Airplane"}),
    "Vessel": frozenset({"Person", "Company", "Organization", "PublicBody", "Airplane"}),
    "Airplane": frozenset({"Person", "Company", "Organization", "PublicBody", "Vessel"}),
}


def _schema(record: Record) -> str:
    return "Person" if record.schema in PERSON_SCHEMATA else record.schema


def _fuzzy(token: str) -> bool:
    return MIN_FUZZY_LENGTH <= len(token) <= MAX_FUZZY_LENGTH and token.isalpha()


def _terms(record: Record) -> tuple[list[str], list[str], list[str]]:
    """(tokens, phonetic and symbol keys, plain tokens) of every name of the record."""
    schema = _schema(record)
    tokens: dict[str, None] = {}
    keys: dict[str, None] = {}
    plain: dict[str, None] = {}
    for name in record.all_names:
        t, k = index_terms(name, schema)
        tokens.update(dict.fromkeys(t))
        keys.update(dict.fromkeys(k))
        plain.update(dict.fromkeys(name_tokens(name, schema)))
    if schema == "Person":
        for name in record.all_names[:MAX_SYMBOL_NAMES]:
            keys.update(dict.fromkeys(name_symbols(name)))
    return list(tokens), list(keys), list(plain)


class DeltaIndex:
    """Candidate index of a few thousand entries, held in memory."""

    def __init__(self, records: Iterable[Record], fingerprint: str = "delta") -> None:
        self._fingerprint = ""
        self._records: list[Record] = []
        self._tokens: dict[str, list[int]] = defaultdict(list)
        self._dels: dict[str, list[int]] = defaultdict(list)
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._ids: dict[str, list[int]] = defaultdict(list)
        self._by_id: dict[str, int] = {}
        self.build(records, fingerprint)

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def build(self, records: Iterable[Record], fingerprint: str) -> int:
        for table in (self._tokens, self._dels, self._keys, self._ids):
            table.clear()
        self._records = list(records)
        self._by_id = {r.id: i for i, r in enumerate(self._records)}
        for i, record in enumerate(self._records):
            tokens, keys, _ = _terms(record)
            for token in tokens:
                self._tokens[token].append(i)
            for variant in dict.fromkeys(v for t in tokens if _fuzzy(t) for v in deletion_variants(t)):
                self._dels[variant].append(i)
            for key in keys:
                self._keys[key].append(i)
            for _, value in record.identifiers:
                self._ids[value].append(i)
        self._fingerprint = fingerprint
        return len(self._records)

    def count(self) -> int:
        return len(self._records)

    def get(self, entry_id: str) -> Record | None:
        i = self._by_id.get(entry_id)
        return None if i is None else self._records[i]

    def entries(self, limit: int) -> Iterator[Record]:
        yield from self._records[:limit]

    def _idf(self, found: int) -> float:
        return math.log((len(self._records) + 1) / (found + 0.5))

    def candidates(self, query: Record, limit: int = 50) -> list[Record]:
        if not self._records:
            return []
        scores: dict[int, float] = defaultdict(float)
        strong: set[int] = set()
        possible = 0.0  # the score an entry sharing every query token exactly would get

        def add(found: list[int] | set[int], weight: float) -> None:
            idf = self._idf(len(found))
            for i in found:
                scores[i] += weight * idf

        tokens, keys, plain = _terms(query)
        plain_set = set(plain)
        for token in tokens[:24]:
            exact = self._tokens.get(token, [])
            add(exact, 2.0)
            if token in plain_set:
                # a token no entry has weighs as a token one entry has: it cannot tell entries apart,
                # and in a small delta it would otherwise outweigh everything the entries share
                possible += 2.0 * self._idf(max(len(exact), 1))
            if token in plain_set and _fuzzy(token):
                add({i for v in deletion_variants(token) for i in self._dels.get(v, ())}, 1.0)
        for key in keys[:40]:
            add(self._keys.get(key, []), 1.0)
        for _, value in query.identifiers:
            strong.update(self._ids.get(value, []))
        floor = MIN_SHARE * possible
        excluded = _INCOMPATIBLE.get(query.schema, frozenset())
        kept = [i for i, score in scores.items() if (score >= floor or i in strong)
                and self._records[i].schema not in excluded]
        kept += [i for i in strong if i not in scores and self._records[i].schema not in excluded]
        kept.sort(key=lambda i: (i not in strong, -scores.get(i, 0.0), self._records[i].id))
        return [self._records[i] for i in kept[:limit]]
