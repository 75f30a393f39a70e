"""Walk every URL pattern: any that takes a child must be access-checked and logged."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from seemehearme.audit.models import AccessLogEntry
from seemehearme.people.models import RelationshipKind
from tests.factories import ChildFactory, StaffUserFactory, relate

CHILD_PARAMETERS = {"child_id", "child"}


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def child_patterns():
    found = []
    for route, pattern in _walk(get_resolver()):
        converters = (
            set(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else set()
        )
        if CHILD_PARAMETERS & converters or "child_id" in route:
            found.append((route, pattern))
    return found


def test_there_are_child_urls_to_check():
    routes = [route for route, _ in child_patterns()]
    assert "children/<int:child_id>/" in routes
    assert len(routes) >= 3


@pytest.mark.parametrize(("route", "pattern"), child_patterns(), ids=lambda v: str(v))
def test_every_child_url_goes_through_the_access_gate(route, pattern):
    assert getattr(pattern.callback, "child_access_checked", False), (
        f"{route} takes a child but is not wrapped by sharing.access.child_view"
    )


def _url(route: str, child_id: int) -> str:
    return "/" + route.replace("<int:child_id>", str(child_id))


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), child_patterns(), ids=lambda v: str(v))
def test_every_child_url_refuses_and_logs_a_stranger(route, pattern, verified_client):
    child = ChildFactory()
    stranger = StaffUserFactory(team__agency__area=child.area)
    response = verified_client(stranger).get(_url(route, child.pk))
    entry = AccessLogEntry.objects.filter(child=child, user=stranger).latest("id")
    assert entry.allowed is False
    assert entry.basis == "no_relationship"
    if pattern.name == "break-glass":
        # The break-glass request page is the one way in without a relationship; it shows
        # nothing about the child and is still logged.
        assert response.status_code == 200
        assert child.given_name not in response.content.decode()
    else:
        assert response.status_code == 403
        assert child.given_name not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), child_patterns(), ids=lambda v: str(v))
def test_every_child_url_logs_an_allowed_view(route, pattern, verified_client):
    child = ChildFactory()
    worker = StaffUserFactory(team__agency__area=child.area)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    response = verified_client(worker).get(_url(route, child.pk))
    assert response.status_code in {200, 302}
    entry = AccessLogEntry.objects.filter(child=child, user=worker).earliest("id")
    assert entry.allowed is True
    assert entry.basis == "key_worker"
    assert entry.path == _url(route, child.pk)
