"""The gate every page about a child goes through: decide with the policy, log, then render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
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
    via: type[Model] | None = None,
) -> Callable[[ChildView], ChildView]:
    """Wrap a view about one child: check the relationship, log the decision, and on refusal
    show a page that says why (and how to get emergency access) instead of the view.

    The URL gives ``child_id``, or with ``via=Case`` (any model with a ``child``) ``case_id``.
    The wrapped view receives ``child``, ``access`` (the policy's decision) and, with ``via``,
    the object under its model name (``case=...``). The URL-walking test asserts that every URL
    naming a child, or a record about one, is wrapped by this.
    ``refuse=False`` is only for pages that show nothing about the child (the break-glass
    request): the decision is passed on, not logged, and the view logs what it refuses or
    grants, so the access log holds each refusal and each grant once (a child in another
    partnership is still logged and not found here).
    """
    kwarg = f"{via._meta.model_name}_id" if via is not None else "child_id"

    def decorator(view: ChildView) -> ChildView:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            pk = kwargs.pop(kwarg)
            extra: dict[str, Any] = {}
            if via is None:
                child = get_object_or_404(Child.objects.select_related("area", "school"), pk=pk)
            else:
                # A record names its child (a case), or reaches it through the record it
                # belongs to (a plan through its case): the model says so with child_path.
                child_path = getattr(via, "child_path", "child")
                record = get_object_or_404(
                    via._default_manager.select_related(f"{child_path}__area"), pk=pk
                )
                child = record.child  # type: ignore[attr-defined]
                extra[via._meta.model_name] = record  # type: ignore[index]
            access = relationship_to_child(request.user, child)  # type: ignore[arg-type]
            other_area = not access.allowed and access.basis == "other_area"
            if refuse or other_area:
                access_log_record(
                    user=request.user,  # type: ignore[arg-type]
                    child=child,
                    action=action,
                    decision=access,
                    subject=subject or action.label,
                    purpose=purpose,
                    request=request,
                )
            if other_area:
                # Say nothing about another partnership's children, not even that the record
                # exists: the same answer as for an id that was never used (the refusal is
                # still in the access log above).
                raise Http404
            if refuse and not access.allowed:
                return render(
                    request,
                    "people/child_refused.html",
                    {"child_id": child.pk, "access": access},
                    status=403,
                )
            return view(request, *args, child=child, access=access, **extra, **kwargs)

        wrapper.child_access_checked = True  # type: ignore[attr-defined]
        wrapper.child_url_kwarg = kwarg  # type: ignore[attr-defined]
        return wrapper

    return decorator
