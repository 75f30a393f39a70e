"""What a staff page's view reads from its request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from seemehearme.areas.models import StaffUser


def staff(request: HttpRequest) -> StaffUser:
    """The signed-in member of staff. The middleware admits no one else to a staff page, so
    anything else here is refused rather than trusted."""
    user = request.user
    if not isinstance(user, StaffUser):
        raise PermissionDenied("Sign in to use this page.")
    return user


def posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None
