"""Passwords: hashed with Argon2, reset by an emailed link, changed by the signed-in user.
None of these gets anyone past the second sign-in step."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.test import Client, override_settings

from seemehearme.settings import base
from tests.accounts.conftest import PASSWORD, code_step, password_step, totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet kettle orbit meadow 47"


def test_argon2_is_the_hasher_for_new_passwords_in_real_settings():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_a_password_set_under_real_settings_is_stored_as_argon2(staff):
    staff.set_password(NEW_PASSWORD)
    staff.save()

    staff.refresh_from_db()
    assert staff.password.startswith("argon2$argon2id$")
    assert NEW_PASSWORD not in staff.password
    assert check_password(NEW_PASSWORD, staff.password)


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(staff):
    staff.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    staff.save()

    assert password_step(Client(), staff.username)["Location"] == "/account/two-factor"

    staff.refresh_from_db()
    assert staff.password.startswith("argon2$")


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body)
    assert match, "the email has a link to the reset page"
    return match.group(1)


def test_a_reset_sends_one_plain_email_with_a_working_link(staff):
    client = Client()
    response = client.post("/account/password-reset/", {"email": staff.email})

    assert response["Location"] == "/account/password-reset/sent"
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert message.subject == "Reset your See Me, Hear Me password"
    assert not getattr(message, "alternatives", [])
    assert staff.get_full_name() in message.body
    assert staff.username not in message.body

    link = _reset_link()
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content


def test_an_unknown_address_gets_the_same_answer_and_no_email(db):
    response = Client().post("/account/password-reset/", {"email": "nobody@example.invalid"})

    assert response["Location"] == "/account/password-reset/sent"
    assert mail.outbox == []


def test_after_a_reset_the_new_password_still_needs_the_code(staff, device):
    client = Client()
    client.post("/account/password-reset/", {"email": staff.email})
    set_password_url = client.get(_reset_link())["Location"]

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response["Location"] == "/account/password-reset/complete"
    assert not client.get("/account/password-reset/complete").wsgi_request.user.is_authenticated
    assert password_step(Client(), staff.username, PASSWORD).status_code == 200  # old one fails

    fresh = Client()
    assert password_step(fresh, staff.username, NEW_PASSWORD)["Location"] == "/account/two-factor"
    assert fresh.get("/")["Location"] == "/account/two-factor"
    assert fresh.get("/children/")["Location"] == "/account/two-factor"
    assert code_step(fresh, totp_code(device))["Location"] == "/"


def test_a_reset_link_works_only_once(staff):
    client = Client()
    client.post("/account/password-reset/", {"email": staff.email})
    link = _reset_link()
    set_password_url = client.get(link)["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert b"This link does not work" in again.content


def test_a_weak_new_password_is_refused_against_the_new_password_box(staff):
    client = Client()
    client.post("/account/password-reset/", {"email": staff.email})
    set_password_url = client.get(_reset_link())["Location"]

    response = client.post(set_password_url, {"new_password1": "short", "new_password2": "short"})

    assert response.status_code == 200
    assert b"This password is too short" in response.content
    assert b'href="#id_new_password1"' in response.content


def test_a_signed_in_user_can_change_their_password_and_stays_verified(signed_in, staff):
    page = signed_in.get("/account/change-password")
    assert page.status_code == 200

    response = signed_in.post(
        "/account/change-password",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/account/change-password/done"
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert signed_in.get("/").wsgi_request.user.is_verified()


def test_changing_the_password_needs_the_current_one(signed_in, staff):
    response = signed_in.post(
        "/account/change-password",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert b"Your current password is not correct" in response.content
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_changing_the_password_needs_both_sign_in_steps(staff):
    client = Client()
    password_step(client, staff.username)

    assert client.get("/account/change-password")["Location"] == "/account/two-factor"
