"""The return's tables as the preview page shows them: words for codes, and each suppressed
number as "fewer than 5" (small) or "not shown" (hidden so that a small one cannot be worked
out)."""

from __future__ import annotations

from dataclasses import dataclass

from seemehearme.returns.build import reference_names
from seemehearme.returns.tables import TOTAL, PublishedTable, labels


@dataclass
class PreviewTable:
    id: str
    title: str
    definition: str
    header: list[str]
    rows: list[tuple[str, list[str]]]


def preview_tables(tables: list[PublishedTable]) -> list[PreviewTable]:
    names = reference_names()
    return [_preview(table, names) for table in tables]


def _preview(table: PublishedTable, names: dict[str, dict[str, str]]) -> PreviewTable:
    definition, protected, counts = table.definition, table.protected, table.counts
    row_words = labels(definition, definition.rows, names.get(definition.rows.name, {}).items())
    if definition.columns is None:
        codes = list(counts.rows) + ([TOTAL] if definition.adds_up else [])
        rows = [
            (row_words.get(code, code), [protected.shown(0, j)]) for j, code in enumerate(codes)
        ]
        header = [definition.rows.label, definition.unit.capitalize()]
    else:
        assert counts.columns is not None
        column_words = labels(definition, definition.columns, ())
        header = [definition.rows.label] + [
            column_words.get(code, code) for code in [*counts.columns, TOTAL]
        ]
        rows = [
            (
                row_words.get(code, code),
                [protected.shown(i, j) for j in range(len(counts.columns) + 1)],
            )
            for i, code in enumerate([*counts.rows, TOTAL])
        ]
    return PreviewTable(definition.id, definition.title, definition.definition, header, rows)
