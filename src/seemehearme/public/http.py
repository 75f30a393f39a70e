"""What every public page's response carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from seemehearme.accounts.middleware import public


def _public(view: Callable[..., HttpResponse], referrer_policy: str) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = referrer_policy
        return response

    return public(wrapped)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open without signing in; never cached by the browser or anything on the way (so a
    shared computer's back button asks the server again), and no referrer sent onwards (the
    quick-exit site and CEOP are not told where the visitor came from)."""
    return _public(view, "no-referrer")


def public_form_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page with a form: as ``public_page``, but the referrer goes to this site only
    ("same-origin"). With "no-referrer" browsers send the form's POST with ``Origin: null``,
    which Django's CSRF protection rightly refuses; "same-origin" still tells no other site
    (the quick exit's destination, a help line's site) where the visitor came from."""
    return _public(view, "same-origin")
