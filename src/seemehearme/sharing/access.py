"""The gate every page about a child goes through: decide with the policy, log, then render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.people.models import Child
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import relationship_to_child

ChildView = Callable[..., HttpResponse]


def child_view(
    action: AccessAction,
    *,
    subject: str = "",
    purpose: str = SAFEGUARDING_PURPOSE,
    refuse: bool = True,
) -> Callable[[ChildView], ChildView]:
    """Wrap a view that takes ``child_id``: check the relationship, log the decision, and on
    refusal show a page that says why (and how to get emergency access) instead of the view.

    The wrapped view receives ``child`` and ``access`` (the policy's decision) in place of
    ``child_id``. The URL-walking test asserts every child URL is wrapped by this.
    ``refuse=False`` is only for pages that show nothing about the child (the break-glass
    request): the decision is still logged and passed on.
    """

    def decorator(view: ChildView) -> ChildView:
        @wraps(view)
        def wrapper(request: HttpRequest, child_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            child = get_object_or_404(Child.objects.select_related("area", "school"), pk=child_id)
            access = relationship_to_child(request.user, child)  # type: ignore[arg-type]
            access_log_record(
                user=request.user,  # type: ignore[arg-type]
                child=child,
                action=action,
                decision=access,
                subject=subject or action.label,
                purpose=purpose,
                request=request,
            )
            if refuse and not access.allowed:
                return render(
                    request,
                    "people/child_refused.html",
                    {"child_id": child.pk, "access": access},
                    status=403,
                )
            return view(request, *args, child=child, access=access, **kwargs)

        wrapper.child_access_checked = True  # type: ignore[attr-defined]
        return wrapper

    return decorator
