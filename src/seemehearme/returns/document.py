"""The national return as a document: JSON under the versioned schema
(``schema/national-return-v1.json``) with an integrity digest, and the same cells as CSV.

``canonical`` is the document without its ``integrity`` member, as JSON with sorted keys and no
spaces, in UTF-8; the digest is SHA-256 of it, or HMAC-SHA-256 with a key shared with the
national instance when ``SMH_RETURN_SIGNING_KEY`` is set (ADR 0020 says what each proves).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator

from seemehearme.areas.models import Area
from seemehearme.returns.build import count_tables, reference_names
from seemehearme.returns.tables import SCHEMA_VERSION, TOTAL, PublishedTable, protect

SCHEMA_PATH = Path(__file__).parent / "schema" / "national-return-v1.json"
SOFTWARE_NAME = "See Me, Hear Me"
CSV_HEADER = ["table", "dimension_1", "value_1", "dimension_2", "value_2", "count", "suppressed"]


class ReturnError(Exception):
    """A return that cannot be made or accepted, with every reason in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def software_version() -> str:
    try:
        return version("seemehearme")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def schema_errors(document: Any) -> list[str]:
    """Every way ``document`` breaks the schema, each with its JSON path."""
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: e.json_path)
    ]


def canonical(document: dict[str, Any]) -> bytes:
    body = {key: value for key, value in document.items() if key != "integrity"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(document: dict[str, Any], algorithm: str) -> str:
    """The integrity digest of ``document`` by ``algorithm`` (``sha256`` or ``hmac-sha256``)."""
    if algorithm == "hmac-sha256":
        key = settings.SMH_RETURN_SIGNING_KEY.encode()
        return hmac.new(key, canonical(document), hashlib.sha256).hexdigest()
    return hashlib.sha256(canonical(document)).hexdigest()


def signing_algorithm() -> str:
    return "hmac-sha256" if settings.SMH_RETURN_SIGNING_KEY else "sha256"


@dataclass(frozen=True)
class LocalReturn:
    """A partnership's return: the protected tables and the document made from them."""

    area: Area
    start: dt.date
    end: dt.date
    tables: list[PublishedTable]
    document: dict[str, Any]


def build_return(
    area: Area,
    start: dt.date,
    end: dt.date,
    *,
    below: int | None = None,
    generated_at: dt.datetime | None = None,
) -> LocalReturn:
    """The national return of ``area`` from ``start`` to ``end`` (inclusive), validated against
    the schema; ``ReturnError`` if it cannot be made (no ONS code, a period backwards)."""
    problems = []
    if end < start:
        problems.append("The period ends before it starts.")
    if not area.ons_code:
        problems.append(
            f"{area.name} has no ONS code: a system administrator sets it on the partnership's "
            "page under Areas in the back office before a return can be made."
        )
    if problems:
        raise ReturnError(problems)
    below = below or settings.SMH_RETURN_SUPPRESS_BELOW
    tables = protect(count_tables(area, start, end), below=below)
    document = document_from(
        tables,
        area=Identity(area.ons_code, area.name, area.child_population),
        start=start,
        end=end,
        below=below,
        names=reference_names(),
        generated_at=generated_at,
    )
    return LocalReturn(area, start, end, tables, document)


@dataclass(frozen=True)
class Identity:
    """Who a return is from: the area's ONS code, name and child population."""

    code: str
    name: str
    child_population: int | None


def document_from(
    tables: list[PublishedTable],
    *,
    area: Identity,
    start: dt.date,
    end: dt.date,
    below: int,
    names: dict[str, dict[str, str]],
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The return's document from its protected tables, with its digest, checked against the
    schema (``ReturnError`` if it fails, which would be a bug here)."""
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "area": {
            "code": area.code,
            "name": area.name,
            "child_population": area.child_population,
        },
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_at": (generated_at or timezone.now()).isoformat(timespec="seconds"),
        "software": {"name": SOFTWARE_NAME, "version": software_version()},
        "disclosure_control": {"suppress_below": below},
        "tables": [_table_document(table, names) for table in tables],
    }
    algorithm = signing_algorithm()
    document["integrity"] = {"algorithm": algorithm, "digest": digest(document, algorithm)}
    errors = schema_errors(document)
    if errors:
        raise ReturnError([f"The return does not meet its own schema: {e}" for e in errors])
    return document


def _table_document(table: PublishedTable, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    definition = table.definition
    result: dict[str, Any] = {
        "id": definition.id,
        "dimensions": [dimension.name for dimension in definition.dimensions],
        "cells": [
            {
                "values": cell.values,
                "count": None if cell.suppressed else cell.count,
                "suppressed": cell.suppressed,
            }
            for cell in table.cells()
        ],
    }
    labels = {
        dimension.name: {
            code: names.get(dimension.name, {}).get(code, code)
            for code in (table.counts.rows if dimension is definition.rows else ())
            if code != TOTAL
        }
        for dimension in definition.dimensions
        if dimension.codes is None
    }
    if labels:
        result["labels"] = labels
    return result


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_csv(document: dict[str, Any], *, tables: set[str] | None = None) -> str:
    """One row per cell: table, each dimension and its value, count (empty when suppressed) and
    the suppressed flag. The area and period are in the file name (``file_name``); the JSON
    carries the rest of the metadata and the digest."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for table in document["tables"]:
        if tables is not None and table["id"] not in tables:
            continue
        for cell in table["cells"]:
            pairs = list(cell["values"].items()) + [("", "")] * (2 - len(cell["values"]))
            writer.writerow(
                [
                    table["id"],
                    *[part for pair in pairs for part in pair],
                    "" if cell["suppressed"] else cell["count"],
                    "true" if cell["suppressed"] else "false",
                ]
            )
    return out.getvalue()


def file_name(document: dict[str, Any], extension: str, kind: str = "national-return") -> str:
    period = document["period"]
    return f"{kind}-{document['area']['code']}-{period['start']}-to-{period['end']}.{extension}"
