"""Name-to-name similarity: symbols first, then fuzzy alignment of what is left.

The primitives are rigour's (``pair_symbols`` pairs parts that share a symbol — a
cross-language given-name id such as Mohammed/Muhammad/محمد, an org class such as
"Co Ltd"/"LLC", an initial — and ``compare_parts`` fuzzily aligns the residue with
edit costs folded for confusable characters). This module weighs the aligned parts into one
score: parts count by their length, legal forms, stop words and generic organisation words
count little, parts only the list entry has (patronymics, city prefixes of Chinese company
names) count less than parts only the query has — unless both sides have parts the other
lacks, which is a conflict (Igor/Oleg Deripaska). Two fall-backs catch what part alignment
misses: joined spellings ("Sense Time"/"SenseTime", Chinese names transliterated syllable by
syllable) and consonant skeletons of names transliterated from an abjad (Arabic, Hebrew),
which omits short vowels. Two checks guard against what transliteration hides: names written
only in Chinese characters are compared character by character (homophones share a
transliteration), and names whose numbers differ are scaled down. The weights below were
tuned on the public evaluation sets reported in ``bench/results/screening_eval.md``.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import token_set_ratio
from rigour.names import (
    Alignment,
    Name,
    NamePart,
    NamePartTag,
    Symbol,
    SymbolCategory,
    align_person_name_order,
    compare_parts,
    pair_symbols,
)

from hrdd.screening.normalize import OBJECT_SCHEMATA, PERSON_SCHEMATA, analyze, name_tokens, skeleton

EXTRA_QUERY_WEIGHT = 1.0
EXTRA_QUERY_WEIGHT_PERSON = 0.6  # lists often give fewer given names / no patronymic
CONFLICT_RESULT_WEIGHT = 1.0  # entry-only parts when the query also has unmatched parts (Igor/Oleg)
PATRONYMIC_WEIGHT = 0.5
_PATRONYMIC = ("ovich", "evich", "ovna", "evna", "ichna", "yevich", "ievich", "ovych", "ivna")
EXTRA_RESULT_WEIGHT = 0.25
WEAK_PART_WEIGHT = 0.3  # legal forms, stop words, org classes, generic words ("company", "trading")
DOMAIN_PART_WEIGHT = 0.6  # sector words ("petrochemical", "bank", "technology")
JOINED_MIN = 0.9
JOINED_FACTOR = 0.97
SKELETON_FACTOR = 0.9
QUICK_GATE = 0.35  # below this token-set similarity the full alignment is not attempted
_WEAK_TAGS = frozenset({NamePartTag.LEGAL, NamePartTag.STOP})
_SYMBOL_WEIGHT = {
    SymbolCategory.ORG_CLASS: WEAK_PART_WEIGHT,
    SymbolCategory.SYMBOL: WEAK_PART_WEIGHT,
    SymbolCategory.DOMAIN: DOMAIN_PART_WEIGHT,
}
NUMBER_MISMATCH_FACTOR = 0.7  # names that differ in their numbers ("Victory 3", "Company 23")
NUMBER_PARTIAL_FACTOR = 0.9  # numbers differ but overlap (trust series "2004-1" / "2004-2")
INITIAL_SCORE = 0.8  # an initial against a name part starting with that letter
INITIAL_WEIGHT = 2.0  # the weight of that alignment, whatever the parts weigh


class NameScore(NamedTuple):
    """The similarity of one query name to one listed name, with the alignment as detail.

    A named tuple (as ``FeatureResult``): one is made per compared pair of names, and a tuple is
    built several times faster than a frozen dataclass."""

    score: float
    query: str
    candidate: str
    detail: str


def _generic_factors(name: Name, person: bool) -> dict[int, float]:
    """Weight factor per part index for parts that are generic words of organisation names."""
    factors: dict[int, float] = {}
    if person:
        for part in name.parts:
            if part.comparable.endswith(_PATRONYMIC):
                factors[part.index] = PATRONYMIC_WEIGHT
        return factors
    for span in name.spans:
        factor = _SYMBOL_WEIGHT.get(span.symbol.category)
        if factor is not None:
            for part in span.parts:
                factors[part.index] = min(factor, factors.get(part.index, 1.0))
    return factors


def _part_weights(name: Name, person: bool) -> dict[int, float]:
    """Weight of each part of a name by part index: its length, less for generic words,
    patronymics, legal forms and stop words."""
    factors = _generic_factors(name, person)
    weights: dict[int, float] = {}
    for part in name.parts:
        weight = float(len(part.comparable)) * factors.get(part.index, 1.0)
        if part.tag in _WEAK_TAGS:
            weight *= WEAK_PART_WEIGHT
        weights[part.index] = weight
    return weights


def _symbol_parts(name: Name) -> dict[Symbol, int]:
    """The symbols of a name's spans, each with the bits (``1 << part.index``) of the parts its
    spans cover."""
    symbols: dict[Symbol, int] = {}
    for span in name.spans:
        symbol = span.symbol
        for part in span.parts:
            symbols[symbol] = symbols.get(symbol, 0) | (1 << part.index)
    return symbols


@dataclass(frozen=True, slots=True)
class _Analysed:
    """A rigour name with the weights of its parts and the parts its symbols cover, computed once
    per name (``hrdd.screening.reach`` reads the symbols too, rather than keeping a copy)."""

    name: Name
    weights: dict[int, float]
    symbols: dict[Symbol, int]  # rigour pairs spans that carry the same symbol: none shared, no pairing


ANALYSIS_CACHE_SIZE = 100_000  # analysed names kept per process (the official lists have ~70,000)


@lru_cache(maxsize=ANALYSIS_CACHE_SIZE)
def _analysed(text: str, schema: str) -> tuple[_Analysed, ...]:
    person = schema in PERSON_SCHEMATA
    return tuple(_Analysed(name, _part_weights(name, person), _symbol_parts(name)) for name in analyze(text, schema))


def analysed_names(text: str, schema: str) -> tuple[_Analysed, ...]:
    """The analyses of a name that ``compare_names`` aligns, with the weights of their parts."""
    return _analysed(text, schema)


def prepare(name: str, schema: str) -> None:
    """Analyse a listed name now rather than at its first comparison (warming a service)."""
    _analysed(name, schema)
    name_tokens(name, schema)


def _is_initial_of(a: str, b: str) -> bool:
    return len(a) == 1 and len(b) > 1 and b.startswith(a)


def _score_alignments(alignments: list[Alignment], extra_query: float, extra_result: float,
                      qw: dict[int, float], rw: dict[int, float]) -> float:
    """The weighted share of the name parts that align (one pass: this runs for every pair; a
    side's weights are summed only where they count, in the order of its parts)."""
    matched = gained = query_only = result_only = 0.0
    any_query_only = any_result_only = False
    for al in alignments:
        qps, rps = al.qps, al.rps
        if qps:
            wq = 0.0
            for part in qps:
                wq += qw[part.index]
            if not rps:
                query_only += wq
                any_query_only = True
                continue
            wr = 0.0
            for part in rps:
                wr += rw[part.index]
            weight = max(wq, wr)
            score = al.score
            if al.symbol is None:
                qstr, rstr = al.qstr, al.rstr
                if (len(qstr) == 1 or len(rstr) == 1) and (_is_initial_of(qstr, rstr) or _is_initial_of(rstr, qstr)):
                    score, weight = max(score, INITIAL_SCORE), INITIAL_WEIGHT
            matched += weight
            gained += weight * score
        elif rps:
            wr = 0.0
            for part in rps:
                wr += rw[part.index]
            result_only += wr
            any_result_only = True
    if any_query_only and any_result_only:
        # both sides have parts the other lacks: a conflict (Igor/Oleg), not an omission
        extra_result = max(extra_result, CONFLICT_RESULT_WEIGHT)
        extra_query = max(extra_query, CONFLICT_RESULT_WEIGHT)
    total = matched + query_only * extra_query + result_only * extra_result
    return gained / total if total else 0.0


@lru_cache(maxsize=64)
def _kind(category: SymbolCategory) -> str:
    return f"symbol {str(category).rsplit('.', 1)[-1]}"


def _notes(alignments: list[Alignment]) -> list[str]:
    """A reviewer's note per alignment (formatted only for the alignment that is kept)."""
    notes: list[str] = []
    for al in alignments:
        if al.qps and al.rps:
            symbol = al.symbol
            kind = "fuzzy" if symbol is None else _kind(symbol.category)
            notes.append(f"'{al.qstr}'~'{al.rstr}' {kind} {al.score:.2f}")
        elif al.qps:
            notes.append(f"'{al.qstr}' unmatched in query")
        elif al.rps:
            notes.append(f"'{al.rstr}' only in entry")
    return notes


def _best_pairing(query: _Analysed, result: _Analysed) -> list[Alignment]:
    if query.symbols.keys().isdisjoint(result.symbols.keys()):  # hashes the smaller side's symbols
        # rigour builds an edge only between spans whose symbols are equal (category and id; its
        # rust/src/names/pairing.rs): with none in common, and so for a name without spans, it
        # returns the empty pairing alone (a pairing that covers nothing, never kept). A quarter
        # of the pairs of a warm match.
        return []
    qname, rname = query.name, result.name
    best: list[Alignment] = []
    best_cover = 0
    for pairing in pair_symbols(qname, rname):
        if not pairing:
            continue  # covers nothing: never better than none
        cover = 0
        for al in pairing:
            cover += len(al.qps) + len(al.rps)
        if cover > best_cover:
            best, best_cover = list(pairing), cover
    return best


def _align(query: _Analysed, result: _Analysed, person: bool, extra_result: float
           ) -> tuple[float, list[Alignment]]:
    qname, rname = query.name, result.name
    symbols = _best_pairing(query, result)
    if symbols:
        used_q = {part.index for al in symbols for part in al.qps}
        used_r = {part.index for al in symbols for part in al.rps}
        rest_q = [p for p in qname.parts if p.index not in used_q]
        rest_r = [p for p in rname.parts if p.index not in used_r]
    else:
        rest_q, rest_r = list(qname.parts), list(rname.parts)
    if person:
        rest_q, rest_r = align_person_name_order(rest_q, rest_r)
        extra_query = EXTRA_QUERY_WEIGHT_PERSON
    else:
        rest_q, rest_r = NamePart.tag_sort(rest_q), NamePart.tag_sort(rest_r)
        extra_query = EXTRA_QUERY_WEIGHT
    if rest_q or rest_r:
        alignments = symbols + compare_parts(rest_q, rest_r) if symbols else compare_parts(rest_q, rest_r)
    else:
        alignments = symbols
    return _score_alignments(alignments, extra_query, extra_result, query.weights, result.weights), alignments


def joined_similarity(qtokens: tuple[str, ...], rtokens: tuple[str, ...], person: bool) -> float:
    """Similarity of the two names written without spaces (and, for persons, in sorted order)."""
    qj, rj = "".join(qtokens), "".join(rtokens)
    score = Levenshtein.normalized_similarity(qj, rj)
    if person:
        score = max(score, Levenshtein.normalized_similarity("".join(sorted(qtokens)), "".join(sorted(rtokens))))
    return score


def _skeleton_score(qtokens: tuple[str, ...], rtokens: tuple[str, ...]) -> float:
    """Share of query consonant skeletons found (edit distance ≤ 1) among the entry's."""
    rsk = [skeleton(t) for t in rtokens]
    found = 0.0
    for token in qtokens:
        sk = skeleton(token)
        if len(sk) < 2:
            continue
        best = max((Levenshtein.normalized_similarity(sk, r) for r in rsk), default=0.0)
        found += best if best >= 0.75 else 0.0
    counted = sum(1 for t in qtokens if len(skeleton(t)) >= 2)
    if not counted or len(rtokens) > counted + 2:
        return 0.0
    return found / counted


def quick_similarity(query: str, candidate: str, schema: str) -> float:
    """Cheap token-set similarity (rapidfuzz) of the comparable forms; orders and gates pairs."""
    return token_set_similarity(name_tokens(query, schema), name_tokens(candidate, schema))


def token_set_similarity(qtokens: tuple[str, ...], ctokens: tuple[str, ...]) -> float:
    """``quick_similarity`` of two names' comparable tokens."""
    if not qtokens or not ctokens:
        return 0.0
    return float(token_set_ratio(" ".join(qtokens), " ".join(ctokens))) / 100.0


def quick_similarities(queries: tuple[str, ...], names: tuple[str, ...], schema: str) -> list[float]:
    """``quick_similarity`` of every (query name, name) pair, query names outer, each name's
    tokens joined once (tokens are never empty: a name has tokens iff its joined form is not "")."""
    qjoined = [" ".join(name_tokens(q, schema)) for q in queries]
    cjoined = [" ".join(name_tokens(n, schema)) for n in names]
    return [float(token_set_ratio(qj, cj)) / 100.0 if qj and cj else 0.0 for qj in qjoined for cj in cjoined]


@lru_cache(maxsize=200_000)
def compare_names(query: str, candidate: str, schema: str) -> NameScore:
    """Similarity 0..1 of two names of entities of ``schema``, with a readable alignment."""
    person = schema in PERSON_SCHEMATA
    qtokens, rtokens = name_tokens(query, schema), name_tokens(candidate, schema)
    if is_han(query) and is_han(candidate):
        # transliteration folds homophones (高市/高石 → "gao shi"): compare the characters
        qc, rc = "".join(query.split()), "".join(candidate.split())
        sim = Levenshtein.normalized_similarity(qc, rc)
        return NameScore(round(sim, 4), query, candidate, f"'{qc}'~'{rc}' characters {sim:.2f}")
    if qtokens and (qtokens == rtokens or (person and len(qtokens) == len(rtokens)
                                           and sorted(qtokens) == sorted(rtokens))):
        return NameScore(1.0, query, candidate, f"'{' '.join(qtokens)}' literal match")
    abjad = is_abjad(query) or is_abjad(candidate)
    if qtokens and rtokens and not abjad and token_set_similarity(qtokens, rtokens) < QUICK_GATE:
        return NameScore(0.0, query, candidate, "no similar name parts")
    extra_result = 1.0 if schema in OBJECT_SCHEMATA else EXTRA_RESULT_WEIGHT
    best = 0.0
    kept: list[Alignment] | None = None
    qanalysed, ranalysed = _analysed(query, schema), _analysed(candidate, schema)
    for qname in qanalysed:
        for rname in ranalysed:
            score, alignments = _align(qname, rname, person, extra_result)
            if score > best:
                best, kept = score, alignments
    notes: list[str] | None = None  # the kept alignment's, formatted only if no fall-back wins
    if len(qtokens) != len(rtokens) and min(map(len, qtokens + rtokens), default=0) > 1:
        joined = joined_similarity(qtokens, rtokens, person)
        if joined >= JOINED_MIN and joined * JOINED_FACTOR > best:
            best = joined * JOINED_FACTOR
            notes = [f"joined '{''.join(qtokens)}'~'{''.join(rtokens)}' {joined:.2f}"]
    if abjad:
        skel = _skeleton_score(qtokens, rtokens) * SKELETON_FACTOR
        if skel > best:
            best = skel
            notes = [f"consonant skeleton of transliterated '{' '.join(qtokens)}' {skel:.2f}"]
    if notes is None:
        notes = ["no aligned parts"] if kept is None else _notes(kept)
    if best > 0:
        qnums = {t for t in qtokens if t.isdigit()}
        rnums = {t for t in rtokens if t.isdigit()}
        if qnums != rnums:
            best *= NUMBER_PARTIAL_FACTOR if qnums & rnums else NUMBER_MISMATCH_FACTOR
            notes.append(f"numbers differ ({','.join(sorted(qnums)) or '-'} vs {','.join(sorted(rnums)) or '-'})")
    return NameScore(round(best, 4), query, candidate, notes[0] if len(notes) == 1 else "; ".join(notes))


_ABJADS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA")


@lru_cache(maxsize=100_000)
def is_abjad(text: str) -> bool:
    """True when the text has letters of a script that omits short vowels (Arabic, Hebrew …)."""
    if text.isascii():
        return False
    return any(ch.isalpha() and not ch.isascii() and _char_name(ch).startswith(_ABJADS) for ch in text)


@lru_cache(maxsize=100_000)
def is_han(text: str) -> bool:
    """True when the letters of the text are Chinese characters (no Latin letters)."""
    if text.isascii():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_char_name(ch).startswith("CJK") for ch in letters)


@lru_cache(maxsize=4096)
def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "")
