"""Reads for the import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from seemehearme.areas.models import Agency
from seemehearme.feeds.models import EventType, ImportBatch, ImportProblem


def imports_for_agency(*, agency: Agency) -> QuerySet[ImportBatch]:
    """The agency's imports, newest first."""
    return (
        ImportBatch.objects.filter(agency=agency)
        .select_related("uploaded_by", "system")
        .order_by("-started_at", "-pk")
    )


def import_problems(*, batch: ImportBatch) -> QuerySet[ImportProblem]:
    return batch.problems.order_by("line", "pk")


def listed_rows(*, batch: ImportBatch) -> int:
    """How many rejected rows have their problems listed (the rest are only counted)."""
    return batch.problems.values("line").distinct().count()


def event_types_in_use() -> QuerySet[EventType]:
    return EventType.objects.filter(is_active=True).select_related("category").order_by("code")
