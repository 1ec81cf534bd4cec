"""The index's terms within two edits of a long word, found without walking the term dictionary.

The candidate query looks up a long word (``index_query.LONG_TOKEN`` letters or more) with two
edits allowed, a transposition of adjacent letters counting as one (tantivy's
``fuzzy_term_query(distance=2, transposition_cost_one=True)``: the optimal-string-alignment
distance). Tantivy answers by walking its whole term dictionary through a Levenshtein automaton,
about 0.7 ms a word on the OFAC list; a batch meets about 0.3 new long words a row. This table
gives the same terms from a lookup of the word's first letters, about 0.15 ms, at the cost of
building it once (about 3 s and 60 MB for the official lists): batch screening builds it before
its workers fork; a service, which answers few names a process, keeps the automaton.

Why the lookup finds every term (``PREFIX`` = P letters, words and terms at least P long): an
edit script of at most two operations leaves at least P − 2 of the first P letters of one word
matched, in order, to letters among the first P of the other. A substitution, a deletion or a
transposition unmatches one letter of the word; an insertion matches nothing but can push one
matched letter of its first P past the other's first P. So the two P-letter prefixes share a
subsequence of P − 2 letters: one of the ``C(P, 2)`` subsequences of P − 2 letters of the word's
prefix is one of the term's. The table maps every such subsequence of every term's prefix to the
terms with that prefix; the terms it gives for a word are then checked with the exact distance
(rapidfuzz's ``OSA``, the distance tantivy's automaton computes; ``tests/screening/test_two_edits.py``
compares both on the OFAC list and on generated words).
"""

from collections.abc import Iterable
from itertools import chain, combinations

from rapidfuzz import process
from rapidfuzz.distance import OSA

EDITS = 2
PREFIX = 7
_KEPT = tuple(combinations(range(PREFIX), PREFIX - EDITS))  # letters of a prefix each subsequence keeps


def _subsequences(prefix: str) -> Iterable[str]:
    return ("".join([prefix[i] for i in kept]) for kept in _KEPT)


class TwoEditTerms:
    """Terms of at least ``shortest`` letters (any shorter cannot be two edits from a looked-up word)."""

    __slots__ = ("_by_prefix", "_by_subsequence", "shortest")

    def __init__(self, terms: Iterable[str], shortest: int) -> None:
        if shortest < PREFIX:
            raise ValueError(f"terms of at least {PREFIX} letters are needed, not {shortest}")
        self.shortest = shortest
        by_prefix: dict[str, list[str]] = {}
        for term in terms:
            if len(term) >= shortest:
                by_prefix.setdefault(term[:PREFIX], []).append(term)
        self._by_prefix = {prefix: tuple(found) for prefix, found in by_prefix.items()}
        by_subsequence: dict[str, set[str]] = {}
        for prefix in self._by_prefix:
            for sub in _subsequences(prefix):
                by_subsequence.setdefault(sub, set()).add(prefix)
        self._by_subsequence = {sub: tuple(prefixes) for sub, prefixes in by_subsequence.items()}

    def __len__(self) -> int:
        return sum(map(len, self._by_prefix.values()))

    def within_two(self, word: str) -> list[str]:
        """The terms at most two edits from ``word`` (a transposition counts one), in no set order.
        ``word`` has at least ``shortest`` + 2 letters: the table holds every term that can be."""
        if len(word) < self.shortest + EDITS:
            raise ValueError(f"{word!r} is shorter than {self.shortest + EDITS} letters")
        get = self._by_subsequence.get
        prefixes: set[str] = set()
        for sub in _subsequences(word[:PREFIX]):
            found = get(sub)
            if found:
                prefixes.update(found)
        if not prefixes:
            return []
        terms = list(chain.from_iterable(self._by_prefix[p] for p in prefixes))
        return [term for term, _, _ in process.extract(word, terms, scorer=OSA.distance, score_cutoff=EDITS,
                                                        limit=None)]
