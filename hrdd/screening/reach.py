"""Whether a pair of names can reach a score: an exact upper bound, cheaper than the comparison.

Screening at a threshold only needs to know which candidates reach it; most do not, and for them
the full alignment (rigour's ``pair_symbols`` and ``compare_parts`` and our weighing,
``hrdd.screening.align``) is wasted. This module answers "can this pair score at least
``floor``?" without aligning, and answers "yes" whenever it is not sure, so the matcher
(``HrddMatcherV1.compare_above``, through ``hrdd.screening.above``) leaves a pair of names
unaligned, and a candidate none of whose names can reach aside, only when the answer is "no".
Results are therefore identical with and without it; only the work differs.

Why the bound holds (``align._score_alignments``): the score of an alignment is
``gained / total``, with ``gained`` at most the weight of the both-sided alignments (``matched``)
and ``total`` at least ``matched`` plus the weights of the parts left on their own, the query's
times the query-only factor and the entry's times the entry-only factor (both 1.0 when both sides
have such parts: a conflict). A part can be in a both-sided alignment in two ways only:

- symbol pairing (rigour ``pair_symbols``) pairs spans that carry **the same symbol**;
- residue alignment (rigour ``compare_parts``) clusters two parts only when the characters its
  alignment matched between them are **more than 51 %** of the shorter part; matched characters
  are a common subsequence, so their longest common subsequence is longer than that.

So the parts that share no symbol and have no part on the other side passing the subsequence
test are left on their own (weights ``Uq`` and ``Ur``), and those that could be paired weigh at
most ``M`` (both sides' weights, plus the 2.0 an initial's alignment is given); the score is at
most ``M / (M + fq × Uq + fr × Ur)``. The fall-backs of ``compare_names`` and hrdd-v2's checks are
bounded apart: a literal match, Chinese characters and abjad scripts (consonant skeletons)
answer "yes"; the joined spelling is computed as ``compare_names`` does; where names_v2 also
compares the canonical organisation forms (country and state-body words), the same bound is
taken of the two forms' keys (``Key.canonical_key``); doubled letters raise the bound to their score. Rounding
of scores to 4 decimals is allowed for by a margin.

A pair this bound lets through is checked against a second one, from rigour's edit budget
(``hrdd.screening.reach_budget``): parts that can only sit in clusters scoring 0 count as left
on their own; many pairs the first bound lets through score far below the floor for that reason
(a long query word that "fits" a short listed word with which it shares two letters).

The two rules are rigour's (``rust/src/names/pairing.rs``: edges are built per shared symbol;
``rust/src/names/compare.rs``: ``frac > cluster_overlap_min``, default 0.51). They are trusted
for the rigour versions in :data:`RIGOUR_VERSIONS` only; under any other version
:func:`is_enabled` is false and every candidate is compared in full, as before. Tests
(tests/screening/test_reach.py) check the bound against the full comparison on real list names,
the evaluation pairs and generated variants, and that screening gives identical hits,
scores and explanations with and without it.
"""

import hashlib
import importlib.metadata
import logging
import os
from array import array
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from rapidfuzz.distance import LCSseq
from rigour.names import Symbol

from hrdd.screening.align import (
    ANALYSIS_CACHE_SIZE,
    CONFLICT_RESULT_WEIGHT,
    EXTRA_QUERY_WEIGHT,
    EXTRA_QUERY_WEIGHT_PERSON,
    EXTRA_RESULT_WEIGHT,
    INITIAL_WEIGHT,
    JOINED_FACTOR,
    JOINED_MIN,
    analysed_names,
    is_abjad,
    is_han,
    joined_similarity,
)
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.names_v2 import DOUBLED_SCORE, has_doubled_letters, squeezed_tokens
from hrdd.screening.normalize import OBJECT_SCHEMATA, PERSON_SCHEMATA, name_tokens
from hrdd.screening.reach_budget import BUDGET_SLACK, MIN_COST, budget_bound, budget_config

RIGOUR_VERSIONS = frozenset({"2.6.1"})  # versions whose pairing and clustering rules were checked
CLUSTER_OVERLAP = 0.51  # rigour's CompareConfig.cluster_overlap_min (default, which align.py uses)
MARGIN = 1e-4  # scores are rounded to 4 decimals
FITS_PER_SHAPE = 2_000  # listed parts whose fit a query's shape remembers
QUERY_KEYS = 512  # query names whose keys (and fits) are kept

_Part = tuple[int, str, float]  # bit of the part's index, comparable form, weight
NATIVE_INCLUDED = ("_reach_budget.c",)  # the sources _reach.c includes (hatch_build.INCLUDED)
TOO_MANY_PARTS = 62  # a name with more parts is not bounded (part indices are bits of an int)


class Shape:
    """What the bound reads of one analysed name: its parts and, per symbol, the bits of the
    parts it covers; a query's shape also remembers which of its parts could cluster with a
    given listed part (``fit``)."""

    __slots__ = ("fits", "parts", "symbol_hashes", "symbols")

    def __init__(self, parts: tuple[_Part, ...], symbols: dict[Symbol, int]):
        self.parts = parts
        self.symbols = symbols
        self.symbol_hashes = symbol_hashes(symbols)
        self.fits: dict[str, int] | None = None

    def fit(self, other: str) -> int:
        """Bits of the parts that ``compare_parts`` could cluster with the part ``other``: their
        longest common subsequence is more than 51 % of the shorter one."""
        fits = self.fits
        if fits is None:
            fits = self.fits = {}
        found = fits.get(other)
        if found is None:
            size = len(other)
            found = 0
            for bit, text, _ in self.parts:
                if LCSseq.similarity(text, other) > CLUSTER_OVERLAP * min(len(text), size):
                    found |= bit
            if len(fits) >= FITS_PER_SHAPE:
                fits.clear()
            fits[other] = found
        return found


def symbol_hashes(symbols: dict[Symbol, int]) -> bytes:
    """The symbols of a shape for the compiled bound: (hash, bits) pairs of 64-bit integers,
    sorted by hash, so that two shapes' shared symbols are found by a merge, without hashing
    rigour's symbols again. Two different symbols of equal hash count as one: the bound can only
    grow (more parts may pair), so it stays an upper bound."""
    merged: dict[int, int] = {}
    for symbol, bits in symbols.items():
        h = hash(symbol)
        merged[h] = merged.get(h, 0) | bits
    return array("q", [v for h in sorted(merged) for v in (h, merged[h])]).tobytes()


class Key(NamedTuple):
    """Everything the bound reads of one name, computed once per name (no shapes: a name the
    bound does not handle, which can always reach). The compiled bound reads it as a tuple, in
    the order of its fields (checked when it is configured)."""

    open: bool  # consonant skeletons, or too many parts: can always reach
    han: bool
    tokens: tuple[str, ...]
    sorted_tokens: tuple[str, ...]
    shapes: tuple[Shape, ...]
    canonical: bool
    joined_length: int
    short_token: bool
    doubled: bool
    # the key of the organisation name's canonical form (names_v2 compares the two canonical forms
    # as well when either name has country or state-body words): the key itself for a name with
    # such words, else a call that makes it (most names: made only if a pair needs it); None for
    # persons, an empty canonical form, and a canonical form's own key
    canonical_key: "Key | Callable[[], Key] | None"


def make_key(text: str, schema: str, form: Callable[[str, str], Key] | None = None) -> Key:
    """What the bound reads of a name; ``form`` makes the key of its canonical form (None: the
    name is a canonical form, which has none)."""
    tokens = name_tokens(text, schema)
    canon = canonical_org_name(text) if form is not None and schema not in PERSON_SCHEMATA else None
    shapes: list[Shape] = []
    for analysed in analysed_names(text, schema):
        weights = analysed.weights
        if any(p.index >= TOO_MANY_PARTS for p in analysed.name.parts):
            shapes = []
            break
        parts = tuple((1 << p.index, p.comparable, weights[p.index]) for p in analysed.name.parts)
        shapes.append(Shape(parts, analysed.symbols))  # the analysis's own map, not a copy
    canonical_key: Key | Callable[[], Key] | None = None
    if form is not None and canon is not None and canon.text:
        canonical_key = form(canon.text, schema) if canon.notes else partial(form, canon.text, schema)
    return Key(open=is_abjad(text) or not shapes, han=is_han(text), tokens=tokens,
               sorted_tokens=tuple(sorted(tokens)), shapes=tuple(shapes),
               canonical=bool(canon and canon.notes and canon.text), joined_length=sum(map(len, tokens)),
               short_token=min(map(len, tokens), default=0) <= 1, doubled=has_doubled_letters(tokens),
               canonical_key=canonical_key)


@lru_cache(maxsize=ANALYSIS_CACHE_SIZE)
def form_key(text: str, schema: str) -> Key:
    """What the bound reads of a listed name's canonical form."""
    return make_key(text, schema)


@lru_cache(maxsize=QUERY_KEYS)
def query_form_key(text: str, schema: str) -> Key:
    """What the bound reads of a query's canonical form (kept apart, as ``query_key``)."""
    return make_key(text, schema)


@lru_cache(maxsize=ANALYSIS_CACHE_SIZE)
def key(text: str, schema: str) -> Key:
    """What the bound reads of a listed name (kept for every listed name, as its analysis is)."""
    return make_key(text, schema, form_key)


@lru_cache(maxsize=QUERY_KEYS)
def query_key(text: str, schema: str) -> Key:
    """What the bound reads of a query's name. Kept apart and for few names: a query's shapes
    remember the fit of every listed part it was compared with (``Shape.fit``), which a service
    answering many distinct names must not keep for all of them."""
    return make_key(text, schema, query_form_key)


def canonical_form(found: "Key | Callable[[], Key]") -> Key:
    """A ``Key.canonical_key``'s key, made now if it was left to be made."""
    return found if isinstance(found, Key) else found()


def alignment_bound(query: Shape, result: Shape, query_only: float, result_only: float) -> float:
    """An upper bound of ``align._align``'s score for these two analyses, whose parts left on
    their own count ``query_only`` and ``result_only`` times their weight (both 1.0 when both
    sides have such parts: a conflict, as ``align._score_alignments`` counts it)."""
    paired_q = paired_r = 0
    fits = query.fits
    for bit, text, _ in result.parts:
        fit = fits.get(text) if fits is not None else None
        if fit is None:
            fit = query.fit(text)
            fits = query.fits
        if fit:
            paired_q |= fit
            paired_r |= bit
    if query.symbols and not query.symbols.keys().isdisjoint(result.symbols):
        symbols = result.symbols
        for symbol, bits in query.symbols.items():
            other = symbols.get(symbol)
            if other is not None:
                paired_q |= bits
                paired_r |= other
    # the parts that may pair weigh as alignments count them (an initial's alignment weighs
    # INITIAL_WEIGHT, whatever its parts weigh); the others are left on their own
    paired = alone_q = 0.0
    lone_q = False
    for bit, text, weight in query.parts:
        if paired_q & bit:
            paired += weight + INITIAL_WEIGHT if len(text) == 1 else weight
        else:
            alone_q += weight
            lone_q = True
    if not lone_q:
        return 1.0
    alone_r = 0.0
    lone_r = False
    for bit, text, weight in result.parts:
        if paired_r & bit:
            paired += weight + INITIAL_WEIGHT if len(text) == 1 else weight
        else:
            alone_r += weight
            lone_r = True
    if paired <= 0.0:
        return 0.0
    if lone_r:
        query_only = max(query_only, CONFLICT_RESULT_WEIGHT)
        result_only = max(result_only, CONFLICT_RESULT_WEIGHT)
    return paired / (paired + query_only * alone_q + result_only * alone_r)


def name_can_reach(query: str, candidate: str, schema: str, floor: float) -> bool:
    """False only when ``names_v2.compare_names_v2(query, candidate, schema).score < floor``
    (and so ``align.compare_names``'s, which hrdd-v2 only lowers or raises through the checks
    bounded here). Compiled (``_reach.c``) where it was built from the source beside it."""
    q, r = query_key(query, schema), key(candidate, schema)
    weights = schema_weights(schema)
    if _NATIVE is not None:
        return _NATIVE.name_can_reach(q, r, weights, floor - MARGIN) is True
    return keys_can_reach(q, r, *weights, floor - MARGIN)


def any_can_reach(queries: tuple[Key, ...], candidates: tuple[Key, ...], schema: str, floor: float) -> bool:
    """True when some pair of a query name and a candidate name (their keys, under the schema
    they are compared in) can reach ``floor``: ``name_can_reach`` over every pair, in one call."""
    weights = schema_weights(schema)
    if _NATIVE is not None:
        return _NATIVE.any_can_reach(queries, candidates, weights, floor - MARGIN) is True
    return any(keys_can_reach(q, r, *weights, floor - MARGIN) for q in queries for r in candidates)


@cache
def schema_weights(schema: str) -> tuple[bool, float, float]:
    """(person, query-only factor, entry-only factor) of names of ``schema``, as ``align`` weighs them."""
    person = schema in PERSON_SCHEMATA
    return (person, EXTRA_QUERY_WEIGHT_PERSON if person else EXTRA_QUERY_WEIGHT,
            1.0 if schema in OBJECT_SCHEMATA else EXTRA_RESULT_WEIGHT)


def keys_can_reach(q: Key, r: Key, person: bool, query_only: float, result_only: float, floor: float) -> bool:
    """``name_can_reach`` of two names' keys, in Python (``floor`` already lowered by the margin)."""
    if floor <= 0.0 or q.open or r.open or (q.han and r.han):
        return True
    qtokens, rtokens = q.tokens, r.tokens
    if qtokens and (qtokens == rtokens or (person and q.sorted_tokens == r.sorted_tokens)):
        return True  # a literal match
    for qshape in q.shapes:
        for rshape in r.shapes:
            if (alignment_bound(qshape, rshape, query_only, result_only) >= floor
                    and budget_bound(qshape, rshape, query_only, result_only, CLUSTER_OVERLAP) >= floor):
                return True
    if ((q.canonical or r.canonical) and q.canonical_key is not None and r.canonical_key is not None
            and keys_can_reach(canonical_form(q.canonical_key), canonical_form(r.canonical_key), person, query_only,
                               result_only, floor)):
        return True  # names_v2 compares the canonical forms too (align.compare_names, as the names are)
    if len(qtokens) != len(rtokens):
        longest = max(q.joined_length, r.joined_length)
        # the joined spelling scores 1 - distance / longest, and the distance is at least the
        # difference of the lengths
        if (not (q.short_token or r.short_token) and longest
                and 1.0 - abs(q.joined_length - r.joined_length) / longest >= JOINED_MIN):
            joined = joined_similarity(qtokens, rtokens, person)
            if joined >= JOINED_MIN and joined * JOINED_FACTOR >= floor:
                return True
        return False
    # names_v2.is_doubled_variant, from what the keys hold (the same for equal token counts)
    return (floor <= DOUBLED_SCORE and (q.doubled or r.doubled) and qtokens != rtokens
            and squeezed_tokens(qtokens) == squeezed_tokens(rtokens))


@lru_cache(maxsize=1)
def is_enabled() -> bool:
    """The bound is used only under the rigour versions whose rules it was checked against."""
    try:
        return importlib.metadata.version("rigour") in RIGOUR_VERSIONS
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - rigour is a dependency
        return False


def _native_module() -> ModuleType | None:
    """The compiled bound (``_reach.c``, built by hatch_build.py), or None: not built, built from
    another source than the one beside it (a stale build is never run), or turned off with
    ``HRDD_NATIVE=0``. Either way the answers are the same; only the time differs."""
    if os.environ.get("HRDD_NATIVE", "1") == "0":
        return None
    try:
        from hrdd.screening import _reach
    except ImportError:
        _log.debug("the compiled screening bound is not built: the Python one is used")
        return None
    source = Path(__file__).with_name("_reach.c")
    try:
        hashed = hashlib.sha256(source.read_bytes())
        for included in NATIVE_INCLUDED:
            hashed.update(source.with_name(included).read_bytes())
        digest: str | None = hashed.hexdigest()
    except OSError:
        digest = None
    if digest != _reach.SOURCE_SHA256:
        _log.warning("hrdd/screening/_reach.c or a file it includes changed since it was compiled: the Python screening bound is used "
                     "(rebuild with scripts/setup.sh)")
        return None
    _reach.configure({"INITIAL_WEIGHT": INITIAL_WEIGHT, "CONFLICT_RESULT_WEIGHT": CONFLICT_RESULT_WEIGHT,
                      "CLUSTER_OVERLAP": CLUSTER_OVERLAP, "JOINED_MIN": JOINED_MIN, "JOINED_FACTOR": JOINED_FACTOR,
                      "DOUBLED_SCORE": DOUBLED_SCORE, "FITS_PER_SHAPE": FITS_PER_SHAPE, "KEY_FIELDS": Key._fields, "Shape": Shape,
                      "BUDGET_SHORT_FLOOR": budget_config.budget_short_floor,
                      "BUDGET_LOG_BASE": budget_config.budget_log_base,
                      "BUDGET_TOLERANCE": budget_config.budget_tolerance, "MIN_COST": MIN_COST,
                      "BUDGET_SLACK": BUDGET_SLACK,
                      "joined_similarity": joined_similarity, "squeezed_tokens": squeezed_tokens})
    return _reach


_log = logging.getLogger(__name__)
_NATIVE = _native_module()
