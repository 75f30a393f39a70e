"""Every page carries a strict Content-Security-Policy and the usual protective headers."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import password_step

pytestmark = pytest.mark.django_db


def _script_src(response) -> str:
    policy = response["Content-Security-Policy"]
    directive = next(part.strip() for part in policy.split(";") if "script-src" in part)
    return directive


def test_csp_allows_only_this_site_and_a_nonce_for_scripts(signed_in):
    response = signed_in.get("/")

    script_src = _script_src(response)
    assert re.fullmatch(r"script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'", script_src)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_nonce_is_new_for_every_request_and_matches_the_page(db):
    client = Client()
    first, second = client.get("/account/sign-in"), client.get("/account/sign-in")

    nonces = [re.search(r"'nonce-([^']+)'", _script_src(r)).group(1) for r in (first, second)]

    assert nonces[0] != nonces[1]
    assert f'nonce="{nonces[0]}"'.encode() in first.content


@pytest.mark.parametrize("path", ["/", "/account/sign-in"])
def test_other_protective_headers(signed_in, path):
    response = signed_in.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_lockout_page_has_the_policy_too(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = password_step(client, staff.username, "wrong password")

    assert response.status_code == 429
    assert "'nonce-" in response["Content-Security-Policy"]


def test_session_and_csrf_cookies_cannot_be_read_by_scripts(staff, device):
    client = Client()
    client.get("/account/sign-in")
    response = password_step(client, staff.username)

    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["httponly"]
    assert response.cookies["smh_signed_in"]["httponly"]
    assert response.cookies["smh_signed_in"].value == "1"
