"""Small-cell suppression: no suppressed cell can be worked out from what is published.

Two independent checks of hrdd.transparency.suppression on any table hypothesis draws:

- by subtraction (linear algebra, exact): a suppressed cell is determined by the published cells
  and totals exactly when its unit vector lies in the row space of the table's equations
  restricted to the suppressed cells; it never does;
- by bounds as well (a linear programme): knowing that ``<5`` means 1 to 4 and ``x`` means 5 or
  more, the smallest and the largest value each suppressed cell can take differ.
"""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.transparency.suppression import COMPLEMENT, SMALL, Suppressed, suppress, with_margins

# small counts dominate, as in a company's figures; zeros and large counts appear too
_count = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 40))
tables = st.integers(1, 5).flatmap(lambda cols: st.lists(st.lists(_count, min_size=cols, max_size=cols),
                                                         min_size=1, max_size=6))


def _equations(s: Suppressed) -> list[dict[tuple[int, int], int]]:
    """Each row and column of the grid: coefficients by cell (the total with -1)."""
    rows, cols = len(s.values), len(s.values[0])
    eqs = []
    for i in range(rows):
        eqs.append({**{(i, j): 1 for j in range(cols - 1)}, (i, cols - 1): -1})
    for j in range(cols):
        eqs.append({**{(i, j): 1 for i in range(rows - 1)}, (rows - 1, j): -1})
    return eqs


def _rank(matrix: list[list[Fraction]]) -> int:
    m = [row[:] for row in matrix]
    rank, width = 0, len(m[0]) if m else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                factor = m[r][col] / m[rank][col]
                m[r] = [a - factor * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def _hidden(s: Suppressed) -> list[tuple[int, int]]:
    return sorted(s.primary | s.secondary)


def derivable_by_subtraction(s: Suppressed) -> list[tuple[int, int]]:
    """The suppressed cells whose value follows from the published cells by the table's sums."""
    hidden = _hidden(s)
    if not hidden:
        return []
    matrix = [[Fraction(eq.get(c, 0)) for c in hidden] for eq in _equations(s)]
    base = _rank(matrix)
    found = []
    for k, cell in enumerate(hidden):
        unit = [Fraction(int(n == k)) for n in range(len(hidden))]
        if _rank([*matrix, unit]) == base:
            found.append(cell)
    return found


def value_ranges(s: Suppressed) -> dict[tuple[int, int], tuple[float, float]]:
    """The smallest and largest value of each suppressed cell consistent with everything published."""
    linprog = pytest.importorskip("scipy.optimize").linprog
    hidden = _hidden(s)
    index = {c: n for n, c in enumerate(hidden)}
    a_eq, b_eq = [], []
    for eq in _equations(s):
        a_eq.append([eq.get(c, 0) for c in hidden])
        b_eq.append(-sum(k * s.values[i][j] for (i, j), k in eq.items() if (i, j) not in index))
    bounds = [(1, 4) if c in s.primary else (5, None) for c in hidden]
    found = {}
    for c, n in index.items():
        goal = [0.0] * len(hidden)
        goal[n] = 1.0
        low = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        goal[n] = -1.0
        high = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0 and high.status in (0, 3), (low.message, high.message)  # 3: unbounded above
        found[c] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return found


@settings(max_examples=300, deadline=None)
@given(tables)
def test_small_counts_are_marked_and_others_shown(counts: list[list[int]]) -> None:
    s = suppress(counts)
    grid = with_margins(counts)
    assert s.values == grid
    if s.withheld:
        return
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            shown = s.shown((i, j))
            if 0 < v < 5:
                assert shown == SMALL
            elif shown not in (SMALL, COMPLEMENT):
                assert shown == v
            assert shown != SMALL or 0 < v < 5  # "<5" never hides a zero or a count of 5 or more


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_suppressed_cell_is_derivable_by_subtraction(counts: list[list[int]]) -> None:
    s = suppress(counts)
    assert s.withheld or derivable_by_subtraction(s) == []


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_suppressed_cell_is_pinned_by_its_mark_either(counts: list[list[int]]) -> None:
    s = suppress(counts)
    if s.withheld:
        return
    for cell, (low, high) in value_ranges(s).items():
        assert high - low >= 1 - 1e-9, (cell, low, high, s.grid())


def test_the_checks_catch_a_lone_suppressed_cell() -> None:
    """The checks can fail: one small cell suppressed with nothing else is recovered by subtraction,
    and two '<5' cells adding up to a published 8 are both 4."""
    lone = Suppressed(with_margins([[3, 10]]), frozenset({(0, 0), (1, 0)}), frozenset())
    assert derivable_by_subtraction(lone) == [(0, 0), (1, 0)]
    pinned = Suppressed(with_margins([[4], [4]]), frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}), frozenset())
    assert derivable_by_subtraction(pinned) == []
    ranges = value_ranges(pinned)
    assert ranges[(0, 0)] == (4, 4)


def test_examples() -> None:
    s = suppress([[3, 10, 0]])
    assert s.grid()[0] == [SMALL, COMPLEMENT, 0, 13]  # the 10 hides the 3; the total stays published
    s = suppress([[12, 3], [7, 20]])
    assert s.grid()[2] == [19, 23, 42]  # complements come from the counts, not the totals
    assert suppress([[0, 0], [7, 9]]).grid() == [[0, 0, 0], [7, 9, 16], [7, 9, 16]]


def test_same_counts_same_marks() -> None:
    counts = [[1, 2, 30], [4, 0, 6], [9, 3, 3]]
    assert suppress(counts) == suppress([row[:] for row in counts])
