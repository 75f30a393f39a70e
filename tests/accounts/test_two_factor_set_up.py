"""Staff without an authenticator app must set one up before they can go any further."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_step, password_step, totp_code, wrong_code
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def _shown_secret(content: bytes) -> str:
    match = re.search(rb'id="secret">([A-Z2-7 ]+)<', content)
    assert match, "the set-up page shows the secret for typing in by hand"
    return match.group(1).decode().replace(" ", "")


def test_a_user_without_an_app_sets_one_up_and_is_signed_in():
    user = StaffUserFactory()
    client = Client()
    password_step(client, user.username)

    response = client.get("/account/two-factor")
    assert response["Location"] == "/account/two-factor/set-up"

    page = client.get("/account/two-factor/set-up")
    assert page.status_code == 200
    assert b'src="data:image/svg+xml' in page.content
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    assert _shown_secret(page.content) == b32encode(device.bin_key).decode().rstrip("=")

    response = client.post("/account/two-factor/set-up", {"code": totp_code(device)})

    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/").wsgi_request.user.is_verified()


def test_a_wrong_code_does_not_confirm_the_app():
    user = StaffUserFactory()
    client = Client()
    password_step(client, user.username)
    client.get("/account/two-factor/set-up")
    device = TOTPDevice.objects.get(user=user)

    response = client.post("/account/two-factor/set-up", {"code": wrong_code(device)})

    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/children/")["Location"] == "/account/two-factor"


def test_reloading_the_page_keeps_the_same_secret_within_a_session():
    user = StaffUserFactory()
    client = Client()
    password_step(client, user.username)

    first = _shown_secret(client.get("/account/two-factor/set-up").content)
    second = _shown_secret(client.get("/account/two-factor/set-up").content)

    assert first == second
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_secret_shown_in_one_session_is_never_the_one_confirmed_in_another():
    user = StaffUserFactory()
    someone_else = Client()
    password_step(someone_else, user.username)
    seen_elsewhere = _shown_secret(someone_else.get("/account/two-factor/set-up").content)

    client = Client()
    password_step(client, user.username)
    shown_here = _shown_secret(client.get("/account/two-factor/set-up").content)

    assert shown_here != seen_elsewhere
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_someone_with_only_the_password_cannot_add_a_second_app(staff, device):
    client = Client()
    password_step(client, staff.username)

    response = client.get("/account/two-factor/set-up")

    assert response["Location"] == "/account/two-factor"
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_the_set_up_page_needs_the_password_first(db):
    response = Client().get("/account/two-factor/set-up")

    assert response["Location"].startswith("/account/sign-in?next=")


def test_after_set_up_the_next_sign_in_asks_for_a_code():
    user = StaffUserFactory()
    client = Client()
    password_step(client, user.username)
    client.get("/account/two-factor/set-up")
    device = TOTPDevice.objects.get(user=user)
    client.post("/account/two-factor/set-up", {"code": totp_code(device)})
    client.post("/account/sign-out")

    again = Client()
    password_step(again, user.username)

    assert again.get("/account/two-factor").status_code == 200
    assert code_step(again, wrong_code(device)).status_code == 200
    assert again.get("/")["Location"] == "/account/two-factor"
