"""After too many failed sign-ins a user name is locked for a while, whatever failed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.accounts.conftest import code_step, password_step, totp_code, wrong_code

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"
LOCKED = b"You cannot sign in at the moment"


def _cool_off() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _fail_passwords(client: Client, username: str, times: int):
    return [password_step(client, username, WRONG) for _ in range(times)]


def test_the_limit_comes_from_settings():
    assert settings.AXES_FAILURE_LIMIT >= 3
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_locked_after_the_limit_and_the_right_password_is_then_refused(staff):
    limit = settings.AXES_FAILURE_LIMIT
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        responses = _fail_passwords(client, staff.username, limit)

        assert all(r.status_code == 200 for r in responses[:-1])
        assert responses[-1].status_code == 429
        assert LOCKED in responses[-1].content

        right = password_step(client, staff.username)
        assert right.status_code == 429
        assert LOCKED in right.content
        assert not right.wsgi_request.user.is_authenticated

        traveller.shift(_cool_off() + dt.timedelta(minutes=1))
        after = password_step(Client(), staff.username)
        assert after.status_code == 302
        assert after["Location"] == "/account/two-factor"


def test_trying_again_while_locked_starts_the_wait_again(staff):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail_passwords(Client(), staff.username, settings.AXES_FAILURE_LIMIT)

        traveller.shift(_cool_off() - dt.timedelta(minutes=1))
        assert password_step(Client(), staff.username).status_code == 429

        traveller.shift(dt.timedelta(minutes=2))
        assert password_step(Client(), staff.username).status_code == 429

        traveller.shift(_cool_off() + dt.timedelta(minutes=1))
        assert password_step(Client(), staff.username).status_code == 302


def test_one_below_the_limit_is_not_locked(staff):
    client = Client()
    _fail_passwords(client, staff.username, settings.AXES_FAILURE_LIMIT - 1)

    assert password_step(client, staff.username)["Location"] == "/account/two-factor"


def test_the_page_says_how_long_and_who_to_contact(staff):
    response = _fail_passwords(Client(), staff.username, settings.AXES_FAILURE_LIMIT)[-1]
    minutes = round(settings.AXES_COOLOFF_TIME * 60)

    assert f"locked for {minutes} minutes".encode() in response.content
    assert b"contact your system administrator" in response.content
    assert staff.username.encode() not in response.content


def test_the_page_is_the_same_whether_or_not_the_user_name_exists(staff):
    real = _fail_passwords(Client(), staff.username, settings.AXES_FAILURE_LIMIT)[-1]
    made_up = _fail_passwords(Client(), "nobody-by-this-name", settings.AXES_FAILURE_LIMIT)[-1]

    def without_tokens(content: bytes) -> bytes:
        return re.sub(rb'(nonce|value)="[^"]*"', b"", content)

    assert real.status_code == made_up.status_code == 429
    assert without_tokens(real.content) == without_tokens(made_up.content)


def test_wrong_codes_count_and_end_the_half_finished_sign_in(staff, device):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        password_step(client, staff.username)
        responses = [
            code_step(client, wrong_code(device)) for _ in range(settings.AXES_FAILURE_LIMIT)
        ]

        assert responses[-2].status_code == 200
        assert responses[-1].status_code == 429
        assert LOCKED in responses[-1].content
        assert not client.get("/account/sign-in").wsgi_request.user.is_authenticated
        assert password_step(Client(), staff.username).status_code == 429

        traveller.shift(_cool_off() + dt.timedelta(minutes=1))
        assert password_step(Client(), staff.username).status_code == 302


def test_signing_in_with_the_password_again_does_not_clear_wrong_codes(staff, device):
    client = Client()
    password_step(client, staff.username)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        code_step(client, wrong_code(device))

    again = Client()
    password_step(again, staff.username)
    response = code_step(again, wrong_code(device))

    assert response.status_code == 429


def test_a_locked_user_name_cannot_use_a_session_opened_earlier(staff, device):
    earlier = Client()
    password_step(earlier, staff.username)
    _fail_passwords(Client(), staff.username, settings.AXES_FAILURE_LIMIT)

    response = code_step(earlier, totp_code(device))

    assert response.status_code == 429
    assert not earlier.get("/account/sign-in").wsgi_request.user.is_authenticated


def test_a_complete_sign_in_clears_earlier_failures(staff, device):
    client = Client()
    _fail_passwords(client, staff.username, settings.AXES_FAILURE_LIMIT - 1)
    password_step(client, staff.username)
    assert code_step(client, totp_code(device))["Location"] == "/"
    client.post("/account/sign-out")

    _fail_passwords(client, staff.username, settings.AXES_FAILURE_LIMIT - 1)

    assert password_step(client, staff.username)["Location"] == "/account/two-factor"
