"""Secondary suppression in equality monitoring: no hidden count can be worked out from the
figures that are shown, checked on random tables (Hypothesis) against a linear-algebra oracle.

Each breakdown (gender, ethnicity, care status, age) of each count adds up to the "All
children" figure. A reader who knows that can solve for hidden numbers: with 15 children, 12
of them girls, the "fewer than 5" boys are 3. The oracle writes every breakdown as an equation
over the hidden numbers and asks whether any small count is fixed by them.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seemehearme.areas.models import Area
from seemehearme.earlywarning.equality import (
    AGE_BANDS,
    MEASURES,
    EqualityReport,
    Figure,
    equality_figures,
)
from seemehearme.earlywarning.suppression import Margin, is_small, suppress
from seemehearme.people.models import CareStatus, Ethnicity, Gender

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
AREA = Area(name="Testshire")  # never saved: the figures are pure arithmetic


@st.composite
def _counts(draw: st.DrawFn) -> dict[tuple[str, str, str, str], list[int]]:
    """Counts per (gender, ethnicity, care status, age band) as the report's queries give
    them: [children with events, flagged (no more than them), flags decided, confirmed (no
    more than decided)]. Mostly small numbers, where suppression bites, with some large."""
    keys = draw(
        st.sets(
            st.tuples(
                st.sampled_from(Gender.values),
                st.sampled_from(Ethnicity.values),
                st.sampled_from(CareStatus.values),
                st.sampled_from([code for code, *_ in AGE_BANDS]),
            ),
            max_size=14,
        )
    )
    counts = {}
    for key in keys:
        cohort = draw(st.integers(1, 9) | st.integers(10, 200))
        decided = draw(st.integers(0, 6))
        counts[key] = [
            cohort,
            draw(st.integers(0, cohort)),
            decided,
            draw(st.integers(0, decided)),
        ]
    return counts


def _figures(report: EqualityReport, measure: str) -> tuple[Figure, dict[str, list[Figure]]]:
    """The total and each breakdown's figures for one count."""
    return getattr(report.total, measure), {
        dimension.code: [getattr(row, measure) for row in dimension.rows]
        for dimension in report.dimensions
    }


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank of a matrix by Gaussian elimination over the rationals."""
    matrix = [row[:] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _derivable_small_counts(total: Figure, breakdowns: dict[str, list[Figure]]) -> list[str]:
    """The small counts a reader could work out exactly from the shown figures, by solving the
    "each breakdown adds up to the total" equations (one per breakdown)."""
    unknowns: list[tuple[str, int]] = []
    if total.suppressed:
        unknowns.append(("total", 0))
    for code, figures in breakdowns.items():
        unknowns += [(code, i) for i, figure in enumerate(figures) if figure.suppressed]
    if not unknowns:
        return []
    place = {unknown: column for column, unknown in enumerate(unknowns)}
    equations = []
    for code, figures in breakdowns.items():
        row = [Fraction(0)] * len(unknowns)
        if total.suppressed:
            row[place[("total", 0)]] = Fraction(1)
        for i, figure in enumerate(figures):
            if figure.suppressed:
                row[place[(code, i)]] = Fraction(-1)
        equations.append(row)
    rank = _rank(equations)
    derivable = []
    for unknown, column in place.items():
        figure = total if unknown[0] == "total" else breakdowns[unknown[0]][unknown[1]]
        if not is_small(figure.value):
            continue
        unit = [Fraction(int(c == column)) for c in range(len(unknowns))]
        if _rank([*equations, unit]) == rank:
            derivable.append(f"{unknown[0]}[{unknown[1]}] = {figure.value}")
    return derivable


@settings(max_examples=200, deadline=None)
@given(counts=_counts())
def test_no_small_count_can_be_worked_out_from_the_shown_figures(counts):
    report = equality_figures(area=AREA, start=START, end=END, counts=counts)
    for measure in MEASURES:
        total, breakdowns = _figures(report, measure)
        figures = [total, *(f for fs in breakdowns.values() for f in fs)]
        # Every count from 1 to 4 is hidden, and says so.
        for figure in figures:
            if is_small(figure.value):
                assert str(figure) == "fewer than 5"
            elif figure.suppressed:
                assert str(figure) == "not shown"
            else:
                assert str(figure) == f"{figure.value:,}"
        # The rule as a reader would try it: the total minus the shown parts of a breakdown
        # never equals a hidden small count, unless the total is hidden too.
        for code, parts in breakdowns.items():
            for figure in parts:
                if is_small(figure.value) and not total.suppressed:
                    rest = total.value - sum(p.value for p in parts if not p.suppressed)
                    assert rest != figure.value, (measure, code, counts)
        # And the stronger check: no combination of breakdowns pins a small count down.
        assert _derivable_small_counts(total, breakdowns) == [], (measure, counts)


@settings(max_examples=100, deadline=None)
@given(counts=_counts())
def test_a_rate_is_shown_only_when_both_its_counts_are(counts):
    report = equality_figures(area=AREA, start=START, end=END, counts=counts)
    for row in [report.total, *(r for d in report.dimensions for r in d.rows)]:
        if row.flagged.suppressed or row.cohort.suppressed:
            assert row.flag_rate_text == "not shown"
        if row.confirmed.suppressed or row.decided.suppressed:
            assert row.confirmation_rate_text == "not shown"


def test_the_issue_example_hides_a_second_count():
    """15 children with events, 12 girls and 3 boys: the girls' figure is hidden too."""
    counts = {
        ("female", "white", "none", "13-15"): [12, 7, 6, 5],
        ("male", "black", "looked_after", "16-17"): [3, 1, 0, 0],
    }
    report = equality_figures(area=AREA, start=START, end=END, counts=counts)
    gender = {row.label: row for row in report.dimensions[0].rows}
    assert str(report.total.cohort) == "15"
    assert str(gender["Male"].cohort) == "fewer than 5"
    assert str(gender["Female"].cohort) == "not shown"
    assert gender["Female"].flag_rate_text == "not shown"


@pytest.mark.parametrize(
    ("values", "hidden"),
    [
        # One small count beside a shown total: the smallest other count above zero goes too.
        ({"t": 15, "a": 12, "b": 3, "c": 0}, {"a", "b"}),
        # Two small counts already protect each other.
        ({"t": 7, "a": 3, "b": 4, "c": 0}, {"a", "b"}),
        # No other count to hide: the total goes.
        ({"t": 9, "a": 9, "b": 0}, set()),
        ({"t": 3, "a": 3, "b": 0}, {"t", "a"}),
    ],
)
def test_suppress_in_one_margin(values, hidden):
    result = suppress(values, [Margin(total="t", parts=tuple(k for k in values if k != "t"))])
    assert set(result.small) | set(result.complementary) == hidden


def test_a_hidden_total_takes_a_part_with_it():
    """A total hidden on its own would be the sum of its shown parts."""
    result = suppress({"t": 3, "a": 10, "b": 0, "c": 7}, [Margin("t", ("a", "b", "c"))])
    assert set(result.small) == {"t"}
    assert set(result.complementary) == {"c"}


def test_margins_sharing_a_total_are_settled_together():
    """Hiding a part in one breakdown never leaves another breakdown with one hidden number."""
    values = {"t": 9, "g1": 4, "g2": 5, "a1": 9, "a2": 0}
    result = suppress(values, [Margin("t", ("g1", "g2")), Margin("t", ("a1", "a2"))])
    assert set(result.small) == {"g1"}
    assert set(result.complementary) == {"g2"}
