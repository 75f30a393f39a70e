"""Writes about access to children: working relationships and break-glass access."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.utils import timezone

from seemehearme.areas.models import Panel, StaffUser, Team
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.notifications import notify
from seemehearme.people.models import Child, WorkingRelationship
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, BreakGlassAccess
from seemehearme.sharing.policy import BREAK_GLASS_MAX_HOURS, Decision, can_break_glass

if TYPE_CHECKING:
    from seemehearme.cases.models import Case

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
    """Open time-limited emergency access to a child's record, flagged for review; the data
    protection leads are emailed (once this commits) that a use awaits their review."""
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
        subject=f"Break-glass access for {hours} hour{pluralize(hours)}",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    notify.break_glass_started(access)
    return access


def relationship_ensure(
    *,
    child: Child,
    kind: str,
    reason: str,
    case: Case | None = None,
    started_on: dt.date | None = None,
    **holder: StaffUser | Team | Panel,
) -> WorkingRelationship:
    """Give a holder (``user=``, ``team=`` or ``panel=``) a working relationship with a child,
    unless they already have a current one of that kind for the same case (or for no case).

    This is how access follows the work: referral, case team and panel listing all come here.
    """
    existing = (
        WorkingRelationship.objects.current()
        .filter(child=child, kind=kind, case=case, **holder)
        .first()
    )
    if existing is not None:
        return existing
    relationship = WorkingRelationship(
        child=child,
        kind=kind,
        case=case,
        started_on=started_on or timezone.localdate(),
        reason=reason,
        **holder,
    )
    relationship.full_clean()
    relationship.save()
    return relationship
