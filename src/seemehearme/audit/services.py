"""The one way to write the access log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.http import HttpRequest

from seemehearme.audit.models import AccessAction, AccessLogEntry

if TYPE_CHECKING:
    from seemehearme.areas.models import StaffUser
    from seemehearme.people.models import Child
    from seemehearme.sharing.policy import Decision


def _entry(
    *,
    user: StaffUser | None,
    child: Child | None,
    action: AccessAction,
    decision: Decision,
    subject: str,
    purpose: str,
    path: str,
) -> AccessLogEntry:
    agency = getattr(user, "agency", None)
    return AccessLogEntry(
        user=user if user is not None and user.pk else None,
        username=getattr(user, "username", "") or "anonymous",
        agency_name=agency.name if agency else "",
        child=child,
        action=action,
        subject=subject[:200],
        purpose=purpose,
        allowed=decision.allowed,
        basis=decision.basis[:100],
        reason=decision.reason[:300],
        break_glass=decision.break_glass is not None,
        path=path[:300],
    )


def access_log_record(
    *,
    user: StaffUser | None,
    child: Child | None,
    action: AccessAction,
    decision: Decision,
    subject: str = "",
    purpose: str = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Record one view (or refusal) of a child's data."""
    entry = _entry(
        user=user,
        child=child,
        action=action,
        decision=decision,
        subject=subject,
        purpose=purpose,
        path=request.get_full_path() if request else "",
    )
    entry.save()
    return entry


def access_log_record_many(
    *,
    user: StaffUser | None,
    shown: Iterable[tuple[Child, Decision, str]],
    action: AccessAction,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> int:
    """Record many views at once (search results, lists, exports): one row per child shown."""
    path = request.get_full_path() if request else ""
    entries = [
        _entry(
            user=user,
            child=child,
            action=action,
            decision=decision,
            subject=subject,
            purpose=purpose,
            path=path,
        )
        for child, decision, subject in shown
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
