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

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from seemehearme.earlywarning.suppression import SUPPRESS_BELOW, Margin, is_small, suppress

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
    below: int = SUPPRESS_BELOW

    @property
    def hidden(self) -> frozenset[GridCell]:
        return self.small | self.complementary

    def shown(self, row: int, column: int) -> str:
        """The number as published: the count, "fewer than 5", or "not shown"."""
        cell = (row, column)
        if cell in self.small:
            return f"fewer than {self.below}"
        if cell in self.complementary:
            return "not shown"
        return f"{self.grid[row][column]:,}"


def with_totals(table: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """``table`` with each row's total added at its end and a row of column totals below."""
    rows = [(*row, sum(row)) for row in table]
    width = len(rows[0]) if rows else 1
    totals = tuple(sum(row[j] for row in rows) for j in range(width))
    return (*rows, totals)


def protect_table(
    table: Sequence[Sequence[int]],
    *,
    below: int = SUPPRESS_BELOW,
    hide: Iterable[GridCell] = (),
) -> Protected:
    """Which numbers of ``table`` (rows of counts, all the same length, totals not included)
    and of its totals to hide before it is published: the counts from 1 to ``below - 1``, the
    grid cells in ``hide`` (hidden elsewhere, see ``protect_linked``) and their complements."""
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
    first = suppress(values, margins, below=below, hide=hide)
    hidden = set(first.small | first.complementary)
    while (bridge := _a_bridge(hidden)) is not None:
        hidden |= _cheapest_rectangle(bridge, values, hidden, last_row, last_column)
    return Protected(
        grid=grid, small=first.small, complementary=frozenset(hidden - first.small), below=below
    )


def protect_breakdown(
    values: Sequence[int],
    total: int | None = None,
    *,
    below: int = SUPPRESS_BELOW,
    hide: Iterable[GridCell] = (),
) -> Protected:
    """A one-way breakdown (parts adding up to ``total``, their sum if not given) as a table of
    one row: a hidden part is then never alone among the parts and the total. ``below`` and
    ``hide`` as for ``protect_table`` (the total is cell ``(0, len(values))``)."""
    if total is not None and total != sum(values):
        raise ValueError("the parts do not add up to the total")
    cells = {(0, j): value for j, value in enumerate(values)}
    cells[(0, len(values))] = sum(values)
    margin = Margin(total=(0, len(values)), parts=tuple(cells)[:-1])
    result = suppress(cells, [margin], below=below, hide=hide)
    grid = (tuple(cells.values()),)
    return Protected(grid=grid, small=result.small, complementary=result.complementary, below=below)


def primary_only(values: Sequence[int], *, below: int = SUPPRESS_BELOW) -> Protected:
    """Numbers that do not add up to a published total (a child can be in several rows): only
    those from 1 to ``below - 1`` are hidden, as nothing can be subtracted from them."""
    grid = (tuple(values),)
    small = frozenset((0, j) for j, value in enumerate(values) if is_small(value, below))
    return Protected(grid=grid, small=small, complementary=frozenset(), below=below)


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


# --- Several tables published together -------------------------------------------------------

TableKey = str  # how the caller names one table


@dataclass(frozen=True)
class LinkedTable:
    """One of several tables published together: ``two_way`` (``protect_table``) or a one-way
    ``breakdown`` (``protect_breakdown``, a single row of counts)."""

    rows: tuple[tuple[int, ...], ...]
    two_way: bool


def protect_linked(
    tables: Mapping[TableKey, LinkedTable],
    shared: Mapping[tuple[TableKey, GridCell], Hashable],
    *,
    below: int = SUPPRESS_BELOW,
) -> dict[TableKey, Protected]:
    """Protect tables published together whose cells ``shared`` names the same number (the
    number of children at risk is a row total of every demographic table and a cell of the
    table of children): a shared number hidden in one table is hidden in all, and each table
    is protected again until nothing changes. The whole set is then checked exactly
    (``worked_out``); in the rare case that adding tables' equations together still gives a
    number away, every shared number is hidden, and failing that every number of the tables
    that share one."""
    hide: dict[TableKey, set[GridCell]] = {key: set() for key in tables}

    def protect_all() -> dict[TableKey, Protected]:
        while True:
            result = {
                key: (protect_table if table.two_way else _protect_row)(
                    table.rows, below=below, hide=hide[key]
                )
                for key, table in tables.items()
            }
            hidden_names = {
                name for (key, cell), name in shared.items() if cell in result[key].hidden
            }
            added = [
                (key, cell)
                for (key, cell), name in shared.items()
                if name in hidden_names and cell not in hide[key]
            ]
            if not added:
                return result
            for key, cell in added:
                hide[key].add(cell)

    result = protect_all()
    if not _linked_gives_away(result, shared):
        return result
    for key, cell in shared:
        hide[key].add(cell)
    result = protect_all()
    if not _linked_gives_away(result, shared):
        return result
    linked = {key for key, _ in shared}
    return {
        key: Protected(
            grid=protected.grid,
            small=protected.small,
            complementary=frozenset(
                (i, j)
                for i, row in enumerate(protected.grid)
                for j in range(len(row))
                if (i, j) not in protected.small
            ),
            below=below,
        )
        if key in linked
        else protected
        for key, protected in result.items()
    }


def _protect_row(
    rows: Sequence[Sequence[int]], *, below: int, hide: Iterable[GridCell]
) -> Protected:
    return protect_breakdown(rows[0], below=below, hide=hide)


def grid_equations(
    key: TableKey, protected: Protected
) -> list[list[tuple[tuple[TableKey, GridCell], int]]]:
    """The table's totals as equations over its cells, each ``[(cell, coefficient), ...]``
    equal to zero: every row of the grid adds up to its last number (and, for a grid of more
    than one row, every column to its last)."""
    grid = protected.grid
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    equations = [
        [((key, (i, j)), -1 if j == last_column else 1) for j in range(last_column + 1)]
        for i in range(last_row + 1)
    ]
    if last_row > 0:
        equations += [
            [((key, (i, j)), -1 if i == last_row else 1) for i in range(last_row + 1)]
            for j in range(last_column + 1)
        ]
    return equations


def worked_out(
    values: Mapping[Hashable, int],
    equations: Sequence[Sequence[tuple[Hashable, int]]],
    hidden: Iterable[Hashable],
) -> set[Hashable]:
    """The hidden numbers someone could work out exactly from the shown ones and the published
    equations (each a list of ``(cell, coefficient)`` adding up to zero): those whose unit
    vector lies in the span of the equations restricted to the hidden cells. Exact arithmetic
    (fractions), for sets of tables the graph reasoning above does not cover. ``values`` names
    every cell."""
    unknowns = sorted(set(hidden), key=repr)
    if not unknowns:
        return set()
    assert set(unknowns) <= set(values)
    index = {cell: k for k, cell in enumerate(unknowns)}
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for cell, coefficient in equation:
            if cell in index:
                row[index[cell]] += coefficient
        if any(row):
            matrix.append(row)
    reduced = _row_reduce(matrix)
    return {cell for cell, k in index.items() if _in_span(reduced, k, len(unknowns))}


def _row_reduce(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form: ``(pivot column, row)`` pairs."""
    rows = [row[:] for row in rows]
    pivots: list[tuple[int, list[Fraction]]] = []
    width = len(rows[0]) if rows else 0
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [value / lead for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        pivots.append((column, rows[rank]))
        rank += 1
    return pivots


def _in_span(reduced: list[tuple[int, list[Fraction]]], k: int, width: int) -> bool:
    """Whether the unit vector ``e_k`` is a combination of the reduced rows: it must be the
    row whose pivot is ``k`` and that row must have nothing else."""
    for column, row in reduced:
        if column == k:
            return all(row[j] == 0 for j in range(width) if j != k)
    return False


def _linked_gives_away(
    result: Mapping[TableKey, Protected], shared: Mapping[tuple[TableKey, GridCell], Hashable]
) -> bool:
    def name(key: TableKey, cell: GridCell) -> Hashable:
        return shared.get((key, cell), (key, cell))

    values: dict[Hashable, int] = {}
    hidden: set[Hashable] = set()
    equations = []
    for key, protected in result.items():
        for i, row in enumerate(protected.grid):
            for j, value in enumerate(row):
                values[name(key, (i, j))] = value
                if (i, j) in protected.hidden:
                    hidden.add(name(key, (i, j)))
        equations += [
            [(name(*cell), coefficient) for cell, coefficient in equation]
            for equation in grid_equations(key, protected)
        ]
    return bool(worked_out(values, equations, hidden))
