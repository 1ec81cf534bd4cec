"""A second bound of a pair of analyses, from rigour's edit budget: parts that cannot align at a
score above zero count as left on their own.

``reach.alignment_bound`` counts every part that could be clustered by ``compare_parts`` as
aligned with score 1. Most of the pairs it lets through still score far below the threshold:
a long query word "fits" a short listed word with which it shares two letters, and yet the
cluster of the two scores 0. This bound finds such parts from rigour's scoring
(``rust/src/names/compare.rs``, rigour 2.6.1, :data:`reach.RIGOUR_VERSIONS`):

- a cluster scores ``sim(query side) × sim(entry side)``, and a side scores 0 when the cost of its
  characters' edits is above ``log_{budget_log_base}(max(n − budget_short_floor, 1)) ×
  budget_tolerance``, ``n`` the characters of its parts (each with the separator after it);
- each character of a part that the alignment does not match to an equal one costs at least
  :data:`MIN_COST` (a confusable substitution; deletions and other substitutions cost more);
- the characters of a part matched to equal ones number at most its longest common subsequences
  with the other side's parts, summed, and at most the letters the two share, counted with their
  repeats;
- ``compare_parts`` clusters two parts only when the letters it matched between them are more
  than 51 % of the shorter (``reach``'s fit), so a cluster lies within one connected component of
  the fit graph, and its side has at most that component's characters on that side.

So a part whose cheapest possible edits cost more than the budget of its whole component is
*dead*: every cluster holding it scores 0; and a part whose every fitting partner is dead is
dead too. A dead part adds no score, and its weight still counts in the total, alone (times
its side's factor) or in a cluster that scores 0 (whose weight is at least the larger side's).
The live parts' alignments weigh the larger of their two sides (``align._score_alignments``),
not both: each lies within a component of the live parts' fits and shared symbols, and a
component with a single live part on one side holds at most one of them. ``budget_bound`` is
the score with the live parts aligned perfectly, at that weight, and the dead ones counted at
their least. Parts of one letter are not bounded (an initial's alignment scores apart, see
``align._score_alignments``), nor names that have one. ``tests/screening/test_reach.py`` checks
the bound against the full comparison on real list names, and
``tests/screening/test_reach_native.py`` the compiled twin (``_reach.c``) against this one.
"""

import math
from collections import Counter
from typing import TYPE_CHECKING

from rapidfuzz.distance import LCSseq
from rigour.names.compare import CompareConfig

from hrdd.screening.align import CONFLICT_RESULT_WEIGHT

if TYPE_CHECKING:
    from hrdd.screening.reach import Shape

budget_config = CompareConfig()  # the defaults compare_parts uses (align.py passes no config)
COST_DEFAULT = 1.0  # rigour's unit edit cost (a compile-time constant of compare.rs)
MIN_COST = min(budget_config.cost_confusable, budget_config.cost_digit, COST_DEFAULT)
BUDGET_SLACK = 1e-9  # a cost is over the budget only when clearly so


def edit_budget(characters: int) -> float:
    """The largest cost of edits a side of ``characters`` characters can have and score above 0."""
    effective = max(float(characters) - budget_config.budget_short_floor, 1.0)
    return math.log(effective) / math.log(budget_config.budget_log_base) * budget_config.budget_tolerance


def _find(root: list[int], node: int) -> int:
    """The root of a node's component (union-find with path halving)."""
    while root[node] != node:
        root[node] = root[root[node]]
        node = root[node]
    return node


def _join(root: list[int], node: int, other: int) -> None:
    root[_find(root, node)] = _find(root, other)


def _shared_letters(text: str, other: Counter[str]) -> int:
    return sum(min(count, other[letter]) for letter, count in Counter(text).items())


def budget_bound(query: "Shape", result: "Shape", query_only: float, result_only: float,
                 overlap: float) -> float:
    """An upper bound of ``align._align``'s score for these two analyses (1.0 when it does not
    apply), whose parts left on their own count ``query_only`` and ``result_only`` times their
    weight; ``overlap`` is ``compare_parts``' clustering fraction (``reach.CLUSTER_OVERLAP``)."""
    qparts, rparts = query.parts, result.parts
    if any(len(text) <= 1 for _, text, _ in qparts) or any(len(text) <= 1 for _, text, _ in rparts):
        return 1.0
    nq, nr = len(qparts), len(rparts)
    common = [[LCSseq.similarity(qtext, rtext) for _, rtext, _ in rparts] for _, qtext, _ in qparts]
    fit = [[common[i][j] > overlap * min(len(qparts[i][1]), len(rparts[j][1])) for j in range(nr)]
           for i in range(nq)]
    symbol_q = symbol_r = 0
    for symbol, bits in query.symbols.items():
        other = result.symbols.get(symbol)
        if other is not None:
            symbol_q |= bits
            symbol_r |= other
    # components of the fit graph: nodes 0..nq-1 the query's parts, nq.. the entry's
    root = list(range(nq + nr))
    for i in range(nq):
        for j in range(nr):
            if fit[i][j]:
                _join(root, i, nq + j)

    def find(node: int) -> int:
        return _find(root, node)

    size = [0] * (nq + nr)  # characters (with separators) of each component, per side
    size_r = [0] * (nq + nr)
    for i, (_, text, _) in enumerate(qparts):
        size[find(i)] += len(text) + 1
    for j, (_, text, _) in enumerate(rparts):
        size_r[find(nq + j)] += len(text) + 1
    letters_q = Counter("".join(text for _, text, _ in qparts))
    letters_r = Counter("".join(text for _, text, _ in rparts))
    dead = [False] * (nq + nr)
    for i, (bit, text, _) in enumerate(qparts):
        if any(fit[i]) and not symbol_q & bit:
            matched = min(len(text), sum(common[i]), _shared_letters(text, letters_r))
            dead[i] = MIN_COST * (len(text) - matched) > edit_budget(size[find(i)]) + BUDGET_SLACK
    for j, (bit, text, _) in enumerate(rparts):
        if any(fit[i][j] for i in range(nq)) and not symbol_r & bit:
            matched = min(len(text), sum(common[i][j] for i in range(nq)), _shared_letters(text, letters_q))
            dead[nq + j] = MIN_COST * (len(text) - matched) > edit_budget(size_r[find(nq + j)]) + BUDGET_SLACK
    changed = True
    while changed:  # a part whose every fitting partner is dead can only be in a cluster scoring 0
        changed = False
        for i, (bit, _, _) in enumerate(qparts):
            if (not dead[i] and any(fit[i]) and not symbol_q & bit
                    and all(dead[nq + j] for j in range(nr) if fit[i][j])):
                dead[i] = changed = True
        for j, (bit, _, _) in enumerate(rparts):
            if (not dead[nq + j] and any(fit[i][j] for i in range(nq)) and not symbol_r & bit
                    and all(dead[i] for i in range(nq) if fit[i][j])):
                dead[nq + j] = changed = True
    alone_q = alone_r = dead_q = dead_r = 0.0
    lone_q = lone_r = False
    for i, (bit, _, weight) in enumerate(qparts):
        if dead[i]:
            dead_q += weight
        elif not (symbol_q & bit or any(fit[i])):
            alone_q += weight
            lone_q = True
    for j, (bit, _, weight) in enumerate(rparts):
        if dead[nq + j]:
            dead_r += weight
        elif not (symbol_r & bit or any(fit[i][j] for i in range(nq))):
            alone_r += weight
            lone_r = True
    gained = _aligned_weight(query, result, fit, dead)
    if gained <= 0.0:
        return 0.0
    if lone_q and lone_r:  # both sides have parts surely left on their own: a conflict
        query_only = max(query_only, CONFLICT_RESULT_WEIGHT)
        result_only = max(result_only, CONFLICT_RESULT_WEIGHT)
    # a dead part is alone (its side's factor) or in a cluster scoring 0 (weighing at least the
    # larger side's parts, so at least each side's and their mean)
    least = max(min(query_only, 1.0) * dead_q, min(result_only, 1.0) * dead_r,
                min(query_only, 0.5) * dead_q + min(result_only, 0.5) * dead_r)
    return gained / (gained + query_only * alone_q + result_only * alone_r + least)


def _aligned_weight(query: "Shape", result: "Shape", fit: list[list[bool]], dead: list[bool]) -> float:
    """The most the alignments of the live parts can weigh. Each lies within a connected component
    of the live parts' fits and shared symbols and weighs the larger of its sides; a component with
    one live part on a side holds at most one such alignment, which weighs at most the larger of the
    component's two sides, and any other at most both sides."""
    qparts, rparts = query.parts, result.parts
    nq, nr = len(qparts), len(rparts)
    root = list(range(nq + nr))
    for i in range(nq):
        for j in range(nr):
            if fit[i][j] and not dead[i] and not dead[nq + j]:
                _join(root, i, nq + j)
    for symbol, bits in query.symbols.items():
        other = result.symbols.get(symbol)
        if other is None:
            continue
        members = [i for i in range(nq) if bits & qparts[i][0]] + [nq + j for j in range(nr) if other & rparts[j][0]]
        for member in members[1:]:
            _join(root, member, members[0])

    def find(node: int) -> int:
        return _find(root, node)

    weight_q = [0.0] * (nq + nr)
    weight_r = [0.0] * (nq + nr)
    count_q = [0] * (nq + nr)
    count_r = [0] * (nq + nr)
    for i, (_, _, weight) in enumerate(qparts):
        if not dead[i]:
            weight_q[find(i)] += weight
            count_q[find(i)] += 1
    for j, (_, _, weight) in enumerate(rparts):
        if not dead[nq + j]:
            weight_r[find(nq + j)] += weight
            count_r[find(nq + j)] += 1
    total = 0.0
    for node in range(nq + nr):
        if count_q[node] and count_r[node]:
            if min(count_q[node], count_r[node]) == 1:
                total += max(weight_q[node], weight_r[node])
            else:
                total += weight_q[node] + weight_r[node]
    return total
