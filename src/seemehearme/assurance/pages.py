"""What every assurance page asks first: may the signed-in user read the partnership's
assurance, and which partnership is it? Objects of another partnership are not found."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from seemehearme.areas.models import Area, StaffUser
from seemehearme.assurance.access import can_read_assurance, user_area
from seemehearme.sharing.policy import require

M = TypeVar("M", bound=Model)


def reader(request: HttpRequest) -> tuple[StaffUser, Area]:
    """The user and their partnership, or a refusal with the policy's reason."""
    user: StaffUser = request.user  # type: ignore[assignment]
    require(can_read_assurance(user))
    area = user_area(user)
    assert area is not None
    return user, area


def in_area(model: type[M], area: Area, area_path: str = "area", **lookup: Any) -> M:
    """One ``model`` of ``area``, else 404 (another partnership's is not said to exist)."""
    item = get_object_or_404(model, **lookup)
    owner: Any = item
    for part in area_path.split("__"):
        owner = getattr(owner, part)
    if owner is not None and owner != area:
        raise Http404("Not found in your partnership.")
    return item
