"""Every part of the API needs a valid agency-system token. A session gives no access."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern

from seemehearme.accounts.middleware import RequireVerifiedStaffMiddleware, token_authenticated
from seemehearme.api import urls as api_urls
from seemehearme.api import v1
from seemehearme.api.tokens import agency_system_revoke
from seemehearme.areas.models import Role
from tests.api.conftest import caller_for
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

API_PATHS = ["/api/v1/me", "/api/v1/event-types", "/api/v1/imports/1", "/api/v1/openapi.json"]


def assert_refused(response, *, invalid_token: bool) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert ('error="invalid_token"' in challenge) is invalid_token
    assert "child" not in response.content.decode().lower()


@pytest.mark.parametrize("path", API_PATHS)
def test_no_token_is_refused_with_a_bearer_challenge(path):
    assert_refused(Client().get(path), invalid_token=False)


def test_sending_events_without_a_token_is_refused_before_anything_is_read(monkeypatch):
    monkeypatch.setattr(v1, "MAX_BODY_BYTES", 10)
    client = Client()

    not_json = client.post("/api/v1/events", "not even json", content_type="application/json")
    too_large = client.post("/api/v1/events", {"events": []}, content_type="application/json")

    assert_refused(not_json, invalid_token=False)
    assert_refused(too_large, invalid_token=False)


def test_every_api_url_is_behind_the_token():
    """A new endpoint cannot slip in without authentication."""
    routes = [
        str(pattern.pattern)
        for pattern in api_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name != "api-root"
    ]
    assert set(routes) >= {"openapi.json", "events", "imports/<int:batch_id>", "me"}
    client = Client()
    for route in routes:
        path = "/api/v1/" + route.replace("<int:batch_id>", "1")
        response = client.get(path) if route != "events" else client.post(path)
        assert response.status_code == 401, route


@pytest.mark.parametrize("path", API_PATHS)
def test_a_wrong_token_is_refused(path, caller):
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {caller.token}x")

    assert_refused(response, invalid_token=True)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Token {token}", "{token}", "Bearer "])
def test_a_token_must_come_as_a_bearer_token(header, caller):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header.format(token=caller.token))

    assert response.status_code == 401


def test_a_revoked_token_is_refused(caller):
    assert caller.get("/api/v1/me").status_code == 200
    agency_system_revoke(system=caller.system)

    assert_refused(caller.get("/api/v1/me"), invalid_token=True)


@pytest.mark.parametrize("path", API_PATHS)
def test_a_signed_in_member_of_staff_without_a_token_is_refused(path, verified_client, police):
    administrator = StaffUserFactory(
        team__agency=police, role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    caller_for(police)

    response = verified_client(administrator).get(path)

    assert_refused(response, invalid_token=False)


def test_a_session_does_not_need_csrf_and_still_gets_no_access(verified_client, police):
    client = verified_client(StaffUserFactory(team__agency=police))
    client.handler.enforce_csrf_checks = True

    response = client.post("/api/v1/events", {"events": []}, content_type="application/json")

    assert response.status_code == 401


def test_me_says_which_system_and_agency_and_records_the_use(caller, police):
    response = caller.get("/api/v1/me")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Records system"
    assert body["token_prefix"] == caller.token[:12]
    assert body["agency"] == {
        "id": police.pk,
        "name": "Testshire Police",
        "kind": "police",
        "area": police.area.name,
    }
    caller.system.refresh_from_db()
    assert caller.system.last_used_at is not None


def test_the_token_is_rate_limited_per_system(caller, police, monkeypatch):
    monkeypatch.setattr(v1.rate_limit, "num_requests", 2)
    other = caller_for(police, name="Second system")

    assert caller.get("/api/v1/me").status_code == 200
    assert caller.get("/api/v1/me").status_code == 200
    refused = caller.get("/api/v1/me")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/me").status_code == 200


def test_the_sign_in_middleware_lets_marked_views_through_only_under_api(rf):
    view = token_authenticated(lambda request: HttpResponse())
    middleware = RequireVerifiedStaffMiddleware(lambda request: HttpResponse())

    def check(path: str):
        request = rf.get(path)
        request.user = AnonymousUser()
        return middleware.process_view(request, view, (), {})

    assert check("/api/v1/me") is None
    assert check("/children/").status_code == 302
