"""Reads of the access log, for the data protection lead. Writes go through ``services.py``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate

from seemehearme.audit.models import AccessLogEntry
from seemehearme.people.models import Child

# The basis recorded when a data protection lead reads the log or reviews break-glass access.
DATA_PROTECTION_REVIEW = "data_protection_review"

if TYPE_CHECKING:
    from seemehearme.areas.models import Area, StaffUser


def access_log_search(
    *,
    area: Area,
    username: str = "",
    child_id: int | None = None,
    action: str = "",
    allowed: bool | None = None,
    break_glass_only: bool = False,
    include_reviews: bool = True,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Entries about the partnership's children or by its staff, newest first.

    Dates are whole days in local time, and both ends are included. ``include_reviews=False``
    leaves out the entries written when a data protection lead read the log or the break-glass
    queue; otherwise each look at the log would push the entries it showed off the first page.
    """
    entries = AccessLogEntry.objects.filter(
        Q(child__area=area) | Q(user__agency__area=area)
    ).select_related("child")
    if username:
        entries = entries.filter(username__icontains=username)
    if child_id is not None:
        entries = entries.filter(child_id=child_id)
    if action:
        entries = entries.filter(action=action)
    if allowed is not None:
        entries = entries.filter(allowed=allowed)
    if break_glass_only:
        entries = entries.filter(break_glass=True)
    if not include_reviews:
        entries = entries.exclude(basis=DATA_PROTECTION_REVIEW)
    if date_from is not None:
        entries = entries.filter(occurred_at__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(occurred_at__date__lte=date_to)
    return entries.order_by("-occurred_at", "-id")


NAME_MATCH_LIMIT = 50


def children_named(*, area: Area, name: str) -> QuerySet[Child]:
    """The partnership's children whose given, family or known-as names contain every word of
    ``name``, ignoring case (merged records included: the log may hold entries about them)."""
    children = Child.objects.filter(area=area)
    for word in name.split():
        children = children.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(known_as__icontains=word)
        )
    return children.order_by("family_name", "given_name", "date_of_birth", "pk")[:NAME_MATCH_LIMIT]


def access_log_break_glass_views(
    *, user: StaffUser, child: Child, start: dt.datetime, end: dt.datetime
) -> int:
    """How many access-log entries ``user`` made about ``child`` under break-glass access
    between ``start`` and ``end`` (views of the record and of each item, shown or withheld):
    part of what the data protection lead weighs in a review."""
    return AccessLogEntry.objects.filter(
        user=user,
        child=child,
        break_glass=True,
        occurred_at__gte=start,
        occurred_at__lte=end,
    ).count()


def access_log_for_child(*, child: Child) -> QuerySet[AccessLogEntry]:
    """Every entry about ``child``, oldest first (for a subject access request's copy)."""
    return AccessLogEntry.objects.filter(child=child).order_by("occurred_at", "pk")


def access_log_shared_with_agencies(*, child: Child) -> list[dict[str, Any]]:
    """What other agencies were shown about ``child`` under agreements: counts by the viewer's
    agency (``agency_name``) and the agreement (``basis``), as ``n``."""
    return list(
        AccessLogEntry.objects.filter(child=child, allowed=True, basis__startswith="agreement:")
        .values("agency_name", "basis")
        .annotate(n=Count("id"))
        .order_by("agency_name", "basis")
    )


def access_log_days(*, area: Area) -> list[dict[str, Any]]:
    """Entries about the partnership's children or by its staff counted by the day they were
    written (``day``, ``n``): for the retention dry run."""
    return list(
        AccessLogEntry.objects.filter(Q(child__area=area) | Q(user__agency__area=area))
        .annotate(day=TruncDate("occurred_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
