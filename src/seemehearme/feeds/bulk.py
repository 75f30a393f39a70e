"""Writing an import in bulk: checked rows go into a temporary staging table, then a few
set-based statements upsert persons and events from it.

The SQL here runs on SQLite (3.35 or later) and PostgreSQL alike. The only PostgreSQL-only code
is in ``feeds.postgresql``: loading the staging table with COPY, and a lock per agency. See
docs/adr/0007-importing-agency-feeds.md for why the import works this way.

Everything runs on the caller's connection inside the caller's transaction, so a failure part
way leaves nothing behind (the staging tables go with the transaction). Table and column names
in the SQL come from this module and the models, never from a file; values are parameters
(hence the ``noqa: S608``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection
from django.db.backends.utils import CursorWrapper

from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.models import AgencyPerson

STAGING = "feeds_import_staging"
REPEATS = "feeds_import_repeats"

# The staged row, in the order ``validation.RowChecker.check`` builds it (dates as YYYY-MM-DD).
STAGING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # name, PostgreSQL type, SQLite type
    ("line", "integer NOT NULL", "INTEGER NOT NULL"),
    ("is_valid", "boolean NOT NULL", "INTEGER NOT NULL"),
    ("record_id", "text", "TEXT"),
    ("event_type_id", "bigint", "INTEGER"),
    ("category_id", "bigint", "INTEGER"),
    ("occurred_on", "date", "TEXT"),
    ("person_id", "text", "TEXT"),
    ("given_name", "text", "TEXT"),
    ("family_name", "text", "TEXT"),
    ("date_of_birth", "date", "TEXT"),
    ("gender", "text", "TEXT"),
    ("ethnicity", "text", "TEXT"),
    ("address", "text", "TEXT"),
    ("postcode", "text", "TEXT"),
    ("school", "text", "TEXT"),
    ("nhs_number", "text", "TEXT"),
    ("upn", "text", "TEXT"),
    ("location", "text", "TEXT"),
    ("location_postcode", "text", "TEXT"),
    ("detail", "text", "TEXT"),
    ("age_at_event", "integer", "INTEGER"),
    ("linked_people", "jsonb", "TEXT"),
    ("oldest_linked_age", "integer", "INTEGER"),
    ("row_hash", "text", "TEXT"),
)
COLUMN_NAMES = tuple(name for name, _, _ in STAGING_COLUMNS)

PERSON_DETAILS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address",
    "postcode",
    "school",
    "nhs_number",
    "upn",
)
NULLABLE_DETAILS = frozenset({"date_of_birth"})
EVENT_CONTENT = (
    # event column, staging expression
    ("event_type_id", "s.event_type_id"),
    ("category_id", "s.category_id"),
    ("occurred_on", "s.occurred_on"),
    ("location", "s.location"),
    ("postcode", "s.location_postcode"),
    ("detail", "s.detail"),
    ("person_id", "p.id"),
    ("child_id", "p.child_id"),
    ("age_at_event", "s.age_at_event"),
    ("linked_people", "s.linked_people"),
    ("oldest_linked_age", "s.oldest_linked_age"),
    ("row_hash", "s.row_hash"),
)


class Stage(Protocol):
    """Somewhere to put checked rows until the end of the import."""

    def add(self, rows: Sequence[tuple[Any, ...]]) -> None: ...

    def loaded(self) -> None:
        """Called once every row is in."""


def create_staging(cursor: CursorWrapper) -> None:
    vendor = connection.vendor
    column = 1 if vendor == "postgresql" else 2
    columns = ", ".join(f"{spec[0]} {spec[column]}" for spec in STAGING_COLUMNS)
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(f"DROP TABLE IF EXISTS {REPEATS}")
    if vendor == "postgresql":
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}) ON COMMIT DROP")
    else:
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns})")


def drop_staging(cursor: CursorWrapper) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(f"DROP TABLE IF EXISTS {REPEATS}")


SQLITE_CACHE_KIB = 65_536


@contextmanager
def sqlite_cache(cursor: CursorWrapper) -> Iterator[None]:
    """A 64 MB page cache for the import (SQLite's default is 2 MB), and 16 MB for the
    temporary database that holds the staging table. New events land all over the events
    table's indexes; with the default cache most of the time goes on re-reading their pages.
    Put back afterwards."""
    cursor.execute("PRAGMA main.cache_size")
    main = cursor.fetchone()[0]
    cursor.execute("PRAGMA temp.cache_size")
    temp = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA main.cache_size = -{SQLITE_CACHE_KIB}")
    cursor.execute(f"PRAGMA temp.cache_size = -{SQLITE_CACHE_KIB // 4}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA main.cache_size = {int(main)}")
        cursor.execute(f"PRAGMA temp.cache_size = {int(temp)}")


class InsertStage:
    """The portable stage: plain multi-row inserts through the DB-API (fast on SQLite, which
    runs in this process)."""

    def __init__(self, cursor: CursorWrapper) -> None:
        self.cursor = cursor
        placeholders = ", ".join(["%s"] * len(COLUMN_NAMES))
        columns = ", ".join(COLUMN_NAMES)
        self.sql = f"INSERT INTO {STAGING} ({columns}) VALUES ({placeholders})"  # noqa: S608

    def add(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.cursor.executemany(self.sql, rows)

    def loaded(self) -> None:
        """Nothing to do: SQLite plans from the indexes it has."""


@dataclass
class Repeats:
    """Rows whose record_id appeared earlier in the same import."""

    count: int = 0
    first: list[tuple[int, int]] = field(default_factory=list)  # (line, first line), in order


def set_aside_repeats(cursor: CursorWrapper, *, keep: int) -> Repeats:
    """Find good rows repeating an earlier row's record_id (good or bad), take them out of the
    import, and return how many there were with the first ``keep`` of them."""
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {REPEATS} AS
        SELECT s.line AS line, f.first_line AS first_line
        FROM {STAGING} s
        JOIN (
            SELECT record_id, MIN(line) AS first_line FROM {STAGING}
            GROUP BY record_id HAVING COUNT(*) > 1
        ) f ON f.record_id = s.record_id
        WHERE s.is_valid AND s.line > f.first_line
        """  # noqa: S608
    )
    cursor.execute(f"SELECT COUNT(*) FROM {REPEATS}")  # noqa: S608
    count = cursor.fetchone()[0]
    if not count:
        return Repeats()
    cursor.execute(
        f"SELECT line, first_line FROM {REPEATS} ORDER BY line LIMIT %s",  # noqa: S608
        [keep],
    )
    first = [(int(line), int(first_line)) for line, first_line in cursor.fetchall()]
    cursor.execute(
        f"UPDATE {STAGING} SET is_valid = FALSE WHERE line IN (SELECT line FROM {REPEATS})"  # noqa: S608
    )
    return Repeats(count=count, first=first)


def upsert_persons(cursor: CursorWrapper, *, agency_id: int, now: dt.datetime) -> set[int]:
    """Create or update the agency's persons from the last good row about each one. Returns
    the ids of persons created or whose details changed."""
    table = AgencyPerson._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    details = ", ".join(PERSON_DETAILS)
    picked = ", ".join(f"s.{name}" for name in PERSON_DETAILS)
    changes = ", ".join(f"{name} = excluded.{name}" for name in PERSON_DETAILS)
    # Null-safe "differs": SQLite's IS NOT (any version) and PostgreSQL's IS DISTINCT FROM.
    null_safe = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    differs = " OR ".join(
        f"{table}.{name} {null_safe} excluded.{name}"
        if name in NULLABLE_DETAILS
        else f"{table}.{name} <> excluded.{name}"
        for name in PERSON_DETAILS
    )
    cursor.execute(
        f"""
        INSERT INTO {table}
            (agency_id, source_person_id, {details}, first_seen_at, updated_at)
        SELECT %s, s.person_id, {picked}, %s, %s
        FROM {STAGING} s
        WHERE s.line IN (
            SELECT MAX(line) FROM {STAGING} WHERE is_valid GROUP BY person_id
        )
        ON CONFLICT (agency_id, source_person_id) DO UPDATE
        SET {changes}, updated_at = excluded.updated_at
        WHERE {differs}
        RETURNING id
        """,  # noqa: S608
        [agency_id, stamp, stamp],
    )
    return {row[0] for row in cursor.fetchall()}


def upsert_events(
    cursor: CursorWrapper, *, agency_id: int, batch_id: int, now: dt.datetime
) -> None:
    """Create the new events and rewrite the changed ones; unchanged rows (same row hash) are
    left alone. Each written event gets its person's resolved child and this batch."""
    table = AgencyEvent._meta.db_table
    persons = AgencyPerson._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = ", ".join(name for name, _ in EVENT_CONTENT)
    values = ", ".join(expression for _, expression in EVENT_CONTENT)
    changes = ", ".join(f"{name} = excluded.{name}" for name, _ in EVENT_CONTENT)
    cursor.execute(
        f"""
        INSERT INTO {table}
            (agency_id, source_id, {columns}, batch_id, created_at, updated_at)
        SELECT %s, s.record_id, {values}, %s, %s, %s
        FROM {STAGING} s
        JOIN {persons} p ON p.agency_id = %s AND p.source_person_id = s.person_id
        WHERE s.is_valid
        ON CONFLICT (agency_id, source_id) DO UPDATE
        SET {changes}, batch_id = excluded.batch_id, updated_at = excluded.updated_at
        WHERE {table}.row_hash <> excluded.row_hash
        """,  # noqa: S608
        [agency_id, batch_id, stamp, stamp, agency_id],
    )


@dataclass
class EventCounts:
    created: int = 0
    updated: int = 0
    child_ids: set[int] = field(default_factory=set)


def count_events(cursor: CursorWrapper, *, batch_id: int, now: dt.datetime) -> EventCounts:
    """What ``upsert_events`` wrote: every event it touched now names this batch, and the new
    ones were created at ``now``."""
    table = AgencyEvent._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    cursor.execute(
        f"""
        SELECT child_id, SUM(CASE WHEN created_at = %s THEN 1 ELSE 0 END), COUNT(*)
        FROM {table} WHERE batch_id = %s GROUP BY child_id
        """,  # noqa: S608
        [stamp, batch_id],
    )
    counts = EventCounts()
    for child_id, created, total in cursor.fetchall():
        counts.created += int(created)
        counts.updated += int(total) - int(created)
        if child_id is not None:
            counts.child_ids.add(child_id)
    return counts
