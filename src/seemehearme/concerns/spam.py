"""Keeping the public form usable by people and unattractive to robots, with no third-party
script: a per-address rate limit, a honeypot field and a signed start time.

The client's address is only ever used as a keyed hash in the cache, which forgets it when the
window ends; it is never stored with a concern or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

TOKEN_SALT = "seemehearme.concerns.started"
PERIODS = {"min": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """'5/hour' -> Rate(5, 3600); also 'min' and 'day'."""
    count, _, period = rate.partition("/")
    return Rate(int(count), PERIODS[period.strip()])


def client_address(request: HttpRequest) -> str:
    """The address the request came from: ``REMOTE_ADDR``, or the header a trusted proxy sets
    (``SMH_CLIENT_ADDRESS_HEADER``, for example ``HTTP_X_REAL_IP``) when one is configured."""
    header = getattr(settings, "SMH_CLIENT_ADDRESS_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value or request.META.get("REMOTE_ADDR", "")).split(",")[0].strip()


def _address_key(request: HttpRequest, *, bucket: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"report-a-concern:{client_address(request)}".encode(),
        hashlib.sha256,
    ).hexdigest()[:32]
    return f"concerns:rate:{digest}:{bucket}"


def rate_limited(request: HttpRequest, *, count: bool) -> bool:
    """Has this address sent more reports than ``SMH_REPORT_RATE_LIMIT`` allows in the
    current window? With ``count``, this request is counted first (every POST is, whatever
    becomes of it). A fixed window in the shared cache (Redis in production)."""
    rate = parse_rate(settings.SMH_REPORT_RATE_LIMIT)
    bucket = int(time.time()) // rate.seconds
    key = _address_key(request, bucket=bucket)
    if count:
        cache.add(key, 0, timeout=rate.seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.seconds)
            used = 1
    else:
        used = cache.get(key, 0)
    return used > rate.count


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
