"""Candidates set aside in one step: can any main feature of the matcher reach the floor?

Screening at a threshold compares each of a query's candidates feature by feature
(``HrddMatcherV1.compare_above``), and most candidates reach no main feature's floor. Finding
that out costs a dozen calls per candidate, most of them in Python, even where the bound of
``hrdd.screening.reach`` answers each name pair in a microsecond. A :class:`Gate` is built once
per query and asks, per candidate, only what each main feature needs to fire; a candidate it
says no for is one ``compare_above`` returns None for, so results are identical with and
without it (tests/screening/test_gate.py checks that on list names and generated variants).

What the gate reads, per main feature (a matcher with any other main feature gets no gate):

- ``name_match`` (v1 and v2): every pair of a query name and an entry name, through
  ``reach.any_can_reach`` at ``floor / weight``. The feature compares those pairs or, for an
  entry with many aliases, a subset of them (``compare.compared_pairs``).
- ``weak_alias_match``: the same over the weak aliases, at ``max(floor / weight, weak_alias_min)``.
- ``identifier_match``: fires only when the two sides share an identifier's value.
- ``acronym_match`` and ``acronym_alias_match``: fire only when a single word of one side (a
  query word of ``acronym_min_length`` letters or more, or a query's acronym core) equals the
  initials of a name of the other side or a single-word name of the entry; the gate compares
  the sets of such words.

What it reads of an entry is computed once per entry and schema and kept (``entry_facts``);
``Screener.warm`` computes it for every listed entry before a batch's workers fork.
"""

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from hrdd.screening import compare, compare_v2, reach
from hrdd.screening.above import SLACK  # as the features above a floor lower it
from hrdd.screening.compare import initials
from hrdd.screening.compare_v2 import _alias_core
from hrdd.screening.normalize import PERSON_SCHEMATA, name_tokens
from hrdd.screening.record import Record
from hrdd.screening.result import NO_RESULT

FeatureFunc = object  # a main feature function, compared by identity
FACTS_KEPT = 100_000  # entries (and schemata) whose facts a process keeps
_NONE: frozenset[str] = frozenset()

NAME_FEATURES = frozenset({compare.name_match, compare_v2.name_match})
WEAK_FEATURES = frozenset({compare.weak_alias_match, compare_v2.weak_alias_match})
KNOWN_FEATURES = NAME_FEATURES | WEAK_FEATURES | {compare.identifier_match, compare.acronym_match,
                                                  compare_v2.acronym_alias_match}


class EntryFacts(NamedTuple):
    """What the gate reads of an entry compared under a schema."""

    names: tuple[reach.Key, ...]  # the bound's keys of its names
    weak: tuple[reach.Key, ...]  # and of its weak aliases
    singles: frozenset[str]  # its single-word names' words (organisations only)
    initials: frozenset[str]  # the initials of its multi-word names (organisations only)


# by the entry object: an entry is read once per schema it is compared under, and the index
# hands out the same object for an entry while it is open (a lookup by identity costs a tenth of
# one by the entry's names). The entry is held with its facts, so its id is not reused meanwhile.
_FACTS: dict[int, tuple[Record, dict[str, EntryFacts]]] = {}


def entry_facts(entry: Record, schema: str) -> EntryFacts:
    """What the gate reads of ``entry`` when its names are compared under ``schema``."""
    held = _FACTS.get(id(entry))
    if held is not None and held[0] is entry:
        found = held[1].get(schema)
        if found is not None:
            return found
    else:
        if len(_FACTS) >= FACTS_KEPT:
            del _FACTS[next(iter(_FACTS))]  # oldest first
        held = _FACTS[id(entry)] = (entry, {})
    facts = held[1][schema] = _read_entry(entry, schema)
    return facts


def _read_entry(entry: Record, schema: str) -> EntryFacts:
    singles: set[str] = set()
    firsts: set[str] = set()
    if schema not in PERSON_SCHEMATA:  # the acronym features compare organisations only
        for name in entry.names:
            tokens = name_tokens(name, entry.schema)
            if len(tokens) == 1:
                singles.add(tokens[0])
            found = initials(tokens)
            if found:
                firsts.add(found)
    return EntryFacts(tuple(reach.key(n, schema) for n in entry.names),
                      tuple(reach.key(n, schema) for n in entry.weak_aliases),
                      frozenset(singles) if singles else _NONE, frozenset(firsts) if firsts else _NONE)


class _QueryFacts(NamedTuple):
    keys: tuple[reach.Key, ...]
    shorts: frozenset[str]  # single-word names of acronym length (acronym_match, the query as the acronym)
    initials: frozenset[str]  # initials of acronym length (acronym_match, the entry's name as the acronym)
    cores: frozenset[str]  # acronym cores (acronym_alias_match)


class Gate:
    """Per candidate of one query: False when no main feature can reach the floor."""

    def __init__(self, query: Record, features: Sequence[tuple[FeatureFunc, float]], floor: float,
                 config: Mapping[str, float]) -> None:
        self.query = query
        self._person = query.schema in PERSON_SCHEMATA
        funcs = {f for f, _ in features}
        self._name_floor = min((floor / w - SLACK for f, w in features if f in NAME_FEATURES), default=None)
        least = config.get("weak_alias_min", 0.0) - SLACK
        self._weak_floor = min((max(floor / w - SLACK, least) for f, w in features if f in WEAK_FEATURES),
                               default=None)
        self._identifiers = (frozenset(v for _, v in query.identifiers) if compare.identifier_match in funcs
                             else _NONE)
        self._acronyms = compare.acronym_match in funcs
        self._aliases = compare_v2.acronym_alias_match in funcs
        self._min_length = int(config.get("acronym_min_length", 0))
        self._by_schema: dict[str, _QueryFacts] = {}

    def _facts(self, schema: str) -> _QueryFacts:
        facts = self._by_schema.get(schema)
        if facts is None:
            shorts: set[str] = set()
            firsts: set[str] = set()
            cores: set[str] = set()
            if schema not in PERSON_SCHEMATA:
                for qname in self.query.names:
                    tokens = name_tokens(qname, schema)
                    if len(tokens) == 1 and len(tokens[0]) >= self._min_length:
                        shorts.add(tokens[0])
                    found = initials(tokens)
                    if len(found) >= self._min_length:
                        firsts.add(found)
                    if self._aliases:
                        core, whole = _alias_core(qname)
                        if len(core) >= self._min_length and not whole:
                            cores.add(core)
            facts = self._by_schema[schema] = _QueryFacts(
                tuple(reach.query_key(n, schema) for n in self.query.names), frozenset(shorts),
                frozenset(firsts), frozenset(cores))
        return facts

    def may_reach(self, entry: Record) -> bool:
        """False only when ``compare_above`` returns None for this query and ``entry``."""
        if self._identifiers and entry.identifiers and not self._identifiers.isdisjoint(v for _, v in entry.identifiers):
            return True
        # compare._compare_schema, inline (once per candidate)
        schema = "Person" if self._person or entry.schema in PERSON_SCHEMATA else entry.schema
        query = self._by_schema.get(schema) or self._facts(schema)
        facts = entry_facts(entry, schema)
        if self._acronyms and (not query.shorts.isdisjoint(facts.initials)
                               or not query.initials.isdisjoint(facts.singles)):
            return True
        if self._aliases and query.cores and (not query.cores.isdisjoint(facts.singles)
                                              or not query.cores.isdisjoint(facts.initials)):
            return True
        if self._name_floor is not None and reach.any_can_reach(query.keys, facts.names, schema, self._name_floor):
            return True
        return (self._weak_floor is not None and bool(facts.weak)
                and reach.any_can_reach(query.keys, facts.weak, schema, self._weak_floor))


def build_gate(query: Record, features: Sequence[tuple[FeatureFunc, float]], floor: float,
               config: Mapping[str, float]) -> Gate | None:
    """A gate for ``query`` at ``floor`` over a matcher's main features (function, weight), or
    None when one of them is not one the gate knows, or a feature that finds nothing could
    still reach the floor (a floor of 0)."""
    if not features or any(f not in KNOWN_FEATURES or w <= 0 or floor / w - SLACK <= NO_RESULT.score
                           for f, w in features):
        return None
    return Gate(query, features, floor, config)
