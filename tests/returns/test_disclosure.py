"""The return's disclosure control: no count from 1 to 4 is published, and no suppressed number
can be worked out from the published ones, across all the tables taken together (they share
totals). Checked by the exact linear algebra of the problem profile's tests (``_rank``),
independently of how ``intelligence.disclosure`` reasons."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from seemehearme.intelligence.disclosure import protect_table
from seemehearme.returns.build import children_tables, persons_tables
from seemehearme.returns.imports import check_return
from seemehearme.returns.synthetic import synthetic_counts, synthetic_return
from seemehearme.returns.tables import TABLES, TOTAL, counts_from, protect
from tests.intelligence.test_disclosure import _rank

definitions = {definition.id: definition for definition in TABLES}


def _codes(table_id: str, position: int) -> list[str]:
    return [code for code, _ in definitions[table_id].dimensions[position].codes or ()]


child = st.tuples(
    st.sampled_from(["being_exploited", "at_risk"]),
    st.sampled_from(_codes("children-age-band", 1)[:3]),
    st.sampled_from(["female", "male", "not_known"]),
    st.sampled_from(_codes("children-ethnicity", 1)[:3]),
    st.sampled_from(_codes("children-disability", 1)[:2]),
    st.sampled_from(_codes("children-care-status", 1)[:3]),
)
person = st.tuples(
    st.sampled_from(["18-24", "25-34", "unknown"]),
    st.sampled_from(["male", "female"]),
    st.sampled_from(["white", "asian", "not_known"]),
    st.sampled_from(["british", "other", "not_known"]),
)


def meaning(table_id: str, values: dict[str, str]):
    """What a published number counts: the same number of children (or persons) appears in
    several tables, and an attacker adds up their equations together."""
    others = {name: value for name, value in values.items() if name != "status"}
    if table_id.startswith("children") and all(value == TOTAL for value in others.values()):
        return ("children", values.get("status", TOTAL))
    if table_id.startswith("perpetrators") and all(value == TOTAL for value in values.values()):
        return ("persons", TOTAL)
    return (table_id, tuple(values.items()))


def published_equations(published):
    """Every total's equation (parts minus total is zero) over the numbers' meanings."""
    equations = []
    for table in published:
        if not table.definition.adds_up:
            continue
        cells = [cell.values for cell in table.cells()]
        names = list(cells[0])
        for name in names:
            for total in cells:
                if total[name] != TOTAL:
                    continue
                parts = [
                    cell
                    for cell in cells
                    if cell[name] != TOTAL
                    and all(cell[other] == total[other] for other in names if other != name)
                ]
                equations.append(
                    [(meaning(table.definition.id, total), -1)]
                    + [(meaning(table.definition.id, part), 1) for part in parts]
                )
    return equations


def recoverable(published) -> set:
    hidden = sorted(
        {
            meaning(table.definition.id, cell.values)
            for table in published
            for cell in table.cells()
            if cell.suppressed
        },
        key=repr,
    )
    if not hidden:
        return set()
    index = {name: k for k, name in enumerate(hidden)}
    matrix = []
    for equation in published_equations(published):
        row = [Fraction(0)] * len(hidden)
        for name, coefficient in equation:
            if name in index:
                row[index[name]] += coefficient
        matrix.append(row)
    base = _rank(matrix)
    return {
        name
        for name, k in index.items()
        if _rank([*matrix, [Fraction(int(n == k)) for n in range(len(hidden))]]) == base
    }


def _published(children, persons, below=5):
    found = {**children_tables(_tally(children)), **persons_tables(_tally(persons))}
    counts = {d.id: counts_from(d, found.get(d.id, {})) for d in TABLES}
    return protect(counts, below=below)


def _tally(rows):
    result: dict = {}
    for row in rows:
        result[row] = result.get(row, 0) + 1
    return result


@settings(max_examples=60, deadline=None)
@given(st.lists(child, max_size=40), st.lists(person, max_size=25))
def test_no_suppressed_number_can_be_worked_out_from_the_published_tables(children, persons):
    published = _published(children, persons)
    for table in published:
        for cell in table.cells():
            if 0 < cell.count < 5:
                assert cell.suppressed, (table.definition.id, cell)
    assert recoverable(published) == set()


@settings(max_examples=25, deadline=None)
@given(st.lists(child, max_size=30), st.integers(2, 11))
def test_the_threshold_is_configurable(children, below):
    published = _published(children, [], below=below)
    for table in published:
        for cell in table.cells():
            if 0 < cell.count < below:
                assert cell.suppressed
    assert recoverable(published) == set()


def test_a_shared_total_hidden_in_one_table_is_hidden_in_all():
    # Three children at risk: hidden in "children", so hidden as a row total everywhere.
    children = [("at_risk", "13-15", "female", "white", "none", "none")] * 3
    children += [("being_exploited", "13-15", "female", "white", "none", "none")] * 9
    published = _published(children, [])
    for table in published:
        if not table.definition.id.startswith("children"):
            continue
        for cell in table.cells():
            if meaning(table.definition.id, cell.values) == ("children", "at_risk"):
                assert cell.suppressed, table.definition.id


def test_synthetic_returns_pass_the_import_checks():
    for number in range(5):
        check_return(synthetic_return(number, start=dt.date(2026, 4, 1), end=dt.date(2027, 3, 31)))


def test_the_problem_profile_still_hides_one_to_four_by_default():
    assert protect_table([[3, 20], [10, 30]]).shown(0, 0) == "fewer than 5"
    assert protect_table([[3, 20], [10, 30]], below=11).shown(1, 0) == "fewer than 11"


def test_synthetic_counts_agree_across_tables():
    counts = synthetic_counts(random.Random(1), children=50, persons=10)
    assert sum(counts["children"].counts[0]) == 50
    assert sum(map(sum, counts["perpetrators-age-gender"].counts)) == 10
