"""Signing in takes a password, then a code from an authenticator app. Neither is enough alone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.accounts.conftest import PASSWORD, code_step, password_step, totp_code, wrong_code
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_password_then_code_lands_on_the_home_page_verified(staff, device):
    client = Client()
    response = password_step(client, staff.username)
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor"

    response = client.get("/account/two-factor")
    assert response.status_code == 200
    assert b"Enter the code from your authenticator app" in response.content

    response = code_step(client, totp_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/"

    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == staff
    assert home.wsgi_request.user.is_verified()


def test_a_wrong_code_is_refused_and_the_user_stays_unverified(staff, device):
    client = Client()
    password_step(client, staff.username)

    response = code_step(client, wrong_code(device))

    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    assert b"govuk-error-summary" in response.content
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/")["Location"] == "/account/two-factor"


def test_a_code_cannot_be_used_twice(staff, device):
    code = totp_code(device)
    first = Client()
    password_step(first, staff.username)
    assert code_step(first, code)["Location"] == "/"

    second = Client()
    password_step(second, staff.username)
    response = code_step(second, code)

    assert response.status_code == 200
    # The code was right a moment ago, so "not correct" would mislead: ask for the next one.
    assert b"That code has already been used" in response.content
    assert b"Wait for your authenticator app to show a new code" in response.content
    assert b"The code is not correct" not in response.content
    assert DEVICE_ID_SESSION_KEY not in second.session


def test_repeated_wrong_codes_say_to_wait_when_the_device_is_throttled(staff, device):
    client = Client()
    password_step(client, staff.username)
    # The clock stands still, so the device's short wait cannot run out on a slow machine.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False):
        code_step(client, wrong_code(device))
        code_step(client, wrong_code(device))

        # django-otp now refuses every code for a while, even the right one: say so.
        response = code_step(client, totp_code(device))

    assert b"Too many codes were not correct. Wait a moment" in response.content
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_code_that_is_not_six_numbers_says_so(staff):
    client = Client()
    password_step(client, staff.username)

    response = code_step(client, "12ab")

    assert b"The code must be 6 numbers" in response.content


def test_a_password_only_session_cannot_reach_childrens_records(staff):
    client = Client()
    password_step(client, staff.username)

    response = client.get("/children/")

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor"


def test_a_wrong_password_gives_the_same_message_as_an_unknown_user_name(staff):
    wrong_password = password_step(Client(), staff.username, "not the password at all")
    unknown_user = password_step(Client(), "nobody-by-this-name", PASSWORD)

    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert b"Enter a correct user name and password" in response.content
        assert not response.wsgi_request.user.is_authenticated


def test_an_inactive_account_cannot_sign_in():
    user = StaffUserFactory(is_active=False)

    response = password_step(Client(), user.username)

    assert response.status_code == 200
    assert b"Enter a correct user name and password" in response.content


def test_empty_fields_are_named_in_the_error_summary(db):
    response = Client().post("/account/sign-in", {"username": "", "password": ""})

    assert b"Enter your user name" in response.content
    assert b"Enter your password" in response.content
    assert b'href="#id_username"' in response.content
    assert response.content.count(b"Error: ") >= 1


def test_the_page_asked_for_is_shown_after_both_steps(staff, device):
    client = Client()
    asked_for = client.get("/children/")["Location"]
    assert asked_for == "/account/sign-in?next=%2Fchildren%2F"
    assert b'name="next" value="/children/"' in client.get(asked_for).content

    password_step(client, staff.username, next_url="/children/")
    response = code_step(client, totp_code(device))

    assert response["Location"] == "/children/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/steal", "//evil.example/", "https:///evil.example"]
)
def test_a_next_address_on_another_site_is_ignored(staff, device, next_url):
    client = Client()
    password_step(client, staff.username, next_url=next_url)

    response = code_step(client, totp_code(device))

    assert response["Location"] == "/"


def test_the_sign_in_page_sends_a_signed_in_user_on(signed_in):
    response = signed_in.get("/account/sign-in")

    assert response["Location"] == "/"


def test_a_verified_user_skips_the_code_page(signed_in):
    response = signed_in.get("/account/two-factor")

    assert response["Location"] == "/"


def test_the_sign_in_page_is_not_cached(db):
    response = Client().get("/account/sign-in")

    assert "no-store" in response["Cache-Control"]
