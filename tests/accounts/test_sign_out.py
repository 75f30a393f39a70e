"""Signing out is a POST, so that a link, an image or a prefetch cannot sign anyone out."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.conftest import password_step

pytestmark = pytest.mark.django_db


def test_posting_ends_the_session_and_says_so(signed_in):
    response = signed_in.post("/account/sign-out")

    assert response["Location"] == "/account/signed-out"
    page = signed_in.get("/account/signed-out")
    assert b"You have been signed out" in page.content
    assert not page.wsgi_request.user.is_authenticated
    assert signed_in.get("/")["Location"].startswith("/account/sign-in")


def test_a_get_asks_for_confirmation_and_signs_no_one_out(signed_in):
    response = signed_in.get("/account/sign-out")

    assert response.status_code == 200
    assert b"Are you sure you want to sign out?" in response.content
    assert b'method="post"' in response.content
    assert signed_in.get("/").status_code == 200


def test_sign_out_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/account/sign-out")

    assert response.status_code == 403


def test_a_half_signed_in_user_can_sign_out(staff):
    client = Client()
    password_step(client, staff.username)

    assert client.get("/account/sign-out").status_code == 200
    client.post("/account/sign-out")
    assert not client.get("/account/signed-out").wsgi_request.user.is_authenticated
