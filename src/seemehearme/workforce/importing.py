"""Importing training records from a CSV file (a training provider's attendance list).

One row a record, with the header ``username,course,completed_on,provider``: the member of
staff's username, the course's code (see the back office), the date completed (``2026-03-27``
or ``27/03/2026``) and who provided it. Every row is checked and every problem is reported with
its line (the header is line 1), without repeating the value. All or nothing: if any row has a
problem, nothing is saved. A row already recorded (the same person, course and date) is
counted and skipped, so importing the same file twice adds nothing the second time. The file is
read by ``feeds.parsing.read_csv`` (UTF-8 or Windows-1252, within its limits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from seemehearme.areas.models import StaffUser
from seemehearme.feeds.parsing import BadCell, BadRow, FileRefused, read_csv
from seemehearme.sharing.policy import require
from seemehearme.workforce.access import can_record_any
from seemehearme.workforce.models import TrainingCourse, TrainingRecord
from seemehearme.workforce.selectors import recordable_staff
from seemehearme.workforce.services import expiry_for

COLUMNS = ("username", "course", "completed_on", "provider")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class ImportOutcome:
    """What an import did: records added, rows already recorded, and problems (if any, nothing
    was saved)."""

    added: int = 0
    already: int = 0
    problems: list[Problem] = field(default_factory=list)


def _date(value: str) -> dt.date | None:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _check_row(
    line: int,
    values: list[Any],
    *,
    staff: dict[str, StaffUser],
    courses: dict[str, TrainingCourse],
    today: dt.date,
) -> tuple[TrainingRecord | None, list[Problem]]:
    if len(values) < len(COLUMNS):
        return None, [Problem(line, f"has fewer than {len(COLUMNS)} values")]
    bad = [COLUMNS[i] for i, v in enumerate(values[: len(COLUMNS)]) if isinstance(v, BadCell)]
    if bad:
        return None, [Problem(line, f"{name} could not be read") for name in bad]
    username, code, completed, provider = (str(v).strip() for v in values[: len(COLUMNS)])
    problems = []
    person = staff.get(username.casefold())
    if person is None:
        problems.append(
            Problem(line, "username: no member of staff you record training for has it")
        )
    course = courses.get(code)
    if course is None:
        problems.append(Problem(line, "course: not the code of a course offered now"))
    completed_on = _date(completed)
    if completed_on is None:
        problems.append(Problem(line, "completed_on: not a date like 2026-03-27 or 27/03/2026"))
    elif completed_on > today:
        problems.append(Problem(line, "completed_on: in the future"))
    if not provider:
        problems.append(Problem(line, "provider: empty"))
    elif len(provider) > 200:
        problems.append(Problem(line, "provider: longer than 200 characters"))
    if problems or person is None or course is None or completed_on is None:
        return None, problems
    record = TrainingRecord(
        staff=person,
        course=course,
        completed_on=completed_on,
        provider=provider,
        expires_on=expiry_for(course, completed_on),
    )
    return record, []


@transaction.atomic
def training_import(*, by: StaffUser, stream: IO[bytes]) -> ImportOutcome:
    """Import training records from a CSV file, all or nothing (see the module's notes).
    Raises ``FileRefused`` for a file that cannot be read at all or lacks a column."""
    require(can_record_any(by))
    table = read_csv(stream)
    header = [name.strip().casefold() for name in table.header]
    if header[: len(COLUMNS)] != list(COLUMNS):
        raise FileRefused(
            "The first line must name the columns " + ", ".join(COLUMNS) + ", in that order."
        )
    staff = {person.username.casefold(): person for person in recordable_staff(by)}
    courses = {course.code: course for course in TrainingCourse.objects.filter(is_active=True)}
    today = timezone.localdate()
    outcome = ImportOutcome()
    records: dict[tuple[int, int, dt.date], TrainingRecord] = {}
    try:
        for line, values in table.rows:
            if isinstance(values, BadRow):
                outcome.problems.append(Problem(line, values.reason))
                continue
            record, problems = _check_row(line, values, staff=staff, courses=courses, today=today)
            outcome.problems.extend(problems)
            if record is not None:
                key = (record.staff_id, record.course_id, record.completed_on)
                if key in records:
                    outcome.already += 1
                else:
                    records[key] = record
    finally:
        table.close()
    if outcome.problems:
        return outcome
    existing = set(
        TrainingRecord.objects.filter(staff_id__in={key[0] for key in records}).values_list(
            "staff_id", "course_id", "completed_on"
        )
    )
    new = [record for key, record in records.items() if key not in existing]
    outcome.already += len(records) - len(new)
    for record in new:
        record.recorded_by = by
    bulk_create_with_history(new, TrainingRecord, default_user=by)
    outcome.added = len(new)
    return outcome
