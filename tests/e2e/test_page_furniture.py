"""The shared page furniture in a real browser: header, navigation, sign-out, accessibility."""

from __future__ import annotations

import json

import pytest

from seemehearme.areas.models import Role
from tests.e2e.accessibility import assert_accessible
from tests.factories import StaffUserFactory

# The live server needs real transactions; serialized_rollback puts back the reference data
# from the data migrations that the flush after each transactional test would otherwise remove.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_sign_in_page_renders_and_is_accessible(page):
    response = page.goto("/account/sign-in")

    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert page.get_by_label("Password").is_visible()
    assert_accessible(page)


def test_the_health_check_answers_json_in_a_browser(page):
    response = page.goto("/healthz")

    assert response.status == 200
    assert json.loads(page.locator("body").inner_text())["database"] == "ok"


def test_the_page_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page")

    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


def test_pages_work_under_the_real_content_security_policy(page_with_csp):
    page_with_csp.goto("/no-such-page")

    # The nonce'd inline script ran and GOV.UK Frontend's module loaded from our own origin.
    assert "govuk-frontend-supported" in page_with_csp.locator("body").get_attribute("class")
    stylesheet_applied = page_with_csp.evaluate(
        "() => getComputedStyle(document.querySelector('.govuk-skip-link')).position"
    )
    assert stylesheet_applied == "absolute"
    assert page_with_csp.csp_violations == []


def test_the_header_carries_the_partnership_name_and_no_crown(page, settings):
    settings.SMH_PARTNERSHIP_NAME = "Testshire Safeguarding Partnership"
    page.goto("/no-such-page")

    header = page.locator("header")
    assert "Testshire Safeguarding Partnership" in header.inner_text()
    assert header.locator("svg, .govuk-header__logotype").count() == 0


def test_a_signed_in_lead_sees_the_navigation_and_can_sign_out(page, sign_in_as):
    lead = StaffUserFactory(role=Role.DATA_PROTECTION_LEAD)
    sign_in_as(lead)

    page.goto("/")
    navigation = page.get_by_role("navigation", name="Menu")
    for label in ["Home", "Sharing agreements", "Access log"]:
        assert navigation.get_by_role("link", name=label).is_visible()
    assert navigation.get_by_role("link", name="Find a child").count() == 0
    assert navigation.get_by_role("link", name="Home").get_attribute("aria-current") == "page"
    assert page.get_by_text("Signed in as").is_visible()
    assert_accessible(page)

    with page.expect_navigation():
        navigation.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("button", name="Sign out").count() == 0
    page.goto("/")
    assert "/account/sign-in" in page.url
