"""Browser tests in real Chromium, driven by Playwright's sync API against Django's live server.

We use Debian's Chromium (``apt-get install chromium``) rather than a browser that Playwright
downloads for itself, so the same browser runs on a developer's machine and in CI. Outside CI a
machine without it skips these tests loudly; in CI (``CI=true``) a missing browser is a failure,
because a browser suite that silently skips is worse than none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from seemehearme.areas.models import StaffUser
from tests.conftest import sign_in_verified

CHROMIUM = Path(os.environ.get("SMH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session", autouse=True)
def views_imported() -> None:
    """Import every view (Splink and WeasyPrint among them) once, before any browser test.

    Otherwise the live server imports them on its first request, which on a busy machine took
    longer than a page load may (15 s) and failed whichever browser test happened to be first.
    """
    from django.urls import get_resolver

    assert get_resolver().url_patterns


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for the whole run; each test gets its own context (cookies, storage)."""
    if not CHROMIUM.exists():
        message = (
            f"CHROMIUM NOT FOUND at {CHROMIUM}: browser tests cannot run. "
            "Install Debian's chromium (`apt-get install chromium`; bin/test does this when run "
            "as root) or set SMH_CHROMIUM to a Chromium binary."
        )
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django's guard
    # against blocking database calls from async code would trip on every ORM call a test makes.
    # Nothing here is really async; lift the guard while the browser is alive, then put it back.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, live_server, *, bypass_csp: bool):
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=bypass_csp,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser tab on the live server. Relative URLs in ``page.goto`` are resolved
    against it. The Content Security Policy is bypassed so that axe can be injected; use
    ``page_with_csp`` to check that a page works under the real policy."""
    context, tab = _new_page(browser, live_server, bypass_csp=True)
    yield tab
    context.close()


@pytest.fixture
def page_with_csp(browser, live_server) -> Iterator[object]:
    """A tab that enforces the real Content Security Policy. Violations the browser reports
    are collected on ``page.csp_violations``."""
    context, tab = _new_page(browser, live_server, bypass_csp=False)
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    tab.csp_violations = violations
    yield tab
    context.close()


@pytest.fixture
def sign_in_as(page, live_server):
    """Call with a user to sign the browser in as them, two-factor step included."""

    def sign_in(user: StaffUser) -> None:
        client = sign_in_verified(Client(), user)
        name = settings.SESSION_COOKIE_NAME
        cookie = {"name": name, "value": client.cookies[name].value, "url": live_server.url}
        page.context.add_cookies([cookie])

    return sign_in


REFERENCE_DATA_MIGRATIONS = [
    "seemehearme.sharing.migrations.0002_reference_categories_and_purposes",
    "seemehearme.sharing.migrations.0005_sexual_health_withheld_unnamed",
    "seemehearme.cases.migrations.0002_reference_data",
    "seemehearme.cases.migrations.0009_seed_abuse_patterns",
    "seemehearme.plans.migrations.0002_disruption_tactics",
    "seemehearme.participation.migrations.0002_seed_family_support_kinds",
    "seemehearme.screening.migrations.0002_inquiry_indicators_and_schemes",
    "seemehearme.screening.migrations.0005_bands_point_to_case_risk_levels",
    "seemehearme.screening.migrations.0007_public_wording_of_the_inquiry_indicators",
    "seemehearme.meetings.migrations.0002_meeting_types",
    "seemehearme.feeds.migrations.0003_event_types",
    "seemehearme.assurance.migrations.0002_seed_expectations_and_inquiry_recommendations",
    "seemehearme.workforce.migrations.0002_courses_and_supervision_standards",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db) -> None:
    """Put back the reference data the migrations seed, before each browser test.

    Browser tests need real transactions, and Django empties the tables after each one.
    ``serialized_rollback`` should restore them, but it proved order-dependent once other
    tests had run first; the migrations' own seed functions are idempotent, so run them.
    """
    import importlib

    from django.apps import apps

    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
