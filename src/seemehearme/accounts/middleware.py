"""Deny by default: every page needs a signed-in member of staff who has passed two-factor
authentication, unless the view is explicitly marked public (sign-in, password reset, health)
or checks a token of its own (the JSON API for agency systems, under /api/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

V = TypeVar("V", bound=Callable[..., Any])


def public(view: V) -> V:
    """Mark a view as reachable without signing in."""
    view.smh_public = True  # type: ignore[attr-defined]
    return view


def password_verified(view: V) -> V:
    """Mark a view as reachable after the password step but before two-factor (enrolment)."""
    view.smh_password_step = True  # type: ignore[attr-defined]
    return view


def token_authenticated(view: V) -> V:
    """Mark a view of the JSON API, which refuses any request without a valid agency-system
    token (seemehearme.api.auth) and gives a session no access of its own."""
    view.smh_token_authenticated = True  # type: ignore[attr-defined]
    return view


class RequireVerifiedStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view_func, "smh_public", False):
            return None
        if request.path.startswith("/static/"):
            return None
        if request.path.startswith("/api/") and getattr(
            view_func, "smh_token_authenticated", False
        ):
            return None
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?{query}")
        if getattr(view_func, "smh_password_step", False):
            return None
        if not user.is_verified():  # type: ignore[union-attr,attr-defined]  # OTPMiddleware adds it
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        return None
