"""Sign-in rules: the password step, the authenticator-app step, lockout and idle timeout.

Failures are counted by django-axes, per user name. A wrong password and a wrong code from the
authenticator app both count towards the same limit (``AXES_FAILURE_LIMIT``), and only a complete
sign-in (password *and* code) clears the count. Clearing it after the password alone would let
someone who knows a password guess codes without limit by signing in again every few tries.
django-otp also slows down repeated wrong codes on each device (its throttling), so guesses stay
expensive even across several sessions.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.db import transaction
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from seemehearme.areas.models import StaffUser

# Where the page to return to after sign-in waits between the two steps.
NEXT_URL_SESSION_KEY = "smh_next"
# The unconfirmed device made for this session's set-up, so its secret is never shown twice.
ENROLMENT_SESSION_KEY = "smh_totp_enrolment"
# A cookie that only says "this browser signed in". If it comes back without a live session, the
# session ran out while idle, and the sign-in page can say so. It carries nothing about anyone.
SIGNED_IN_COOKIE = "smh_signed_in"


# --- Where to go after sign-in ----------------------------------------------------------------


def next_url_validate(*, request: HttpRequest, url: str | None) -> str | None:
    """Return ``url`` if it is a page on this site, otherwise ``None`` (no open redirects)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def next_url_remember(*, request: HttpRequest, url: str | None) -> None:
    """Keep a validated return address in the session until the two-factor step is done."""
    safe = next_url_validate(request=request, url=url)
    if safe:
        request.session[NEXT_URL_SESSION_KEY] = safe
    else:
        request.session.pop(NEXT_URL_SESSION_KEY, None)


def next_url_take(*, request: HttpRequest) -> str | None:
    """Remove and return the remembered return address, checking it again on the way out."""
    return next_url_validate(request=request, url=request.session.pop(NEXT_URL_SESSION_KEY, None))


# --- Lockout ------------------------------------------------------------------------------------


def sign_in_is_locked(*, request: HttpRequest, username: str) -> bool:
    """Whether sign-in with this user name is refused (too many failures, or blocked by axes)."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def sign_in_failure_record(*, request: HttpRequest, username: str) -> bool:
    """Count a wrong code from the authenticator app as a failed sign-in.

    Sends Django's ``user_login_failed`` signal, which django-axes records exactly as it records
    a wrong password. Returns ``True`` if this failure locked the account.
    """
    auth_signals.user_login_failed.send(
        sender=__name__, credentials={"username": username}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def lockout_minutes(*, request: HttpRequest | None = None) -> int:
    """How long a lockout lasts, in whole minutes, from ``AXES_COOLOFF_TIME``."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    return max(1, round(cool_off.total_seconds() / 60))


def idle_timeout_minutes() -> int:
    """How long a session lasts without a request, in whole minutes, from ``SESSION_COOKIE_AGE``."""
    return max(1, round(settings.SESSION_COOKIE_AGE / 60))


# --- The authenticator app (TOTP) ---------------------------------------------------------------


def totp_device_confirmed_for(*, user: StaffUser) -> TOTPDevice | None:
    """The user's confirmed authenticator-app device, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_start_enrolment(*, user: StaffUser, request: HttpRequest) -> TOTPDevice:
    """Make (or, within the same session, reuse) an unconfirmed device for the user to set up.

    A fresh secret is made for each session and any older unconfirmed devices are deleted, so a
    secret seen by someone else in another session can never be the one that gets confirmed.
    """
    device_id = request.session.get(ENROLMENT_SESSION_KEY)
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
        device.full_clean()
        device.save()
    request.session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def totp_device_for_enrolment(*, user: StaffUser, request: HttpRequest) -> TOTPDevice | None:
    """The unconfirmed device this session is setting up, if there is one."""
    device_id = request.session.get(ENROLMENT_SESSION_KEY)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()


def totp_device_confirm(*, device: TOTPDevice, token: str, request: HttpRequest) -> bool:
    """Check the first code from a newly added app; if right, confirm the device and sign in."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed or not locked.verify_token(token):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    sign_in_complete(request=request, device=locked)
    return True


class CodeRefusal(enum.Enum):
    """Why a two-factor code was refused, so the person can be told what to do next."""

    WRONG = "wrong"
    REUSED = "reused"  # right, but already used to sign in: wait for the app's next code
    THROTTLED = "throttled"  # too many wrong codes just now: wait before trying again


def totp_verify(*, user: StaffUser, token: str) -> TOTPDevice | CodeRefusal:
    """Return the user's confirmed device that accepts this code, or why none did.

    Each device refuses a code it has already accepted and slows down repeated wrong codes.
    """
    with transaction.atomic():
        devices = list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
        )
        # Asked before trying the code, since a refused code itself starts a short wait.
        throttled = bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)
        for device in devices:
            if device.verify_token(token):
                return device
    if throttled:
        return CodeRefusal.THROTTLED
    if any(_code_already_used(device=device, token=token) for device in devices):
        return CodeRefusal.REUSED
    return CodeRefusal.WRONG


def _code_already_used(*, device: TOTPDevice, token: str) -> bool:
    """Whether ``token`` is the device's code for a time step it has already accepted."""
    try:
        number = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return bool(totp.verify(number, device.tolerance)) and totp.t() <= device.last_t


def totp_secret_for_display(*, device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_code_data_uri(*, device: TOTPDevice) -> str:
    """The device's set-up address as a QR code, as an SVG ``data:`` URI for an ``<img>``."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


# --- Finishing sign-in ----------------------------------------------------------------------------


def sign_in_complete(*, request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the session as having passed two-factor, and clear the user's failure count."""
    otp_login(request, device)
    # A new session key once fully signed in, so a key seen before this point is worthless.
    request.session.cycle_key()
    axes_reset(username=request.user.get_username())
