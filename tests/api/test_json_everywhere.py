"""Every answer under /api/ is JSON, for unknown addresses and methods too (issue 8, item 17);
without a token it is the same 401 as everywhere else in the API."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing", "/api/v1/", "/api/v1/imports/abc", "/api/", "/api/v2/events"]
)
def test_an_unknown_address_is_a_json_404(caller, path):
    response = caller.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v2/events"])
def test_an_unknown_address_without_a_token_is_refused_like_any_other(path):
    response = Client().get(path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("get", "/api/v1/events", "POST"),
        ("post", "/api/v1/me", "GET"),
        ("delete", "/api/v1/event-types", "GET"),
        ("put", "/api/v1/imports/1", "GET"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_json_405(caller, method, path, allowed):
    response = getattr(caller.client, method)(path, HTTP_AUTHORIZATION=f"Bearer {caller.token}")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response["Allow"] == allowed
    assert response.json() == {
        "detail": f"This address does not take {method.upper()}: use {allowed}."
    }


def test_a_method_an_address_does_not_take_without_a_token_is_a_401():
    response = Client().get("/api/v1/events")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_an_unexpected_error_is_a_json_500_that_repeats_nothing(caller, monkeypatch):
    from seemehearme.api import selectors

    def broken(**kwargs):
        raise RuntimeError("Zephyrine Quillfeather")

    monkeypatch.setattr(selectors, "event_types_active", broken)
    caller.client.raise_request_exception = False

    response = caller.get("/api/v1/event-types")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "unexpected error" in response.json()["detail"]
    assert "Zephyrine" not in response.content.decode()
