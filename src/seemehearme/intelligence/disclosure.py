"""Statistical disclosure control for the board's problem profile: which numbers of a table with
row and column totals must be hidden so that no count from 1 to 4 is shown or can be worked out.

Primary suppression hides every count from 1 to 4 (``earlywarning.suppression.is_small``, the
rule equality monitoring uses). Secondary suppression then hides more numbers, so that no
hidden number is the difference of shown ones.

A table here is ``R`` rows by ``C`` columns with a total for each row, a total for each column
and a grand total: an ``(R + 1) x (C + 1)`` grid whose last row and column are the totals. Each
row of the grid (the totals row too) adds up to its last number, and so does each column. Think
of every hidden number as an edge between its row and its column: the shown numbers fix the sum
of the hidden edges at every row and column, and a hidden number can be worked out exactly when,
and only when, its edge is a *bridge* (lies on no cycle of hidden edges). A row or column with
exactly one hidden number (the simple rule ``earlywarning.suppression.suppress`` applies) is the
commonest bridge, but not the only one: two blocks of hidden numbers joined by one hidden number
are each safe while the joining number is given away. So after the simple rule, every bridge is
put on a cycle by hiding the cheapest rectangle of three more numbers through it.

"Cheapest" prefers numbers above zero (a hidden zero hides little: it is often known to be
zero), then small numbers, and leaves the grand total to the last. Pure functions, no database.

This protects against working numbers out by adding and subtracting, the risk the brief names.
It does not promise that a hidden number cannot be narrowed to a range (every count is at least
zero, so a hidden 3 beside a hidden 0 in a row whose hidden part is 3 is "0 to 3").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from seemehearme.earlywarning.suppression import Margin, is_small, suppress

GridCell = tuple[int, int]  # (row, column) in the grid with totals; the totals are last


@dataclass(frozen=True)
class Protected:
    """A table with totals and which of its numbers to hide.

    ``grid`` is the ``(R + 1) x (C + 1)`` grid: the table's numbers, each row's total last, and
    the row of column totals (ending with the grand total) last. ``small`` are the numbers from
    1 to 4; ``complementary`` the others hidden so that the small ones cannot be worked out."""

    grid: tuple[tuple[int, ...], ...]
    small: frozenset[GridCell]
    complementary: frozenset[GridCell]

    @property
    def hidden(self) -> frozenset[GridCell]:
        return self.small | self.complementary

    def shown(self, row: int, column: int) -> str:
        """The number as published: the count, "fewer than 5", or "not shown"."""
        cell = (row, column)
        if cell in self.small:
            return "fewer than 5"
        if cell in self.complementary:
            return "not shown"
        return f"{self.grid[row][column]:,}"


def with_totals(table: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """``table`` with each row's total added at its end and a row of column totals below."""
    rows = [(*row, sum(row)) for row in table]
    width = len(rows[0]) if rows else 1
    totals = tuple(sum(row[j] for row in rows) for j in range(width))
    return (*rows, totals)


def protect_table(table: Sequence[Sequence[int]]) -> Protected:
    """Which numbers of ``table`` (rows of counts, all the same length, totals not included)
    and of its totals to hide before it is published to the board."""
    grid = with_totals(table)
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    values = {(i, j): grid[i][j] for i in range(last_row + 1) for j in range(last_column + 1)}
    margins = [
        Margin(total=(i, last_column), parts=tuple((i, j) for j in range(last_column)))
        for i in range(last_row + 1)
    ] + [
        Margin(total=(last_row, j), parts=tuple((i, j) for i in range(last_row)))
        for j in range(last_column + 1)
    ]
    first = suppress(values, margins)
    hidden = set(first.small | first.complementary)
    while (bridge := _a_bridge(hidden)) is not None:
        hidden |= _cheapest_rectangle(bridge, values, hidden, last_row, last_column)
    return Protected(grid=grid, small=first.small, complementary=frozenset(hidden - first.small))


def protect_breakdown(values: Sequence[int], total: int | None = None) -> Protected:
    """A one-way breakdown (parts adding up to ``total``, their sum if not given) as a table of
    one row: a hidden part is then never alone among the parts and the total."""
    if total is not None and total != sum(values):
        raise ValueError("the parts do not add up to the total")
    cells = {(0, j): value for j, value in enumerate(values)}
    cells[(0, len(values))] = sum(values)
    result = suppress(cells, [Margin(total=(0, len(values)), parts=tuple(cells)[:-1])])
    grid = (tuple(cells.values()),)
    return Protected(grid=grid, small=result.small, complementary=result.complementary)


def primary_only(values: Sequence[int]) -> Protected:
    """Numbers that do not add up to a published total (a child can be in several rows): only
    those from 1 to 4 are hidden, as nothing can be subtracted from them."""
    grid = (tuple(values),)
    small = frozenset((0, j) for j, value in enumerate(values) if is_small(value))
    return Protected(grid=grid, small=small, complementary=frozenset())


def _a_bridge(hidden: set[GridCell]) -> GridCell | None:
    """A hidden number that the others' totals give away (an edge on no cycle), if any."""
    for cell in sorted(hidden):
        rest = hidden - {cell}
        if not _connected(("r", cell[0]), ("c", cell[1]), rest):
            return cell
    return None


def _connected(start: tuple[str, int], goal: tuple[str, int], edges: set[GridCell]) -> bool:
    seen = {start}
    frontier = [start]
    while frontier:
        side, index = frontier.pop()
        for i, j in edges:
            if side == "r" and i == index:
                node = ("c", j)
            elif side == "c" and j == index:
                node = ("r", i)
            else:
                continue
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                frontier.append(node)
    return False


def _cheapest_rectangle(
    bridge: GridCell,
    values: dict[GridCell, int],
    hidden: set[GridCell],
    last_row: int,
    last_column: int,
) -> set[GridCell]:
    """The numbers to hide so that ``bridge`` is a corner of a rectangle of hidden numbers."""
    row, column = bridge
    grand_total = (last_row, last_column)

    def cost(cells: set[GridCell]) -> tuple[int, int, int]:
        return (
            int(grand_total in cells),
            sum(1 for cell in cells if values[cell] == 0),
            sum(values[cell] for cell in cells),
        )

    options = []
    for other_row in range(last_row + 1):
        for other_column in range(last_column + 1):
            if other_row == row or other_column == column:
                continue
            corners = {(other_row, column), (row, other_column), (other_row, other_column)}
            added = corners - hidden
            options.append((cost(added), other_row, other_column, added))
    if not options:  # a grid of one row or one column: hide the whole line
        return set(values)
    return min(options, key=lambda option: option[:3])[3]
