"""Writes about access to children."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.people.models import Child
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, BreakGlassAccess
from seemehearme.sharing.policy import BREAK_GLASS_MAX_HOURS, Decision, can_break_glass

MIN_REASON_LENGTH = 20


@transaction.atomic
def break_glass_start(
    *,
    user: StaffUser,
    child: Child,
    reason: str,
    hours: int,
    request: HttpRequest | None = None,
) -> BreakGlassAccess:
    """Open time-limited emergency access to a child's record, flagged for review."""
    allowed = can_break_glass(user, child)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": "Explain why you need access now in at least "
                f"{MIN_REASON_LENGTH} characters"
            }
        )
    if not 1 <= hours <= BREAK_GLASS_MAX_HOURS:
        raise ValidationError({"hours": f"Choose between 1 and {BREAK_GLASS_MAX_HOURS} hours"})
    now = timezone.now()
    access = BreakGlassAccess(
        user=user,
        child=child,
        reason=reason,
        started_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    access.full_clean()
    access.save()
    access_log_record(
        user=user,
        child=child,
        action=AccessAction.BREAK_GLASS,
        decision=Decision(True, "break_glass", reason[:300], break_glass=access),
        subject=f"Break-glass access for {hours} hours",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return access
