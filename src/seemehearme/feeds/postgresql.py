"""The PostgreSQL-only part of importing: COPY checked rows into the staging table, and one
import at a time per agency. Everything else in ``feeds.bulk`` is portable SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.utils import CursorWrapper

from seemehearme.feeds.bulk import COLUMN_NAMES, STAGING

# First key of the advisory lock taken by imports (the second is the agency's id).
IMPORT_LOCK_NAMESPACE = 4_0007


def begin_import(cursor: CursorWrapper, *, agency_id: int) -> None:
    """Wait for any other import for this agency to finish (the lock is released at commit or
    rollback): two at once would race for the same persons and events. Give the import's
    sorts and joins more memory than the default 4 MB, for this transaction only."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_NAMESPACE, agency_id])
    cursor.execute("SET LOCAL work_mem = '64MB'")


class CopyStage:
    """Loads staged rows with COPY, PostgreSQL's bulk loader (several times faster than
    inserts). Each call to ``add`` is one COPY of one chunk."""

    def __init__(self, cursor: CursorWrapper) -> None:
        self.cursor = cursor
        self.sql = f"COPY {STAGING} ({', '.join(COLUMN_NAMES)}) FROM STDIN"

    def add(self, rows: Sequence[tuple[Any, ...]]) -> None:
        with self.cursor.cursor.copy(self.sql) as copy:
            for row in rows:
                copy.write_row(row)

    def loaded(self) -> None:
        """Temporary tables are never analysed automatically; without statistics the
        planner would guess their size and could choose slow joins."""
        self.cursor.execute(f"ANALYZE {STAGING}")
