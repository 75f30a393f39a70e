"""Disclosure control for the board's problem profile: counts from 1 to 4 are hidden, and so are
enough others that no hidden count can be worked out from the published ones and the totals."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from seemehearme.earlywarning.suppression import is_small
from seemehearme.intelligence.disclosure import (
    primary_only,
    protect_breakdown,
    protect_table,
    with_totals,
)

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix, by Gaussian elimination over exact fractions."""
    rows = [row[:] for row in rows]
    rank = 0
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def worked_out(grid, hidden) -> set[tuple[int, int]]:
    """The hidden cells someone could work out exactly from the shown ones: those whose unit
    vector lies in the row space of the totals' equations over the hidden cells. Independent of
    the module's graph reasoning."""
    unknowns = sorted(hidden)
    if not unknowns:
        return set()
    index = {cell: k for k, cell in enumerate(unknowns)}
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    equations = []
    for i in range(last_row + 1):
        row = [Fraction(0)] * len(unknowns)
        for j in range(last_column + 1):
            if (i, j) in index:
                row[index[(i, j)]] += -1 if j == last_column else 1
        equations.append(row)
    for j in range(last_column + 1):
        row = [Fraction(0)] * len(unknowns)
        for i in range(last_row + 1):
            if (i, j) in index:
                row[index[(i, j)]] += -1 if i == last_row else 1
        equations.append(row)
    base = _rank(equations)
    found = set()
    for cell, k in index.items():
        unit = [Fraction(int(n == k)) for n in range(len(unknowns))]
        if _rank([*equations, unit]) == base:
            found.add(cell)
    return found


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_number_can_be_worked_out_by_subtraction(table):
    result = protect_table(table)
    grid = result.grid
    assert grid == with_totals(table)
    smalls = {
        (i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if is_small(value)
    }
    assert result.small == smalls
    hidden = result.hidden
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    for i, j in result.small:
        in_row = [(i, k) for k in range(last_column + 1) if (i, k) in hidden]
        in_column = [(k, j) for k in range(last_row + 1) if (k, j) in hidden]
        assert len(in_row) >= 2, f"{(i, j)} is alone in its row"
        assert len(in_column) >= 2, f"{(i, j)} is alone in its column"
    assert worked_out(grid, hidden) == set()


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8))
def test_a_breakdown_never_has_exactly_one_hidden_number_with_its_total(values):
    result = protect_breakdown(values)
    # One equation (the parts add up to the total): a hidden number is given away exactly
    # when it is the only one hidden.
    assert len(result.hidden) != 1
    assert {(0, j) for j, value in enumerate(values) if is_small(value)} <= result.hidden


def test_one_small_count_in_a_row_takes_the_next_smallest_with_it():
    result = protect_table([[3, 20], [10, 30]])
    # 3 hidden; its row has 20 and 23, its column 10 and 13; the cheapest rectangle
    # through (0, 0) is (0, 1), (1, 0), (1, 1): 20, 10, 30.
    assert result.small == {(0, 0)}
    assert result.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert result.shown(0, 0) == "fewer than 5"
    assert result.shown(1, 1) == "not shown"
    assert result.shown(2, 2) == "63"
    assert result.shown(0, 2) == "23"


def test_two_blocks_joined_by_one_hidden_number_are_not_enough():
    """Each row and column below has two hidden numbers after the simple rule, yet the 2 joining
    the two blocks would be their difference: the rectangle rule hides more."""
    table = [
        [1, 1, 0, 0, 9],
        [1, 1, 2, 0, 9],
        [0, 0, 1, 1, 9],
        [0, 0, 1, 1, 9],
    ]
    result = protect_table(table)
    assert worked_out(result.grid, result.hidden) == set()
    assert (1, 2) in result.hidden


def test_a_table_with_nothing_small_hides_nothing():
    result = protect_table([[5, 50], [7, 0]])
    assert result.hidden == frozenset()


def test_a_small_total_is_hidden_with_its_parts():
    result = protect_breakdown([2, 1, 0])
    assert {(0, 0), (0, 1), (0, 3)} <= result.hidden


def test_counts_that_do_not_add_up_hide_only_the_small_ones():
    result = primary_only([3, 12, 0, 4])
    assert result.hidden == {(0, 0), (0, 3)}
    assert result.shown(0, 1) == "12"
    assert result.shown(0, 2) == "0"
