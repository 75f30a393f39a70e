"""Responses to a signed-in user are never kept by the browser or any cache on the way."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreWhenSignedInMiddleware:
    """Send ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for old proxies) with every
    response to a signed-in user or to a request carrying credentials (an API token), so that a
    shared computer's browser does not keep a child's record after sign-out: the back button
    and the history ask the server again, which asks for sign-in. Static files are served
    before this runs (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # An agency system's API call carries its token instead of a session.
        if signed_in or "Authorization" in request.headers:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            response["Pragma"] = "no-cache"
        return response
