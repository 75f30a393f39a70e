"""Helpers for walking the real sign-in journey, as a member of staff would."""

from __future__ import annotations

import time

import pytest
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from seemehearme.areas.models import StaffUser
from tests.factories import StaffUserFactory, totp_device_for

PASSWORD = "correct horse battery staple"


def totp_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code that the device will not accept at any time it allows for."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    accepted = set()
    for offset in range(-device.tolerance - 1, device.tolerance + 2):
        totp.time = now + offset * device.step
        accepted.add(f"{totp.token():06d}")
    return next(code for code in ("000000", "111111", "222222") if code not in accepted)


def password_step(
    client: Client, username: str, password: str = PASSWORD, next_url: str | None = None
) -> HttpResponse:
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/account/sign-in", data)


def code_step(client: Client, code: str) -> HttpResponse:
    return client.post("/account/two-factor", {"code": code})


@pytest.fixture
def staff(db) -> StaffUser:
    """A member of staff who has already set up an authenticator app."""
    user = StaffUserFactory()
    totp_device_for(user)
    return user


@pytest.fixture
def device(staff: StaffUser) -> TOTPDevice:
    return staff.totpdevice_set.get(confirmed=True)


@pytest.fixture
def signed_in(staff: StaffUser, device: TOTPDevice) -> Client:
    """A client that has been through both sign-in steps for real."""
    client = Client()
    assert password_step(client, staff.username).status_code == 302
    assert code_step(client, totp_code(device)).status_code == 302
    return client
