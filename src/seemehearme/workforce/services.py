"""Recording training and supervision. Each write checks who may record it (``access``) and
raises ValidationError with the field it is about, for the form to show."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.people.models import Child, WorkingRelationship
from seemehearme.sharing.policy import require
from seemehearme.workforce.access import can_record_for
from seemehearme.workforce.models import (
    SupervisionKind,
    SupervisionSession,
    TrainingCourse,
    TrainingRecord,
)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day if it is shorter (31 January
    plus one month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(course: TrainingCourse, completed_on: dt.date) -> dt.date | None:
    """When training completed on ``completed_on`` stops being in date (None: never)."""
    if course.valid_for_months is None:
        return None
    return months_after(completed_on, course.valid_for_months)


@transaction.atomic
def training_record(
    *,
    by: StaffUser,
    staff: StaffUser,
    course: TrainingCourse,
    completed_on: dt.date,
    provider: str,
) -> TrainingRecord:
    """Record that ``staff`` completed ``course`` on ``completed_on``; its expiry follows from
    the course's validity."""
    require(can_record_for(by, staff))
    errors: dict[str, str] = {}
    if not course.is_active:
        errors["course"] = "This course is no longer offered: choose another"
    if completed_on > timezone.localdate():
        errors["completed_on"] = "The date completed must be today or in the past"
    if not provider.strip():
        errors["provider"] = "Enter who provided the training"
    if TrainingRecord.objects.filter(
        staff=staff, course=course, completed_on=completed_on
    ).exists():
        errors["course"] = f"{staff.display_name} already has this course recorded on that day"
    if errors:
        raise ValidationError(errors)
    record = TrainingRecord(
        staff=staff,
        course=course,
        completed_on=completed_on,
        provider=provider.strip(),
        expires_on=expiry_for(course, completed_on),
        recorded_by=by,
    )
    record._history_user = by  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    return record


def names_a_child(note: str, *, supervisee: StaffUser) -> bool:
    """Whether ``note`` contains the full name (given name or known-as name, then family name)
    of a child ``supervisee`` works with now. A safety net, not a guarantee: a first name alone
    is not caught, and nothing about the child is shown or logged."""
    if not note.strip():
        return False
    relationships = WorkingRelationship.objects.current().filter(user=supervisee)
    names = Child.objects.filter(pk__in=relationships.values("child_id")).values_list(
        "given_name", "known_as", "family_name"
    )
    words = " ".join(re.findall(r"[\w'-]+", note.casefold()))
    for given, known_as, family in names:
        for first in filter(None, (given, known_as)):
            if re.search(rf"\b{re.escape(f'{first} {family}'.casefold())}\b", words):
                return True
    return False


@transaction.atomic
def supervision_record(
    *,
    by: StaffUser,
    supervisee: StaffUser,
    supervisor: StaffUser,
    held_on: dt.date,
    kind: str,
    cases_discussed: int | None = None,
    note: str = "",
) -> SupervisionSession:
    """Record a supervision session. It counts the cases discussed; the note must not name a
    child (the form says so, and supervision records are never linked to children)."""
    require(can_record_for(by, supervisee))
    errors: dict[str, str] = {}
    if supervisor.pk == supervisee.pk:
        errors["supervisor"] = "The supervisor must be someone other than the person supervised"
    elif (
        supervisor.agency is None
        or supervisee.agency is None
        or (supervisor.agency.area_id != supervisee.agency.area_id)
    ):
        errors["supervisor"] = "Choose a supervisor from this partnership"
    if held_on > timezone.localdate():
        errors["held_on"] = "The date of the supervision must be today or in the past"
    if kind not in SupervisionKind.values:
        errors["kind"] = "Choose the kind of supervision"
    if cases_discussed is not None and cases_discussed < 0:
        errors["cases_discussed"] = "The number of cases discussed must be 0 or more"
    if names_a_child(note, supervisee=supervisee):
        errors["note"] = (
            "The note names a child: supervision records must not. Count the cases instead, "
            "and keep what was said about the child on the child's record"
        )
    if errors:
        raise ValidationError(errors)
    session = SupervisionSession(
        supervisee=supervisee,
        supervisor=supervisor,
        held_on=held_on,
        kind=kind,
        cases_discussed=cases_discussed,
        note=note.strip(),
        recorded_by=by,
    )
    session._history_user = by  # type: ignore[attr-defined]
    session.full_clean()
    session.save()
    return session
