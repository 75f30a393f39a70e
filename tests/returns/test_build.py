"""The return counted from a partnership's records matches the figures worked out by hand."""

from __future__ import annotations

from seemehearme.returns.build import count_tables
from seemehearme.returns.document import build_return
from tests.returns.conftest import END, START


def _one_way(counts, table_id):
    table = counts[table_id]
    return dict(zip(table.rows, table.counts[0], strict=True))


def _cells(document, table_id):
    table = next(t for t in document["tables"] if t["id"] == table_id)
    return {tuple(cell["values"].values()): cell["count"] for cell in table["cells"]}


def test_the_counts_match_the_hand_computed_figures(world):
    counts = count_tables(world, START, END)
    children = counts["children"]
    assert children.rows == ("being_exploited", "at_risk")
    assert children.counts == ((7, 8),)
    gender = counts["children-gender"]
    assert gender.counts[0][gender.columns.index("female")] == 6
    assert gender.counts[0][gender.columns.index("male")] == 1
    assert gender.counts[1][gender.columns.index("female")] == 7
    assert gender.counts[1][gender.columns.index("male")] == 1
    age = counts["children-age-band"]
    assert age.counts[0][age.columns.index("13-15")] == 6
    assert age.counts[0][age.columns.index("16-17")] == 1
    assert age.counts[1][age.columns.index("10-12")] == 1
    ethnicity = counts["children-ethnicity"]
    assert ethnicity.counts[1][ethnicity.columns.index("asian")] == 7
    assert _one_way(counts, "places")["hotel"] == 6
    persons = counts["perpetrators-age-gender"]
    assert persons.counts[persons.rows.index("25-34")][persons.columns.index("male")] == 4
    assert persons.counts[persons.rows.index("unknown")][persons.columns.index("not_known")] == 1
    nationality = dict(
        zip(
            counts["perpetrators-nationality"].rows,
            counts["perpetrators-nationality"].counts[0],
            strict=True,
        )
    )
    assert nationality == {"british": 4, "other": 0, "not_known": 1}
    assert _one_way(counts, "patterns")["boyfriend"] == 6
    assert _one_way(counts, "review-risk") == {
        "lower": 0,
        "same": 0,
        "higher": 1,
    }
    closures = _one_way(counts, "closures")
    assert closures["risk-reduced"] == 2


def test_the_published_return_hides_small_numbers_and_keeps_the_rest(world):
    document = build_return(world, START, END).document
    assert document["area"] == {
        "code": "E06000999",
        "name": world.name,
        "child_population": 20000,
    }
    children = _cells(document, "children")
    assert children == {("being_exploited",): 7, ("at_risk",): 8, ("total",): 15}
    gender = _cells(document, "children-gender")
    # One boy in each row, two in all: hidden, and so are the girls beside them (6, 7 and 13),
    # or the boys would be the row totals less the girls.
    assert gender[("at_risk", "male")] is None
    assert gender[("being_exploited", "male")] is None
    assert gender[("total", "male")] is None
    assert gender[("being_exploited", "female")] is None
    assert gender[("total", "female")] is None
    assert gender[("at_risk", "non_binary")] == 0
    assert gender[("total", "total")] == 15
    nationality = _cells(document, "perpetrators-nationality")
    assert nationality[("not_known",)] is None
    assert nationality[("british",)] is None
