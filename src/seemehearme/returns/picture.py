"""The national picture: what a national instance's imported returns add up to.

A suppressed number is unknown, not zero: a total across areas is the sum of the numbers shown,
and says "at least" when some area's number was suppressed. Rates are per 10,000 children
(the area's child population, as its return gives it), and only where the count is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from seemehearme.returns.build import reference_names
from seemehearme.returns.models import NationalReturn, ReturnCell
from seemehearme.returns.tables import TABLES, TOTAL, TableDefinition, labels

PER = 10_000


@dataclass(frozen=True)
class Figure:
    """A number across areas: the sum of those shown, and how many areas' numbers were hidden."""

    shown: int
    hidden: int = 0

    def __str__(self) -> str:
        return f"at least {self.shown:,}" if self.hidden else f"{self.shown:,}"


def rate(count: int | None, population: int | None) -> str:
    """Per 10,000 children, to one decimal place, or why there is none."""
    if count is None:
        return "not shown (small number)"
    if not population:
        return "no child population given"
    return f"{count * PER / population:.1f}"


@dataclass
class AreaRow:
    code: str
    name: str
    child_population: int | None
    being_exploited: int | None
    at_risk: int | None
    identified: int | None
    persons: int | None

    @property
    def rate(self) -> str:
        return rate(self.identified, self.child_population)


@dataclass
class TotalsTable:
    definition: TableDefinition
    header: list[str]
    rows: list[tuple[str, list[Figure]]] = field(default_factory=list)


@dataclass
class Picture:
    start: dt.date
    end: dt.date
    areas: list[AreaRow]
    tables: list[TotalsTable]

    @property
    def identified(self) -> Figure:
        shown = [row.identified for row in self.areas if row.identified is not None]
        return Figure(sum(shown), len(self.areas) - len(shown))


def periods() -> list[tuple[dt.date, dt.date]]:
    """The periods returns have been imported for, latest first."""
    return list(
        NationalReturn.objects.order_by("-period_end", "-period_start")
        .values_list("period_start", "period_end")
        .distinct()
    )


KEY_CELLS = {
    "being_exploited": ("children", "status=being_exploited"),
    "at_risk": ("children", "status=at_risk"),
    "identified": ("children", "status=total"),
    "persons": ("perpetrators-ethnicity", "ethnicity=total"),
}


def _key_cells(returns: list[NationalReturn]) -> dict[tuple[int, str], int | None]:
    condition = Q()
    for table, key in KEY_CELLS.values():
        condition |= Q(table=table, key=key)
    cells = ReturnCell.objects.filter(condition, national_return__in=[r.pk for r in returns])
    return {
        (national_return, key): count
        for national_return, key, count in cells.values_list("national_return", "key", "count")
    }


def area_rows(returns: list[NationalReturn]) -> list[AreaRow]:
    found = _key_cells(returns)
    return [
        AreaRow(
            record.area_code,
            record.area_name,
            record.child_population,
            *(found.get((record.pk, key)) for _, key in KEY_CELLS.values()),
        )
        for record in returns
    ]


def national_picture(start: dt.date, end: dt.date) -> Picture:
    """Totals across the areas whose returns cover ``start`` to ``end``, and each area's
    headline figures."""
    returns = list(
        NationalReturn.objects.filter(period_start=start, period_end=end)
        .defer("document")
        .order_by("area_name")
    )
    sums = (
        ReturnCell.objects.filter(national_return__in=[r.pk for r in returns])
        .values("table", "key")
        .annotate(shown=Sum("count"), hidden=Count("pk", filter=Q(suppressed=True)))
    )
    figures = {(row["table"], row["key"]): Figure(row["shown"] or 0, row["hidden"]) for row in sums}
    names = reference_names()
    tables = []
    for definition in TABLES:
        keys = sorted(key for table, key in figures if table == definition.id)
        tables.append(_totals_table(definition, keys, figures, names))
    return Picture(start, end, area_rows(returns), tables)


def _totals_table(
    definition: TableDefinition,
    keys: list[str],
    figures: dict[tuple[str, str], Figure],
    names: dict[str, dict[str, str]],
) -> TotalsTable:
    parsed = [dict(part.split("=", 1) for part in key.split(";")) for key in keys]

    def codes(name: str, fixed: tuple[tuple[str, str], ...] | None) -> list[str]:
        seen = list(dict.fromkeys(values[name] for values in parsed))
        order = [code for code, _ in fixed or ()] + sorted(set(seen) - {TOTAL})
        return [code for code in dict.fromkeys(order) if code in seen] + (
            [TOTAL] if TOTAL in seen else []
        )

    rows_dimension, columns_dimension = definition.rows, definition.columns
    row_words = labels(definition, rows_dimension, names.get(rows_dimension.name, {}).items())
    row_codes = codes(rows_dimension.name, rows_dimension.codes)
    if columns_dimension is None:
        return TotalsTable(
            definition,
            [rows_dimension.label, definition.unit.capitalize()],
            [
                (
                    row_words.get(code, code),
                    [figures[(definition.id, f"{rows_dimension.name}={code}")]],
                )
                for code in row_codes
            ],
        )
    column_words = labels(definition, columns_dimension, ())
    column_codes = codes(columns_dimension.name, columns_dimension.codes)
    return TotalsTable(
        definition,
        [rows_dimension.label] + [column_words.get(code, code) for code in column_codes],
        [
            (
                row_words.get(row, row),
                [
                    figures[
                        (
                            definition.id,
                            f"{rows_dimension.name}={row};{columns_dimension.name}={column}",
                        )
                    ]
                    for column in column_codes
                ],
            )
            for row in row_codes
        ],
    )


@dataclass
class Trend:
    """Each area's children identified per 10,000 children, period by period."""

    periods: list[tuple[dt.date, dt.date]]
    rows: list[tuple[str, str, list[str]]]  # area name, code, rate in each period


def trends() -> Trend:
    """The comparison of areas over time that the framework's pilot evaluation needed."""
    returns = list(NationalReturn.objects.defer("document").order_by("area_name", "period_start"))
    found = _key_cells(returns)
    all_periods = sorted({(r.period_start, r.period_end) for r in returns})
    by_area: dict[str, dict[tuple[dt.date, dt.date], str]] = defaultdict(dict)
    names: dict[str, str] = {}
    for record in returns:
        names[record.area_code] = record.area_name
        identified = found.get((record.pk, KEY_CELLS["identified"][1]))
        by_area[record.area_code][(record.period_start, record.period_end)] = rate(
            identified, record.child_population
        )
    return Trend(
        all_periods,
        [
            (names[code], code, [by_area[code].get(period, "no return") for period in all_periods])
            for code in sorted(by_area, key=lambda code: names[code])
        ],
    )
