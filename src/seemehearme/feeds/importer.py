"""Importing agency events: validate row by row, keep good rows, report bad ones with their
line, and write everything in one transaction (a crash part way keeps nothing).

CONTRACT (fixed): the API, the upload page and ``smh import`` all call ``import_file`` or
``import_records``.

How it works (docs/adr/0007-importing-agency-feeds.md): rows are read and checked one at a time
and the good ones put into a temporary staging table in chunks (COPY on PostgreSQL), so memory
stays flat whatever the size of the file. Then a handful of set-based statements set aside
repeated record ids, upsert the agency's persons from each person's last row, and upsert the
events, skipping those whose row hash has not changed. The ``ImportBatch`` is saved before and
after, outside the import's transaction, so it always ends ``completed`` or ``failed``.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.feeds import bulk, schema
from seemehearme.feeds.models import (
    AgencySystem,
    EventType,
    ImportBatch,
    ImportProblem,
    ImportStatus,
)
from seemehearme.feeds.parsing import (
    BadCell,
    BadRow,
    FileRefused,
    HashingReader,
    file_format,
    import_limits,
    read_csv,
    read_xlsx,
)
from seemehearme.feeds.validation import (
    INVALID_BYTES,
    LONE_SURROGATE,
    MAX_LENGTHS,
    HeaderProblem,
    RowChecker,
    bounded,
    header_positions,
    record_values,
    shown_name,
    shown_names,
)
from seemehearme.sharing.models import InformationCategory

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5_000
# Problems are kept for the first this many rejected rows; the batch's rows_rejected says how
# many there were in all.
MAX_LISTED_ROWS = 1_000
RECORD_KEYS = frozenset(schema.COLUMN_NAMES) | {"linked_people"}
# The longest failure reason stored on an import (and so shown or sent back): reasons are
# written here, but one may name columns of the file, which must not make it unbounded.
MAX_ERROR_CHARS = 1_000
MAX_REASON_CHARS: int = ImportProblem._meta.get_field("reason").max_length  # type: ignore[assignment]
MAX_COLUMN_CHARS: int = ImportProblem._meta.get_field("column").max_length  # type: ignore[assignment]
CRASHED = (
    "The import stopped because of an unexpected error, so nothing from it was kept. Try "
    "again; if it happens again, ask your system administrator to look at import {pk} in the "
    "server's log."
)


@dataclass(frozen=True)
class RowProblem:
    """Why one row was not imported. ``line`` is the file line (the header is line 1) or, for
    the API, the record's position in the request (the first record is 1)."""

    line: int
    column: str
    reason: str


@dataclass
class ImportResult:
    batch: ImportBatch
    problems: list[RowProblem] = field(default_factory=list)
    person_ids: set[int] = field(default_factory=set)  # agency persons created or changed
    child_ids: set[int] = field(default_factory=set)  # resolved children whose events changed
    # Seconds spent in each step (reading and checking, persons, events, commit...).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def rows_not_listed(self) -> int:
        """Rejected rows whose problems are not in ``problems`` (beyond the limit kept)."""
        return rows_not_listed(self.batch, len({problem.line for problem in self.problems}))


Progress = Callable[[int], None]  # called with the number of rows just processed


def rows_not_listed(batch: ImportBatch, listed_rows: int) -> int:
    """How many rejected rows of ``batch`` have no problems listed (beyond the limit kept)."""
    return max(batch.rows_rejected - listed_rows, 0)


class _Refused(Exception):
    """Raised inside the import's transaction to refuse it as a whole."""


def _batch_start(
    *,
    agency: Agency,
    channel: str,
    filename: str,
    uploaded_by: StaffUser | None,
    system: AgencySystem | None,
) -> ImportBatch:
    return ImportBatch.objects.create(
        agency=agency,
        channel=channel,
        filename=shown_name(Path(filename).name, 255) if filename else "",
        uploaded_by=uploaded_by,
        system=system,
    )


def _batch_failed(result: ImportResult, error: str) -> ImportResult:
    batch = result.batch
    batch.status = ImportStatus.FAILED
    batch.error = bounded(error, MAX_ERROR_CHARS)
    batch.finished_at = timezone.now()
    batch.rows_created = batch.rows_updated = batch.rows_unchanged = 0
    batch.save()
    result.person_ids = set()
    result.child_ids = set()
    return result


def import_file(
    *,
    agency: Agency,
    file: IO[bytes] | Path,
    filename: str,
    channel: str,
    uploaded_by: StaffUser | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a CSV or XLSX file of events (the format is chosen by ``filename``)."""
    batch = _batch_start(
        agency=agency, channel=channel, filename=filename, uploaded_by=uploaded_by, system=None
    )
    result = ImportResult(batch=batch)
    limits = import_limits()
    with ExitStack() as stack:
        stream: IO[bytes] = stack.enter_context(file.open("rb")) if isinstance(file, Path) else file
        try:
            kind = file_format(filename)
            if kind == "csv":
                reader = HashingReader(stream)
                table = read_csv(reader, limits)
                digest: Callable[[], str] = reader.hexdigest
            else:
                hashing = HashingReader(stream)
                while hashing.read(1 << 20):
                    pass
                stream.seek(0)
                table = read_xlsx(stream, limits)
                digest = hashing.hexdigest
            stack.callback(table.close)
            positions = header_positions(table.header)
        except (FileRefused, HeaderProblem) as refusal:
            return _batch_failed(result, str(refusal))
        except Exception as error:
            return _crashed(result, error)
        rows = _file_rows(table.rows, positions, width=len(table.header), pad_short=kind == "xlsx")
        _run(result, rows, unit="line", progress=progress, digest=digest)
    return result


def import_records(
    *,
    agency: Agency,
    records: Iterable[tuple[int, Mapping[str, Any]]],
    channel: str,
    system: AgencySystem | None = None,
    uploaded_by: StaffUser | None = None,
    filename: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Import already-parsed records, each with its line (or position) number."""
    batch = _batch_start(
        agency=agency,
        channel=channel,
        filename=filename,
        uploaded_by=uploaded_by,
        system=system,
    )
    result = ImportResult(batch=batch)
    _run(result, _record_rows(records), unit="record", progress=progress)
    return result


# A row ready to check: its line, values in schema order (or None if it cannot be checked at
# all), any linked people given as a list (the API's form), and the problems already found
# while reading it, as (position in schema order, reason); -1 for the whole row.
Row = tuple[int, list[Any] | None, list[Mapping[str, Any]], list[tuple[int, str]]]
FINE: list[tuple[int, str]] = []


def _file_rows(
    rows: Iterator[tuple[int, list[Any] | BadRow]],
    positions: list[int],
    *,
    width: int,
    pad_short: bool,
) -> Iterator[Row | None]:
    """Rows of a file in schema order; blank rows give None (skipped and not counted).

    Spreadsheet rows stop at their last filled cell, so ``pad_short`` fills them out; a short
    CSV row is a broken one (often a line break typed into a field without quotes)."""
    in_order = positions == list(range(len(positions))) and width == len(positions)
    for line, values in rows:
        if isinstance(values, BadRow):
            yield line, None, [], [(-1, values.reason)]
            continue
        if len(values) != width:
            if len(values) > width and not any(values[width:]):
                values = values[:width]
            elif len(values) < width and pad_short:
                values = values + [""] * (width - len(values))
            elif not any(values):
                yield None
                continue
            else:
                reason = f"has {len(values)} values but the header has {width} columns"
                yield line, None, [], [(-1, reason)]
                continue
        if not any(values):
            yield None
            continue
        if not in_order:  # the template's order needs nothing rearranged
            values = [values[p] if p >= 0 else "" for p in positions]
        reported = FINE
        if any(type(value) is BadCell for value in values):
            reported = [(i, v.reason) for i, v in enumerate(values) if type(v) is BadCell]
        yield line, values, [], reported


def _record_rows(records: Iterable[tuple[int, Mapping[str, Any]]]) -> Iterator[Row | None]:
    for position, record in records:
        unknown = sorted(set(record) - RECORD_KEYS)
        if unknown:
            raise _Refused(
                f"Record {position} has fields that are not part of the format: "
                f"{shown_names(unknown)}."
            )
        linked = record.get("linked_people") or []
        if not isinstance(linked, list) or not all(isinstance(p, Mapping) for p in linked):
            yield position, None, [], [(LINKED_PEOPLE, "must be a list of people")]
            continue
        # The API's schema gives each field a maximum length as sent, spaces and all.
        reported = [
            (i, f"is longer than {limit} characters")
            for i, (name, limit) in enumerate(zip(schema.COLUMN_NAMES, MAX_LENGTHS, strict=True))
            if type(value := record.get(name)) is str and len(value) > limit
        ]
        yield position, record_values(record), linked, reported or FINE


LINKED_PEOPLE = len(schema.COLUMN_NAMES)  # a position past the columns: the API's list


def _checker(*, unit: str) -> RowChecker:
    """A checker with the reference data as it is now."""
    event_types: dict[str, tuple[int, int]] = {}
    inactive: set[str] = set()
    for pk, code, category_id, is_active in EventType.objects.values_list(
        "pk", "code", "category_id", "is_active"
    ):
        if is_active:
            event_types[code] = (pk, category_id)
        else:
            inactive.add(code)
    return RowChecker(
        event_types=event_types,
        inactive_types=frozenset(inactive),
        categories=dict(InformationCategory.objects.values_list("code", "pk")),
        today=timezone.localdate(),
        invalid_text=INVALID_BYTES if unit == "line" else LONE_SURROGATE,
    )


def _run(
    result: ImportResult,
    rows: Iterator[Row | None],
    *,
    unit: str,
    progress: Progress | None,
    digest: Callable[[], str] | None = None,
) -> None:
    """Check, stage and write every row in one transaction, then record how it went."""
    batch = result.batch
    checker = _checker(unit=unit)
    listed: list[RowProblem] = []
    listed_rows = read = rejected = 0
    now = timezone.now()
    clock = _Clock(result.timings)
    try:
        with transaction.atomic(), connection.cursor() as cursor, ExitStack() as tuning:
            stage: bulk.Stage
            if connection.vendor == "postgresql":
                from seemehearme.feeds import postgresql

                postgresql.begin_import(cursor, agency_id=batch.agency_id)
                stage = postgresql.CopyStage(cursor)
            else:
                tuning.enter_context(bulk.sqlite_cache(cursor))
                stage = bulk.InsertStage(cursor)
            bulk.create_staging(cursor)
            chunk: list[tuple[Any, ...]] = []
            since = 0
            for row in rows:
                since += 1
                if since == CHUNK_ROWS:
                    if progress is not None:
                        progress(since)
                    since = 0
                if row is None:
                    continue
                read += 1
                line, values, linked, reported = row
                problems: list[tuple[str, str]]
                if values is None:
                    staged, problems = None, [(_column_name(i), r) for i, r in reported]
                else:
                    staged, found = checker.check(line, values, linked, reported)
                    problems = [(p.column, p.reason) for p in found]
                if staged is not None:
                    chunk.append(staged)
                    if len(chunk) == CHUNK_ROWS:
                        stage.add(chunk)
                        chunk = []
                if problems:
                    rejected += 1
                    if listed_rows < MAX_LISTED_ROWS:
                        listed_rows += 1
                        listed.extend(RowProblem(line, c, r) for c, r in problems)
            if chunk:
                stage.add(chunk)
            stage.loaded()
            clock.lap("read, check and stage")
            repeats = bulk.set_aside_repeats(cursor, keep=MAX_LISTED_ROWS)
            clock.lap("find repeats")
            person_ids = bulk.upsert_persons(cursor, agency_id=batch.agency_id, now=now)
            clock.lap("write persons")
            bulk.upsert_events(cursor, agency_id=batch.agency_id, batch_id=batch.pk, now=now)
            clock.lap("write events")
            counts = bulk.count_events(cursor, batch_id=batch.pk, now=now)
            bulk.drop_staging(cursor)
            result.problems = _listed(listed, repeats, unit=unit)
            ImportProblem.objects.bulk_create(
                [
                    ImportProblem(
                        batch=batch,
                        line=p.line,
                        column=bounded(p.column, MAX_COLUMN_CHARS),
                        reason=bounded(p.reason, MAX_REASON_CHARS),
                    )
                    for p in result.problems
                ],
                batch_size=1_000,
            )
            if progress is not None and since:
                progress(since)
            clock.lap("count and list problems")
        clock.lap("commit")
    except (_Refused, FileRefused) as refusal:
        # Refused as a whole, part way through (a workbook found damaged or too big as it is
        # read): nothing from it is kept.
        result.problems = []
        _batch_failed(result, str(refusal))
        return
    except BaseException as error:
        _crashed(result, error)
        if not isinstance(error, Exception):
            raise
        return
    rejected += repeats.count
    batch.status = ImportStatus.COMPLETED
    batch.finished_at = timezone.now()
    batch.rows_read = read
    batch.rows_rejected = rejected
    batch.rows_created = counts.created
    batch.rows_updated = counts.updated
    batch.rows_unchanged = read - rejected - counts.created - counts.updated
    if digest is not None:
        batch.sha256 = digest()
    batch.save()
    result.person_ids = person_ids
    result.child_ids = counts.child_ids


def _crashed(result: ImportResult, error: BaseException) -> ImportResult:
    """Record an import that failed for a reason nobody foresaw: nothing of it is kept."""
    # The traceback without the exception's message, which may quote a value.
    logger.error(
        "Import %s failed with %s:\n%s",
        result.batch.pk,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    result.problems = []
    return _batch_failed(result, CRASHED.format(pk=result.batch.pk))


def _column_name(position: int) -> str:
    if position < 0:
        return ""
    if position == LINKED_PEOPLE:
        return "linked_people"
    return schema.COLUMN_NAMES[position]


class _Clock:
    """Records the seconds since the last lap under each lap's name."""

    def __init__(self, laps: dict[str, float]) -> None:
        self.laps = laps
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


def _listed(listed: list[RowProblem], repeats: bulk.Repeats, *, unit: str) -> list[RowProblem]:
    """The problems of the first ``MAX_LISTED_ROWS`` rejected rows, in line order."""
    if not repeats.count:
        return listed
    merged = sorted(
        [
            *listed,
            *(
                RowProblem(line, "record_id", f"repeats record_id from {unit} {first}")
                for line, first in repeats.first
            ),
        ],
        key=lambda problem: problem.line,
    )
    lines = sorted({problem.line for problem in merged})
    last = lines[min(len(lines), MAX_LISTED_ROWS) - 1]
    return [problem for problem in merged if problem.line <= last]
