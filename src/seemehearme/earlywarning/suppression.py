"""Hiding small numbers in published counts so that no child can be singled out.

Primary suppression hides every count from 1 to 4. That alone is not enough when totals are
shown: if one number in a set that adds up to a shown total is hidden, it is the total minus
the others (15 children, 12 of them girls: 3 boys). Secondary (complementary) suppression
hides one more number in every such set, until no set that adds up to a total has exactly one
number hidden. The total counts as one of the set's numbers, and a total shared by several
sets (the "All children" figure in each breakdown) is hidden in all of them at once, so hiding
it is the last resort.

The complement chosen is the smallest number still shown in the set, preferring one above zero
(a hidden zero hides little: it is often known to be zero). Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

SUPPRESS_BELOW = 5
Cell = TypeVar("Cell", bound=Hashable)  # how the caller names one number in its table


def is_small(value: int, below: int = SUPPRESS_BELOW) -> bool:
    """A count that is hidden for its own sake: 1 to ``below - 1`` (1 to 4; 0 is shown)."""
    return 0 < value < below


@dataclass(frozen=True)
class Margin(Generic[Cell]):
    """A set of shown numbers (``parts``) that add up to a shown number (``total``)."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass(frozen=True)
class Suppression(Generic[Cell]):
    """Which numbers are hidden: ``small`` for their own sake, ``complementary`` so that the
    small ones cannot be worked out from the totals."""

    small: frozenset[Cell]
    complementary: frozenset[Cell]


def _complement(margin: Margin[Cell], values: Mapping[Cell, int], hidden: set[Cell]) -> Cell:
    shown_parts = [cell for cell in margin.parts if cell not in hidden]
    if not shown_parts:
        return margin.total
    # Smallest above zero first, then zeros; ties go to the earlier part, so it is repeatable.
    return min(shown_parts, key=lambda cell: (values[cell] == 0, values[cell]))


def suppress(
    values: Mapping[Cell, int],
    margins: Iterable[Margin[Cell]],
    *,
    below: int = SUPPRESS_BELOW,
    hide: Iterable[Cell] = (),
) -> Suppression[Cell]:
    """Hide the small counts in ``values`` (1 to ``below - 1``) and the cells in ``hide``, then
    as few others as this simple rule needs so that no margin (a total and the parts that add
    up to it) has exactly one hidden number. Cells in ``hide`` are reported as complementary."""
    margins = [margin for margin in margins if margin.parts]
    small = {cell for cell, value in values.items() if is_small(value, below)}
    hidden = small | set(hide)
    changed = True
    while changed:
        changed = False
        for margin in margins:
            members = (margin.total, *margin.parts)
            if sum(1 for cell in members if cell in hidden) == 1:
                hidden.add(_complement(margin, values, hidden))
                changed = True
    return Suppression(small=frozenset(small), complementary=frozenset(hidden - small))
