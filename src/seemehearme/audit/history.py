"""A child's access history: who has looked at their record."""

from __future__ import annotations

from django.db.models import QuerySet

from seemehearme.audit.models import AccessLogEntry
from seemehearme.people.models import Child


def access_log_for_child(*, child: Child) -> QuerySet[AccessLogEntry]:
    """Everyone who looked at (or was refused) this child's data, newest first."""
    return AccessLogEntry.objects.filter(child=child).order_by("-occurred_at", "-id")
