"""Reads for the API and the agency-system pages. None of them touches a child's record."""

from __future__ import annotations

from django.db.models import QuerySet

from seemehearme.areas.models import Agency, Area
from seemehearme.feeds.models import AgencySystem, EventType, ImportBatch


def agency_systems_for_area(*, area: Area) -> QuerySet[AgencySystem]:
    """Every system of the partnership's agencies, revoked ones included (they stay on record)."""
    return (
        AgencySystem.objects.filter(agency__area=area)
        .select_related("agency", "created_by")
        .order_by("agency__name", "name")
    )


def agencies_for_systems(*, area: Area) -> QuerySet[Agency]:
    """The agencies a new system may be registered for."""
    return Agency.objects.filter(area=area, is_active=True).order_by("name")


def import_batch_for_agency(*, agency: Agency, batch_id: int) -> ImportBatch | None:
    """One of the agency's own imports, whichever way it arrived; another agency's is None."""
    return (
        ImportBatch.objects.filter(agency=agency, pk=batch_id).prefetch_related("problems").first()
    )


def event_types_active() -> QuerySet[EventType]:
    return EventType.objects.filter(is_active=True).select_related("category").order_by("code")
