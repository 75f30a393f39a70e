"""The tables of the national return (schema version 1) and their disclosure control.

Pure functions, no database: ``build`` counts, this module says what each table is and which of
its numbers to hide. Every table is a breakdown of one dimension (its parts add up to a total)
or a two-way table (rows and columns with their totals), except ``patterns``, whose parts do
not add up (a child's case can show several patterns), so only its small numbers are hidden.

Tables that count the same people share numbers: the number of children being exploited is a
cell of ``children`` and a row total of every ``children-*`` table; the number of persons of
concern is the grand total of every ``perpetrators-*`` table. ``intelligence.disclosure``
protects them together, so a number hidden in one table is hidden in all and none can be worked
out from the tables taken together.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from seemehearme.cases.models import ChildSaysThings
from seemehearme.earlywarning.equality import AGE_BANDS
from seemehearme.intelligence.disclosure import LinkedTable, Protected, primary_only, protect_linked
from seemehearme.intelligence.models import VenueType
from seemehearme.intelligence.profile import ADULT_AGE_BANDS
from seemehearme.people.models import CareStatus, Disability, Ethnicity, Gender

SCHEMA_VERSION = "1.0"
TOTAL = "total"

Codes = tuple[tuple[str, str], ...]  # (code, label) in the order they are shown


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    codes: Codes | None  # None: the partnership's own reference data (patterns, closure reasons)


STATUS = Dimension(
    "status",
    "Status",
    (("being_exploited", "Being exploited"), ("at_risk", "At risk")),
)
CHILD_AGE = Dimension("age_band", "Age", tuple((code, label) for code, label, _, _ in AGE_BANDS))
ADULT_AGE = Dimension(
    "age_band",
    "Age",
    (*((code, label) for code, label, _, _ in ADULT_AGE_BANDS), ("unknown", "Not known")),
)
GENDER = Dimension("gender", "Gender", tuple(Gender.choices))
ETHNICITY = Dimension("ethnicity", "Ethnicity", tuple(Ethnicity.choices))
DISABILITY = Dimension("disability", "Disability", tuple(Disability.choices))
CARE = Dimension("care_status", "Care status", tuple(CareStatus.choices))
NATIONALITY = Dimension(
    "nationality",
    "Nationality",
    (("british", "British"), ("other", "Another nationality"), ("not_known", "Not known")),
)
PATTERN = Dimension("pattern", "Pattern of abuse", None)
VENUE = Dimension("venue_type", "Type of place", tuple(VenueType.choices))
RISK_CHANGE = Dimension(
    "risk_change",
    "Risk level at the review",
    (("lower", "Lower than before"), ("same", "The same"), ("higher", "Higher than before")),
)
CHILD_VIEW = Dimension("child_says", "The child says things are", tuple(ChildSaysThings.choices))
CLOSURE = Dimension("closure_reason", "Reason for closing", None)


@dataclass(frozen=True)
class TableDefinition:
    id: str
    title: str
    unit: str
    definition: str
    rows: Dimension
    columns: Dimension | None = None
    adds_up: bool = True  # False: the parts may overlap, so no totals are published
    universe: str = ""  # tables with the same universe share their totals
    shares_by: str = ""  # the dimension whose totals are shared in the universe, if any

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return (self.rows,) if self.columns is None else (self.rows, self.columns)


def _children(dimension: Dimension, title: str) -> TableDefinition:
    return TableDefinition(
        f"children-{dimension.name.replace('_', '-')}",
        f"Children identified, by status and {title}",
        "children",
        f"The children identified (see ``children``) by status and {title}.",
        STATUS,
        dimension,
        universe="children",
        shares_by="status",
    )


TABLES: tuple[TableDefinition, ...] = (
    TableDefinition(
        "children",
        "Children identified as being exploited or at risk",
        "children",
        "Children of the partnership (records not merged into another) with a case open at "
        "some time in the period, a referral received in it, or an early-warning flag raised in "
        "it and not dismissed. Being exploited: a case open in the period whose risk level is "
        "the highest of its scheme, or a review in the period that set it there. At risk: the "
        "others. Each child is counted once.",
        STATUS,
        universe="children",
        shares_by="status",
    ),
    _children(CHILD_AGE, "age at the end of the period"),
    _children(GENDER, "gender"),
    _children(ETHNICITY, "ethnicity"),
    _children(DISABILITY, "disability"),
    _children(CARE, "care status"),
    TableDefinition(
        "patterns",
        "Children by pattern of abuse recorded",
        "children",
        "Children identified whose case open in the period had the pattern recorded on it at "
        "some time in the period. A child can have several patterns: these do not add up.",
        PATTERN,
        adds_up=False,
    ),
    TableDefinition(
        "places",
        "Places linked to children, by type",
        "places",
        "Places (records not merged) linked to a child by an association reported in the "
        "period and not withdrawn.",
        VENUE,
    ),
    TableDefinition(
        "perpetrators-age-gender",
        "Persons of concern by age and gender",
        "persons",
        "Persons of concern (records not merged) linked to a child by an association reported "
        "in the period and not withdrawn, by age at the end of the period and gender.",
        ADULT_AGE,
        GENDER,
        universe="persons",
    ),
    TableDefinition(
        "perpetrators-ethnicity",
        "Persons of concern by ethnicity",
        "persons",
        "The same persons of concern by ethnicity, as the 2025 national audit asked.",
        ETHNICITY,
        universe="persons",
    ),
    TableDefinition(
        "perpetrators-nationality",
        "Persons of concern by nationality",
        "persons",
        "The same persons of concern by nationality as recorded: British (British, English, "
        "Welsh, Scottish, Northern Irish, UK), another nationality, or not recorded.",
        NATIONALITY,
        universe="persons",
    ),
    TableDefinition(
        "review-risk",
        "Reviews held, by change in risk level",
        "reviews",
        "Reviews of the partnership's cases held in the period, by whether the risk level after "
        "the review ranked lower, the same or higher than before it.",
        RISK_CHANGE,
    ),
    TableDefinition(
        "review-child-view",
        "Reviews held, by what the child said",
        "reviews",
        "The same reviews, by whether the child said things were better, the same or worse.",
        CHILD_VIEW,
    ),
    TableDefinition(
        "closures",
        "Cases closed, by reason",
        "cases",
        "The partnership's cases closed in the period, by the reason recorded.",
        CLOSURE,
    ),
)
TABLES_BY_ID = {table.id: table for table in TABLES}


@dataclass(frozen=True)
class TableCounts:
    """One table's exact counts: ``rows`` and ``columns`` codes in order and the counts (no
    totals): one row of numbers for a one-way table, one per row code for a two-way one."""

    rows: tuple[str, ...]
    columns: tuple[str, ...] | None
    counts: tuple[tuple[int, ...], ...]


def counts_from(
    definition: TableDefinition,
    found: Mapping[tuple[str, ...], int],
    open_codes: Sequence[str] = (),
) -> TableCounts:
    """A table's counts from ``found`` (``(row code,)`` or ``(row code, column code)`` to a
    number); ``open_codes`` are the codes of a dimension without fixed codes."""

    def codes(dimension: Dimension) -> tuple[str, ...]:
        if dimension.codes is not None:
            return tuple(code for code, _ in dimension.codes)
        seen = list(open_codes) + sorted({key[0] for key in found} - set(open_codes))
        return tuple(seen)

    rows = codes(definition.rows)
    if definition.columns is None:
        return TableCounts(rows, None, (tuple(found.get((code,), 0) for code in rows),))
    columns = codes(definition.columns)
    return TableCounts(
        rows,
        columns,
        tuple(tuple(found.get((row, column), 0) for column in columns) for row in rows),
    )


@dataclass(frozen=True)
class Cell:
    values: dict[str, str]
    count: int
    suppressed: bool


@dataclass(frozen=True)
class PublishedTable:
    definition: TableDefinition
    counts: TableCounts
    protected: Protected

    def cells(self) -> list[Cell]:
        return [
            Cell(values, self.protected.grid[i][j], (i, j) in self.protected.hidden)
            for (i, j), values in grid_cells(self.definition, self.counts).items()
        ]


def grid_cells(
    definition: TableDefinition, counts: TableCounts
) -> dict[tuple[int, int], dict[str, str]]:
    """Each grid cell of the protected table (totals included) and its dimension values."""
    rows = definition.rows.name
    if definition.columns is None:
        codes = list(counts.rows) + ([TOTAL] if definition.adds_up else [])
        return {(0, j): {rows: code} for j, code in enumerate(codes)}
    assert counts.columns is not None
    columns = definition.columns.name
    return {
        (i, j): {rows: row, columns: column}
        for i, row in enumerate([*counts.rows, TOTAL])
        for j, column in enumerate([*counts.columns, TOTAL])
    }


SharedName = tuple[str, str]  # (universe, code of the shared dimension or "total")


def shared_name(definition: TableDefinition, values: Mapping[str, str]) -> SharedName | None:
    """The name of a number other tables of the same universe publish too, if this is one:
    a cell whose dimensions other than ``shares_by`` are all totals."""
    if not definition.universe:
        return None
    others = [value for name, value in values.items() if name != definition.shares_by]
    if any(value != TOTAL for value in others):
        return None
    return (definition.universe, values.get(definition.shares_by, TOTAL))


def protect(counts: Mapping[str, TableCounts], *, below: int) -> list[PublishedTable]:
    """Every table of the return with the numbers to hide: counts from 1 to ``below - 1``, and
    enough others that none of them can be worked out from the tables published together."""
    linked: dict[str, LinkedTable] = {}
    shared: dict[tuple[str, tuple[int, int]], Hashable] = {}
    for definition in TABLES:
        if not definition.adds_up:
            continue
        table = counts[definition.id]
        linked[definition.id] = LinkedTable(table.counts, two_way=table.columns is not None)
        for cell, values in grid_cells(definition, table).items():
            name = shared_name(definition, values)
            if name is not None:
                shared[(definition.id, cell)] = name
    protected = protect_linked(linked, shared, below=below)
    return [
        PublishedTable(
            definition,
            counts[definition.id],
            protected[definition.id]
            if definition.adds_up
            else primary_only(counts[definition.id].counts[0], below=below),
        )
        for definition in TABLES
    ]


def labels(definition: TableDefinition, dimension: Dimension, extra: Iterable[tuple[str, str]]):
    """Code to words for one dimension of ``definition`` (``extra``: reference data names)."""
    words = dict(dimension.codes or ())
    words.update(extra)
    words[TOTAL] = f"All {definition.unit}"
    return words
