"""A national instance imports partnerships' returns: each is checked, then stored.

``check_return`` refuses, with every reason in plain words, a return that is not JSON, breaks
the schema (each error with its JSON path), is of a schema version this instance does not read,
fails its integrity digest (changed after it was made), lacks a table or a cell, shows a count
that should be suppressed, has totals that do not add up, publishes a shared number differently
in two tables, or hides numbers that the published ones give away. ``import_return`` stores an
accepted return; another for the same area and period replaces it (ADR 0020).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.disclosure import worked_out
from seemehearme.returns.document import ReturnError, digest, schema_errors
from seemehearme.returns.models import NationalReturn, ReturnCell
from seemehearme.returns.tables import (
    TABLES,
    TOTAL,
    SharedName,
    TableDefinition,
    shared_name,
)


def cell_key(values: dict[str, str], definition: TableDefinition) -> str:
    return ";".join(f"{d.name}={values[d.name]}" for d in definition.dimensions)


def parse(text: str | bytes) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ReturnError([f"The file is not JSON: {error}."]) from error
    if not isinstance(document, dict):
        raise ReturnError(["The file is JSON but not a return (it is not an object)."])
    return document


def check_return(document: dict[str, Any]) -> None:
    """Refuse ``document`` (``ReturnError``) unless it is a sound return (module docstring)."""
    errors = schema_errors(document)
    if errors:
        raise ReturnError([f"Schema: {error}" for error in errors])
    integrity = document["integrity"]
    if integrity["algorithm"] == "hmac-sha256" and not settings.SMH_RETURN_SIGNING_KEY:
        raise ReturnError(
            ["The return is signed with a shared key, and this instance has none to check it."]
        )
    if not hmac.compare_digest(digest(document, integrity["algorithm"]), integrity["digest"]):
        raise ReturnError(
            [
                "Integrity: the digest does not match the contents, so the return was changed "
                "after it was made (or made with another key). Ask the partnership for the file "
                "as exported."
            ]
        )
    problems = []
    start = dt.date.fromisoformat(document["period"]["start"])
    end = dt.date.fromisoformat(document["period"]["end"])
    if end < start:
        problems.append("Period: it ends before it starts.")
    below = max(document["disclosure_control"]["suppress_below"], 2)
    if below < settings.SMH_RETURN_SUPPRESS_BELOW:
        problems.append(
            f"Disclosure control: counts below {below} are suppressed; this instance needs at "
            f"least {settings.SMH_RETURN_SUPPRESS_BELOW}."
        )
    problems += _table_problems(document["tables"], below)
    if problems:
        raise ReturnError(problems)


@dataclass
class _Grid:
    definition: TableDefinition
    cells: dict[tuple[str, ...], int | None]  # codes (with "total") to count, None if hidden


def _table_problems(tables: list[dict[str, Any]], below: int) -> list[str]:
    problems: list[str] = []
    given = {}
    for table in tables:
        if table["id"] in given:
            problems.append(f"Table {table['id']}: given twice.")
        given[table["id"]] = table
    grids = []
    for definition in TABLES:
        if definition.id not in given:
            problems.append(f"Table {definition.id}: missing.")
            continue
        grid, found = _grid(definition, given[definition.id], below)
        problems += found
        if grid is not None:
            grids.append(grid)
    if problems:
        return problems
    problems += _shared_problems(grids)
    if not problems:
        problems += _recoverable(grids)
    return problems


def _grid(
    definition: TableDefinition, table: dict[str, Any], below: int
) -> tuple[_Grid | None, list[str]]:
    name = f"Table {definition.id}"
    names = [dimension.name for dimension in definition.dimensions]
    if table["dimensions"] != names:
        return None, [f"{name}: its dimensions should be {', '.join(names)}."]
    cells: dict[tuple[str, ...], int | None] = {}
    problems = []
    for index, cell in enumerate(table["cells"]):
        where = f"{name}, cell {index + 1}"
        if set(cell["values"]) != set(names):
            problems.append(f"{where}: should have a value for {', '.join(names)}.")
            continue
        codes = tuple(cell["values"][n] for n in names)
        if codes in cells:
            problems.append(f"{where}: {'/'.join(codes)} given twice.")
        count = cell["count"]
        if not cell["suppressed"] and 0 < count < below:
            problems.append(
                f"{where}: {'/'.join(codes)} shows {count}, a count below {below} not marked "
                "suppressed."
            )
        cells[codes] = None if cell["suppressed"] else count
    if problems:
        return None, problems
    expected: list[list[str]] = []
    for position, dimension in enumerate(definition.dimensions):
        given = list(dict.fromkeys(key[position] for key in cells))
        if dimension.codes is not None:
            known = [code for code, _ in dimension.codes]
            unknown = sorted(set(given) - set(known) - {TOTAL})
            if unknown:
                problems.append(f"{name}: unknown {dimension.name} {', '.join(unknown)}.")
            given = known
        else:
            given = [code for code in given if code != TOTAL]
        expected.append(given + ([TOTAL] if definition.adds_up else []))
    missing = [
        "/".join(combination) for combination in _product(expected) if combination not in cells
    ]
    if missing:
        problems.append(f"{name}: no cell for {', '.join(missing[:5])}.")
    if problems:
        return None, problems
    grid = _Grid(definition, cells)
    return grid, _total_problems(grid, expected)


def _product(lists: list[list[str]]) -> list[tuple[str, ...]]:
    result: list[tuple[str, ...]] = [()]
    for codes in lists:
        result = [(*done, code) for done in result for code in codes]
    return result


def _margins(grid: _Grid) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Each total with the cells that add up to it."""
    if not grid.definition.adds_up:
        return []
    codes = list(grid.cells)
    margins = []
    for position in range(len(grid.definition.dimensions)):
        for total in codes:
            if total[position] != TOTAL:
                continue
            parts = [
                code
                for code in codes
                if code[position] != TOTAL
                and all(code[k] == total[k] for k in range(len(code)) if k != position)
            ]
            margins.append((total, parts))
    return margins


def _total_problems(grid: _Grid, expected: list[list[str]]) -> list[str]:
    problems = []
    for total, parts in _margins(grid):
        shown = [grid.cells[part] for part in parts if grid.cells[part] is not None]
        value = grid.cells[total]
        label = "/".join(total)
        if value is None:
            continue
        if len(shown) == len(parts) and sum(shown) != value:  # type: ignore[arg-type]
            problems.append(
                f"Table {grid.definition.id}: the parts of {label} add up to "
                f"{sum(shown)}, not {value}."  # type: ignore[arg-type]
            )
        elif sum(shown) > value:  # type: ignore[arg-type]
            problems.append(
                f"Table {grid.definition.id}: the parts shown of {label} come to more than it."
            )
    return problems


def _shared_problems(grids: list[_Grid]) -> list[str]:
    seen: dict[SharedName, tuple[str, int | None]] = {}
    problems = []
    for grid in grids:
        names = [d.name for d in grid.definition.dimensions]
        for codes, value in grid.cells.items():
            name = shared_name(grid.definition, dict(zip(names, codes, strict=True)))
            if name is None:
                continue
            if name in seen and seen[name][1] != value:
                problems.append(
                    f"Tables {seen[name][0]} and {grid.definition.id} give different numbers "
                    f"for the same total ({'/'.join(name)})."
                )
            seen.setdefault(name, (grid.definition.id, value))
    return problems


def _recoverable(grids: list[_Grid]) -> list[str]:
    """Suppressed numbers the published ones give away (exact linear algebra)."""
    values: dict[Hashable, int] = {}
    hidden = set()
    equations = []

    def name(grid: _Grid, codes: tuple[str, ...]) -> tuple[str, ...]:
        names = [d.name for d in grid.definition.dimensions]
        shared = shared_name(grid.definition, dict(zip(names, codes, strict=True)))
        return shared if shared is not None else (grid.definition.id, *codes)

    for grid in grids:
        for codes, value in grid.cells.items():
            values[name(grid, codes)] = value or 0
            if value is None:
                hidden.add(name(grid, codes))
        for total, parts in _margins(grid):
            equations.append([(name(grid, total), -1)] + [(name(grid, part), 1) for part in parts])
    found = worked_out(values, equations, hidden)
    return [
        f"Disclosure control: the suppressed number {'/'.join(cell)} can be worked "
        "out from the published ones."
        for cell in sorted(found, key=repr)
        if isinstance(cell, tuple)
    ]


@dataclass(frozen=True)
class Imported:
    national_return: NationalReturn
    replaced: bool
    unchanged: bool


def import_return(text: str | bytes, *, user: StaffUser | None = None) -> Imported:
    """Check and store one return; a return for the same area and period replaces the one held
    (the same file again changes nothing)."""
    document = parse(text)
    check_return(document)
    area, period = document["area"], document["period"]
    with transaction.atomic():
        existing = (
            NationalReturn.objects.select_for_update()
            .filter(area_code=area["code"], period_start=period["start"], period_end=period["end"])
            .first()
        )
        if existing is not None and existing.digest == document["integrity"]["digest"]:
            return Imported(existing, replaced=False, unchanged=True)
        fields = {
            "area_name": area["name"],
            "child_population": area["child_population"],
            "schema_version": document["schema_version"],
            "generated_at": dt.datetime.fromisoformat(document["generated_at"]),
            "software_version": document["software"]["version"],
            "suppress_below": document["disclosure_control"]["suppress_below"],
            "digest": document["integrity"]["digest"],
            "document": document,
            "imported_at": timezone.now(),
            "imported_by": user,
        }
        if existing is None:
            record = NationalReturn.objects.create(
                area_code=area["code"],
                period_start=period["start"],
                period_end=period["end"],
                **fields,
            )
        else:
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.times_replaced += 1
            existing.save()
            existing.cells.all().delete()
            record = existing
        definitions = {definition.id: definition for definition in TABLES}
        ReturnCell.objects.bulk_create(
            ReturnCell(
                national_return=record,
                table=table["id"],
                key=cell_key(cell["values"], definitions[table["id"]]),
                count=cell["count"],
                suppressed=cell["suppressed"],
            )
            for table in document["tables"]
            for cell in table["cells"]
        )
    return Imported(record, replaced=existing is not None, unchanged=False)
