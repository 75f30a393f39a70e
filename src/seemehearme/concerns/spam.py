"""Keeping the public form usable by people and unattractive to robots, with no third-party
script: a per-address rate limit, a honeypot field and a signed start time.

The client's address is only ever used as a keyed hash in the cache, which forgets it when the
window ends; it is never stored with a concern or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from enum import Enum

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

TOKEN_SALT = "seemehearme.concerns.started"


def client_address(request: HttpRequest) -> str:
    """The address the request came from: ``REMOTE_ADDR``, or the header a trusted proxy sets
    (``SMH_CLIENT_ADDRESS_HEADER``, for example ``HTTP_X_REAL_IP``) when one is configured."""
    header = getattr(settings, "SMH_CLIENT_ADDRESS_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value or request.META.get("REMOTE_ADDR", "")).split(",")[0].strip()


def _address_key(group: str, request: HttpRequest) -> str:
    """A keyed hash of the client's address, so the cache never holds the address itself."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"report-a-concern:{client_address(request)}".encode(),
        hashlib.sha256,
    ).hexdigest()[:32]


def rate_limited(request: HttpRequest, *, count: bool) -> bool:
    """Has this address sent more reports than ``SMH_REPORT_RATE_LIMIT`` (say "5/h") allows in
    the current window? With ``count``, this request is counted first (every POST is, whatever
    becomes of it). django-ratelimit's fixed window in the shared cache (Redis in production)."""
    return is_ratelimited(
        request,
        group="report-a-concern",
        key=_address_key,
        rate=settings.SMH_REPORT_RATE_LIMIT,
        increment=count,
    )


def started_token(at: float | None = None) -> str:
    """A signed note of when the form was shown, sent back with it."""
    return signing.dumps(at if at is not None else time.time(), salt=TOKEN_SALT)


class Timing(Enum):
    OK = "ok"
    TOO_FAST = "too_fast"  # sent within seconds: a robot, or a person who pasted quickly
    STALE = "stale"  # the form was open for hours
    FORGED = "forged"  # missing or altered: no browser showing our form sends that


def timing(token: str, *, now: float | None = None) -> Timing:
    try:
        started = float(signing.loads(token, salt=TOKEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return Timing.FORGED
    elapsed = (now if now is not None else time.time()) - started
    if elapsed < settings.SMH_REPORT_MIN_SECONDS:
        return Timing.TOO_FAST
    if elapsed > settings.SMH_REPORT_MAX_HOURS * 3600:
        return Timing.STALE
    return Timing.OK
