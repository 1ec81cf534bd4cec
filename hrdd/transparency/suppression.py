"""Small-cell suppression of a table of counts with its totals, so no customer can be identified.

A table is a grid of counts with its margins: rows ``0..R-1`` and columns ``0..C-1`` hold the
counts, column ``C`` the row totals, row ``R`` the column totals and cell ``(R, C)`` the grand
total. Every row and every column of the grid is an equation (the cells add up to the total).

*Primary* suppression: a count of 1 to 4 is shown as ``<5``. Zero is shown as 0 (a zero says
no transaction, so it identifies nobody).

*Complementary* (secondary) suppression: a suppressed cell must not be recoverable from the
published cells and totals, neither by subtraction nor by knowing that a ``<5`` cell holds 1 to
4 and that a complementary cell (shown ``x``) holds 5 or more. A suppressed cell is *protected*
when it lies on a cycle of suppressed cells (alternating along a row and a column) along which
every cell can move by one, in one direction, keeping every equation and staying within what its
mark tells: that gives a second table consistent with everything published, so the cell's value
cannot be worked out. Cells are added, cheapest first (small interior counts before totals, the
grand total last), until every suppressed cell is protected. Where no cycle of four or six cells
can protect a cell, the whole table is withheld.

The result depends only on the counts: ties are broken by position, so the same counts always
give the same marks (reports are byte-identical for the same database).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import permutations

THRESHOLD = 5  # counts 1 .. THRESHOLD-1 are suppressed
SMALL = f"<{THRESHOLD}"  # the mark of a suppressed small count
COMPLEMENT = "x"  # the mark of a count withheld so that a small count cannot be worked out
WITHHELD = "x"  # every cell of a withheld table

Cell = tuple[int, int]
Shown = int | str


@dataclass(frozen=True, slots=True)
class Suppressed:
    """The marks of one table: which cells are suppressed and why."""

    values: tuple[tuple[int, ...], ...]  # the grid with its margins
    primary: frozenset[Cell]
    secondary: frozenset[Cell]
    withheld: bool = False

    def shown(self, cell: Cell) -> Shown:
        """What the report prints for ``cell``: the count, ``<5`` or ``x``."""
        if self.withheld:
            return WITHHELD
        if cell in self.primary:
            return SMALL
        if cell in self.secondary:
            return COMPLEMENT
        i, j = cell
        return self.values[i][j]

    def grid(self) -> list[list[Shown]]:
        return [[self.shown((i, j)) for j in range(len(row))] for i, row in enumerate(self.values)]


def with_margins(counts: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The grid of ``counts`` (rows of equal length, at least one row and one column) with row
    totals, column totals and the grand total added."""
    rows = [tuple(int(v) for v in row) for row in counts]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("a table needs at least one row and one column, all rows of one length")
    if any(v < 0 for r in rows for v in r):
        raise ValueError("counts are never negative")
    full = [(*r, sum(r)) for r in rows]
    full.append(tuple(sum(col) for col in zip(*full, strict=True)))
    return tuple(full)


def _bounds(primary: bool) -> tuple[int, int | None]:
    return (1, THRESHOLD - 1) if primary else (THRESHOLD, None)


class _Table:
    def __init__(self, values: tuple[tuple[int, ...], ...]) -> None:
        self.values = values
        self.last_row = len(values) - 1
        self.last_col = len(values[0]) - 1
        self.primary = frozenset((i, j) for i, row in enumerate(values) for j, v in enumerate(row)
                                 if 0 < v < THRESHOLD)
        self.suppressed: set[Cell] = set(self.primary)

    def sign(self, cell: Cell) -> int:
        """+1 for a count, -1 for a row or column total, +1 for the grand total: the change of a
        cell along a cycle is ``sign * t`` for alternating ``t``."""
        i, j = cell
        return -1 if (i == self.last_row) != (j == self.last_col) else 1

    def cost(self, cell: Cell) -> int:
        i, j = cell
        v = self.values[i][j]
        margins = (i == self.last_row) + (j == self.last_col)
        return v * (1, 1_000, 1_000_000)[margins]

    def usable(self, cell: Cell) -> bool:
        i, j = cell
        return cell in self.suppressed or self.values[i][j] > 0

    def feasible(self, cycle: Sequence[Cell]) -> bool:
        """Whether moving the cycle by +1 or by -1 (alternating) keeps every cell within its mark."""
        for t in (1, -1):
            ok = True
            for k, cell in enumerate(cycle):
                i, j = cell
                v = self.values[i][j] + self.sign(cell) * (t if k % 2 == 0 else -t)
                low, high = _bounds(cell in self.primary)
                if v < low or (high is not None and v > high):
                    ok = False
                    break
            if ok:
                return True
        return False

    def cycles(self, cell: Cell) -> Iterator[tuple[Cell, ...]]:
        """Cycles of four, then six cells through ``cell`` (row move first), in a fixed order."""
        i, j = cell
        rows = [r for r in range(self.last_row + 1) if r != i]
        cols = [c for c in range(self.last_col + 1) if c != j]
        for i2 in rows:
            for j2 in cols:
                yield (cell, (i, j2), (i2, j2), (i2, j))
        for i2, i3 in permutations(rows, 2):
            for j2, j3 in permutations(cols, 2):
                yield (cell, (i, j2), (i2, j2), (i2, j3), (i3, j3), (i3, j))

    def protected(self, cell: Cell) -> bool:
        return any(all(c in self.suppressed for c in cycle) and self.feasible(cycle)
                   for cycle in self.cycles(cell))

    def cheapest(self, cell: Cell) -> tuple[Cell, ...] | None:
        best: tuple[tuple[int, int], tuple[Cell, ...]] | None = None
        for n, cycle in enumerate(self.cycles(cell)):
            if not all(self.usable(c) for c in cycle):
                continue
            # the cells added are complementary: their mark says "5 or more" (small ones are suppressed already)
            added = {c for c in cycle if c not in self.suppressed}
            if not self.feasible(cycle):
                continue
            key = (sum(self.cost(c) for c in added), n)
            if best is None or key < best[0]:
                best = (key, cycle)
            if key[0] == 0:
                break
        return None if best is None else best[1]


def suppress(counts: Sequence[Sequence[int]]) -> Suppressed:
    """Mark the cells of a table of counts (without margins; they are added) for publication."""
    table = _Table(with_margins(counts))
    safe: set[Cell] = set()  # a protected cell stays protected: cells are only ever added
    while True:
        exposed = None
        for c in sorted(table.suppressed - safe):
            if not table.protected(c):
                exposed = c
                break
            safe.add(c)
        if exposed is None:
            break
        cycle = table.cheapest(exposed)
        if cycle is None:
            return Suppressed(table.values, table.primary, frozenset(), withheld=True)
        table.suppressed.update(cycle)
    return Suppressed(table.values, table.primary, frozenset(table.suppressed - table.primary))
