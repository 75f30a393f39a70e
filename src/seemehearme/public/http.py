"""What every public page's response carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from seemehearme.accounts.middleware import public


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open without signing in; never cached by the browser or anything on the way (so a
    shared computer's back button asks the server again), and no referrer sent onwards (the
    quick-exit site and CEOP are not told where the visitor came from)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return public(wrapped)
