"""Match an end user (and its parent) against documented-misuse records of the same country.

How a name is compared (see docs/misuse-records.md):

1. Every name is normalised: transliterated to ASCII with ``rigour`` (Cyrillic, Arabic, Greek,
   Chinese, Amharic, Burmese … become Latin), casefolded, punctuation removed, and generic
   words that carry no identity dropped ("the", "of", "de", "national", "state", "federal" …).
2. A second variant drops the words that name the country itself ("Mexican", "México",
   "Russian Federation", "России" …), declared per country in the catalogue. So "Mexican Army"
   and "Army" compare equal within Mexico, and "Police" meets "Royal Thai Police" in Thailand.
3. Each query variant is scored against each variant of the record's name and aliases with
   ``score(query, candidate) -> float`` in 0..1; the best pair counts. The default scorer
   (``name_similarity``) uses ``rapidfuzz``; short names (acronyms) must be equal.
4. Only records of the same country are considered: "Ministry of Interior" in Bahrain can
   match Bahrain's ministry, never another country's.

The screening engine's matcher can be plugged in through ``score``; it receives the
normalised variants, never the raw input.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rigour.text.translit import ascii_text

from hrdd.countries.misuse import country_terms, normalise_country, records_for_country
from hrdd.exc import InvalidInput, Problem
from hrdd.model.misuse import MisuseMatch, MisuseRecord

Scorer = Callable[[str, str], float]

DEFAULT_THRESHOLD = 0.88
SHORT_NAME = 5  # names this short (acronyms) only match when equal
TOKEN_MATCH = 0.8  # a word counts as present in the other name at this similarity
UNMATCHED_WORD_CAP = 0.85  # best score possible while a distinctive word has no counterpart

# Words that never identify a body on their own (articles, prepositions, status words).
GENERIC_WORDS: frozenset[str] = frozenset({
    "the", "of", "for", "and", "a", "an", "de", "del", "la", "las", "el", "los", "y", "da", "do",
    "dos", "das", "e", "des", "du", "le", "les", "et", "pour", "para", "po", "i", "al",
    "national", "nacional", "nationale", "nazionale", "state", "federal", "royal", "republic",
    "republica", "kingdom", "government", "gouvernement", "gobierno",
})


@dataclass(frozen=True, slots=True)
class NameVariant:
    text: str  # normalised text handed to the scorer
    source: str  # the name as written
    without_country: bool  # country words were removed


@lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    """ASCII, casefolded, punctuation-free, generic words dropped (kept if nothing else is left)."""
    latin = ascii_text(text or "").casefold()
    tokens = [t for t in re.split(r"[^a-z0-9]+", latin) if t]
    kept = [t for t in tokens if t not in GENERIC_WORDS]
    return " ".join(kept or tokens)


def _country_tokens(words: Iterable[str]) -> frozenset[str]:
    tokens: set[str] = set()
    for word in words:
        tokens.update(t for t in re.split(r"[^a-z0-9]+", ascii_text(word).casefold()) if t)
    return frozenset(tokens - GENERIC_WORDS)


@lru_cache(maxsize=4096)
def name_variants(text: str, country_words: frozenset[str]) -> tuple[NameVariant, ...]:
    """The normalised name, and the same without the words naming the country."""
    full = normalise_name(text)
    if not full:
        return ()
    variants = [NameVariant(full, text, False)]
    bare = " ".join(t for t in full.split() if t not in country_words)
    if bare and bare != full:
        variants.append(NameVariant(bare, text, True))
    return tuple(variants)


def _word_present(word: str, other_words: Sequence[str], other_joined: str) -> bool:
    if word in other_joined:
        return True
    return any(fuzz.ratio(word, other) / 100.0 >= TOKEN_MATCH for other in other_words)


def _has_unmatched_word(query: str, candidate: str) -> bool:
    """A word of either name (4+ letters) has no counterpart in the other: different bodies."""
    q_words, c_words = query.split(), candidate.split()
    q_joined, c_joined = query.replace(" ", ""), candidate.replace(" ", "")
    return (any(len(w) >= 4 and not _word_present(w, c_words, c_joined) for w in q_words)
            or any(len(w) >= 4 and not _word_present(w, q_words, q_joined) for w in c_words))


def name_similarity(query: str, candidate: str) -> float:
    """Default scorer on normalised names.

    Short names (acronyms) must be equal. Otherwise the better of rapidfuzz's ``ratio`` and
    ``token_sort_ratio``, capped below the default threshold when a distinctive word of one name
    has no counterpart in the other ("... Sicurezza Interna" is not "... Sicurezza Esterna").
    """
    if not query or not candidate:
        return 0.0
    if query == candidate:
        return 1.0
    if len(query.replace(" ", "")) <= SHORT_NAME or len(candidate.replace(" ", "")) <= SHORT_NAME:
        return 0.0
    plain = fuzz.ratio(query, candidate)
    ordered = fuzz.token_sort_ratio(query, candidate)
    best = max(plain, ordered) / 100.0
    if _has_unmatched_word(query, candidate):
        best = min(best, UNMATCHED_WORD_CAP)
    return best


@dataclass(frozen=True, slots=True)
class _Best:
    score: float
    query: NameVariant
    candidate: NameVariant


def _best_pair(queries: Sequence[NameVariant], candidates: Sequence[NameVariant], score: Scorer) -> _Best | None:
    best: _Best | None = None
    for q in queries:
        for c in candidates:
            value = float(score(q.text, c.text))
            if best is None or value > best.score:
                best = _Best(value, q, c)
    return best


def _explain(party: str, best: _Best, record: MisuseRecord, threshold: float) -> str:
    who = "end user" if party == "end_user" else "parent body"
    how = f"'{best.query.text}' ~ '{best.candidate.text}'"
    if best.query.without_country or best.candidate.without_country:
        how += " after removing the country's name"
    which = "name" if best.candidate.source == record.name else "alias"
    return (f"{who} '{best.query.source}' matches the {which} '{best.candidate.source}' of "
            f"{record.name} [{record.id}, {record.country}, {record.sector}] with score "
            f"{best.score:.2f} (threshold {threshold:.2f}; {how}); documented {record.year}: {record.summary}")


def match_misuse(
    name: str,
    country: str,
    *,
    parent: str | None = None,
    aliases: Sequence[str] = (),
    records: Sequence[MisuseRecord] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    score: Scorer = name_similarity,
    country_words: Sequence[str] | None = None,
) -> tuple[MisuseMatch, ...]:
    """Records of ``country`` whose name or an alias matches the end user (or its aliases) or its parent.

    At most one match per (party, record), best score first. ``records`` defaults to the shipped
    catalogue; ``country_words`` to the words the catalogue declares for the country.
    """
    code = normalise_country(country)
    if len(code) != 2:
        raise InvalidInput("country must be an ISO 3166 alpha-2 code", [
            Problem("country must be an ISO 3166 alpha-2 code", field="country", expected="e.g. MX", found=repr(country)),
        ])
    if not 0.0 < threshold <= 1.0:
        raise InvalidInput("threshold must be in (0, 1]", [
            Problem("threshold out of range", field="threshold", expected="0 < threshold <= 1", found=str(threshold)),
        ])
    pool = [r for r in (records if records is not None else records_for_country(code)) if r.country == code]
    words = _country_tokens(country_words if country_words is not None else country_terms(code))
    parties: list[tuple[str, list[NameVariant]]] = [
        ("end_user", [v for text in (name, *aliases) for v in name_variants(text, words)]),
        ("parent", list(name_variants(parent, words)) if parent else []),
    ]
    matches: list[MisuseMatch] = []
    for record in pool:
        candidates = [v for text in (record.name, *record.aliases) for v in name_variants(text, words)]
        for party, queries in parties:
            best = _best_pair(queries, candidates, score)
            if best is not None and best.score >= threshold:
                matches.append(MisuseMatch(
                    party=party, query=best.query.source, record=record, score=round(best.score, 4),
                    explanation=_explain(party, best, record, threshold),
                ))
    matches.sort(key=lambda m: (-m.score, m.party, m.record.id))
    return tuple(matches)
