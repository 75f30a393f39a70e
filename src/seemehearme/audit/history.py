"""A child's access history: who has looked at their record."""

from __future__ import annotations

from django.db.models import QuerySet

from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.people.models import Child


def access_log_for_child(*, child: Child) -> QuerySet[AccessLogEntry]:
    """Everyone who looked at (or was refused) this child's record, newest first.

    Anyone working with the child may read this, so it leaves out the rows about single
    information items: they name items, categories and agencies the reader may not be allowed
    to know of (a withheld sexual health record, say). Each opening of the record is still
    here; which items it showed is in the full access log, read by the data protection lead.
    """
    return (
        AccessLogEntry.objects.filter(child=child)
        .exclude(action=AccessAction.VIEW_ITEM)
        .order_by("-occurred_at", "-id")
    )
