"""A session ends after SESSION_COOKIE_AGE without a request, and the sign-in page says why."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from tests.accounts.conftest import code_step, password_step, totp_code

pytestmark = pytest.mark.django_db

NO_TIME = dt.timedelta(0)


def _idle() -> dt.timedelta:
    return dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def _sign_in(client: Client, staff, device) -> None:
    password_step(client, staff.username)
    assert code_step(client, totp_code(device))["Location"] == "/"


def test_after_the_idle_time_the_next_request_goes_to_sign_in_with_a_reason(staff, device):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _sign_in(client, staff, device)
        assert client.get("/").status_code == 200

        traveller.shift(_idle() + dt.timedelta(seconds=1))
        response = client.get("/children/")

        assert response.status_code == 302
        assert response["Location"] == "/account/sign-in?next=%2Fchildren%2F"
        page = client.get(response["Location"])
        minutes = settings.SESSION_COOKIE_AGE // 60
        assert (
            f"You were signed out because you had not done anything for {minutes} minutes"
        ).encode() in page.content

        # Said once: a second visit to the sign-in page does not repeat it.
        assert b"You were signed out because" not in client.get("/account/sign-in").content


def test_activity_within_the_idle_time_keeps_the_session(staff, device):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _sign_in(client, staff, device)

        for _ in range(3):
            traveller.shift(_idle() - dt.timedelta(minutes=1))
            response = client.get("/")
            assert response.status_code == 200
            assert response.wsgi_request.user.is_verified()


@override_settings(SESSION_COOKIE_AGE=10 * 60)
def test_the_idle_time_is_read_from_settings(staff, device):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _sign_in(client, staff, device)

        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        response = client.get("/", follow=True)

        assert b"had not done anything for 10 minutes" in response.content


def test_someone_who_never_signed_in_is_not_told_they_timed_out(db):
    response = Client().get("/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/account/sign-in")
    assert b"You were signed out because" not in response.content


def test_signing_out_is_not_reported_as_a_time_out(staff, device):
    client = Client()
    _sign_in(client, staff, device)
    client.post("/account/sign-out")

    assert b"You were signed out because" not in client.get("/account/sign-in").content
