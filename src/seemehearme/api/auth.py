"""Bearer-token authentication for agency systems. Sessions and cookies give no access to the
API: a signed-in member of staff without a token is refused like anyone else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.security import HttpBearer

from seemehearme.api.tokens import agency_system_authenticate
from seemehearme.feeds.models import AgencySystem


def _bearer_token(request: HttpRequest) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class AgencySystemToken(HttpBearer):
    """``Authorization: Bearer <token>``, the token of one of an agency's systems."""

    openapi_description = (
        "The token of your agency system, made by your partnership's data protection lead. "
        "Send it with every request as `Authorization: Bearer <token>`."
    )

    def __call__(self, request: HttpRequest) -> AgencySystem | None:
        # Ninja's own parser logs a malformed header when DEBUG is on; a header can be a token.
        token = _bearer_token(request)
        return None if token is None else self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> AgencySystem | None:
        return agency_system_authenticate(token=token)


agency_system_token = AgencySystemToken()


def unauthorized(request: HttpRequest) -> HttpResponse:
    """401 with the challenge RFC 6750 asks for, saying whether a token came at all."""
    if _bearer_token(request) is None:
        detail = "Send your agency system's token as 'Authorization: Bearer <token>'."
        challenge = 'Bearer realm="agency-api"'
    else:
        detail = "The token is not valid: it is mistyped, or it has been revoked."
        challenge = 'Bearer realm="agency-api", error="invalid_token"'
    response = JsonResponse({"detail": detail}, status=401)
    response["WWW-Authenticate"] = challenge
    return response


def token_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views outside Ninja's operations (the OpenAPI document): a valid token or 401."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if agency_system_token(request) is None:
            return unauthorized(request)
        return view(request, *args, **kwargs)

    return checked
