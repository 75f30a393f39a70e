"""Deny by default: every page needs both sign-in steps unless its view is marked otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.accounts.conftest import password_step

pytestmark = pytest.mark.django_db

# Adding a page here is a security decision: it can be seen by anyone on the internet.
PUBLIC = {
    "web:healthz",
    "accounts:sign-in",
    "accounts:sign-out",
    "accounts:signed-out",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    # The public pages (docs/public-pages.md): the partnership's published words only.
    "public:partnerships",
    "public:home",
    "public:young-people",
    "public:parents",
    "public:businesses",
    "public:business",
    "public:poster",
    "public:help",
    "public:set-language",
    # Report a concern (docs/report-a-concern.md): a form, and a page with only its reference.
    "concerns:report",
    "concerns:sent",
}
# Reachable with a password but before the code: only the second step itself.
PASSWORD_ONLY = {"accounts:two-factor", "accounts:two-factor-set-up"}

SAMPLE_VALUES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "register_kind": "persons",  # intelligence.urls: one of the register's kinds
}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


def _sample_path(route: str) -> str:
    def fill(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return SAMPLE_VALUES.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


ALL = list(_patterns(get_resolver()))


def _signs_in(view) -> bool:
    """The JSON API checks agency-system tokens itself: its views answer 401, not sign-in."""
    return not getattr(view, "smh_public", False) and not getattr(
        view, "smh_token_authenticated", False
    )


def test_only_the_json_api_checks_tokens_instead_of_sign_in():
    marked = {route for _, route, view in ALL if getattr(view, "smh_token_authenticated", False)}

    assert "api/v1/me" in marked
    assert all(route.startswith("api/") for route in marked)


def test_only_the_listed_pages_are_public():
    marked = {name for name, _, view in ALL if getattr(view, "smh_public", False)}

    assert marked == PUBLIC


def test_only_the_second_sign_in_step_is_open_to_a_password_only_session():
    marked = {name for name, _, view in ALL if getattr(view, "smh_password_step", False)}

    assert marked == PASSWORD_ONLY


@pytest.mark.parametrize(("name", "route"), [(n, r) for n, r, v in ALL if _signs_in(v)])
def test_every_other_page_sends_an_anonymous_visitor_to_sign_in(name, route):
    response = Client().get(_sample_path(route))

    assert response.status_code == 302, name
    assert response["Location"].startswith("/account/sign-in?next="), name


@pytest.mark.parametrize(
    ("name", "route"),
    [(n, r) for n, r, v in ALL if _signs_in(v) and n not in PASSWORD_ONLY],
)
def test_every_other_page_sends_a_password_only_session_to_the_code_step(staff, name, route):
    client = Client()
    password_step(client, staff.username)

    response = client.get(_sample_path(route))

    assert response.status_code == 302, name
    assert response["Location"] == "/account/two-factor", name
