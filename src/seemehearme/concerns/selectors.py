"""What the triage team sees of the public's concerns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.concerns.access import can_triage_concerns
from seemehearme.concerns.models import Concern

RECENTLY_DECIDED_DAYS = 14


@dataclass
class ConcernQueue:
    """Concerns waiting for a decision (oldest first) and those decided recently."""

    awaiting: list[Concern] = field(default_factory=list)
    recent: list[Concern] = field(default_factory=list)
    overdue_count: int = 0


def concern_queue(*, user: StaffUser, now: dt.datetime | None = None) -> ConcernQueue | None:
    """The user's partnership's concerns, or None if they may not see them."""
    if not can_triage_concerns(user) or user.agency is None:
        return None
    now = now or timezone.now()
    held = Concern.objects.filter(area=user.agency.area).select_related("decided_by")
    awaiting = list(held.filter(decided_at__isnull=True).order_by("received_at", "pk"))
    recent = list(
        held.filter(decided_at__gte=now - dt.timedelta(days=RECENTLY_DECIDED_DAYS)).order_by(
            "-decided_at", "-pk"
        )
    )
    return ConcernQueue(
        awaiting=awaiting,
        recent=recent,
        overdue_count=sum(1 for concern in awaiting if concern.triage_overdue(now)),
    )
