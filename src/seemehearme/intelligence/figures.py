"""Tables of counts for the places page and the problem profile, and how they are shown: every
figure in a table, with a bar chart of the first column beside it.

A ``FigureTable`` holds the counts. ``shown`` turns it into plain data (numbers as text, bars
as lengths) ready for a template or for keeping as JSON in a saved profile: exactly, for the
panel's restricted version, or with small numbers hidden for the board's version
(``intelligence.disclosure``). Children are only ever counted in these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from seemehearme.intelligence.disclosure import (
    Protected,
    primary_only,
    protect_breakdown,
    protect_table,
)

CHART_WIDTH = 640
CHART_LABEL_WIDTH = 250
CHART_BAR_HEIGHT = 22
CHART_GAP = 10
BAR_ROOM = CHART_WIDTH - CHART_LABEL_WIDTH - 120

# "breakdown": each column's rows add up to the total row. "two_way": also a total column, each
# row adding up to it. "list": numbers that do not add up (a child can be in several rows).
TableKind = Literal["breakdown", "two_way", "list"]
# A column worked out from the first two: "change" (first minus second), "share" (first of second).
Derived = Literal["", "change", "share"]


@dataclass
class FigureTable:
    key: str
    title: str
    label_header: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    kind: TableKind = "list"
    total_label: str = "Total"
    derived: Derived = ""
    note: str = ""
    chart: bool = True

    def value(self, label: str, column: int = 0) -> int:
        """The count in the row labelled ``label`` (0 if there is no such row)."""
        return next((values[column] for name, values in self.rows if name == label), 0)

    def total(self, column: int = 0) -> int:
        return sum(values[column] for _, values in self.rows)

    def shown(self, *, suppressed: bool) -> dict[str, Any]:
        """The table as published: JSON-ready, small numbers hidden if ``suppressed``."""
        width = len(self.columns)
        cells: list[list[dict[str, Any]]] = [[] for _ in self.rows]
        total_cells: list[dict[str, Any]] = []
        if self.kind == "two_way":
            protected = _protect(protect_table([v for _, v in self.rows]), suppressed)
            for i in range(len(self.rows)):
                cells[i] = [protected(i, j) for j in range(width + 1)]
            total_cells = [protected(len(self.rows), j) for j in range(width + 1)]
        elif self.kind == "breakdown":
            for j in range(width):
                column = [values[j] for _, values in self.rows]
                protected = _protect(protect_breakdown(column), suppressed)
                for i in range(len(self.rows)):
                    cells[i].append(protected(0, i))
                total_cells.append(protected(0, len(self.rows)))
        else:
            for i, (_, values) in enumerate(self.rows):
                protected = _protect(primary_only(values), suppressed)
                cells[i] = [protected(0, j) for j in range(width)]
        columns = list(self.columns) + (["Total"] if self.kind == "two_way" else [])
        if self.derived:
            columns.append("Change" if self.derived == "change" else "Share")
            for row in cells:
                row.append(_derived(self.derived, row[0], row[1]))
            if total_cells:
                total_cells.append(_derived(self.derived, total_cells[0], total_cells[1]))
        rows = [
            {"label": label, "cells": row} for (label, _), row in zip(self.rows, cells, strict=True)
        ]
        return {
            "key": self.key,
            "title": self.title,
            "label_header": self.label_header,
            "columns": columns,
            "rows": rows,
            "total": {"label": self.total_label, "cells": total_cells} if total_cells else None,
            "note": self.note,
            "bars": _bars(rows) if self.chart else [],
            "chart_height": len(rows) * (CHART_BAR_HEIGHT + CHART_GAP) + CHART_GAP,
            "chart_title": f"{self.title}: {self.columns[0].lower()}" if self.columns else "",
        }


def _protect(protected: Protected, suppressed: bool):  # type: ignore[no-untyped-def]
    def cell(i: int, j: int) -> dict[str, Any]:
        value = protected.grid[i][j]
        if suppressed and (i, j) in protected.hidden:
            return {"text": protected.shown(i, j), "value": None}
        return {"text": f"{value:,}", "value": value}

    return cell


def _derived(kind: Derived, first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    if first["value"] is None or second["value"] is None:
        return {"text": "not shown", "value": None}
    if kind == "change":
        change = first["value"] - second["value"]
        return {"text": f"{change:+,}" if change else "no change", "value": None}
    if not second["value"]:
        return {"text": "none to compare", "value": None}
    return {"text": f"{first['value'] / second['value']:.0%}", "value": None}


def _bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first column of each row as a horizontal bar, scaled to the largest shown."""
    highest = max((row["cells"][0]["value"] or 0 for row in rows if row["cells"]), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        if not row["cells"]:
            continue
        first = row["cells"][0]
        bars.append(
            {
                "label": row["label"],
                "y": CHART_GAP + index * (CHART_BAR_HEIGHT + CHART_GAP),
                "width": round(BAR_ROOM * (first["value"] or 0) / highest),
                "text": first["text"],
            }
        )
    return bars
