"""A subject access request from start to release, as the data protection lead does it in a
real browser: record it, gather the copy, redact one item, include the rest, release; every
page accessible, at desktop width and at 320 px."""

from __future__ import annotations

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from tests.e2e.accessibility import assert_accessible
from tests.factories import ChildFactory, InformationItemFactory, StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_lead_records_reviews_redacts_and_releases(page, sign_in_as, width):
    lead = StaffUserFactory(role=Role.DATA_PROTECTION_LEAD)
    child = ChildFactory(given_name="Robyn", family_name="Requester", area=lead.agency.area)
    InformationItemFactory(
        child=child, source_agency=lead.agency, title="Home visit",
        detail="Her stepfather gave his new address, 4 Elm Row, and said she was out.",
    )  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(lead)

    page.goto("/data-protection/subject-access/")
    _check(page, width)
    page.get_by_role("button", name="Record a request").click()
    page.get_by_label("Child's given name").fill("Robyn")
    page.get_by_label("Child's family name").fill("Requester")
    page.fill("[name=date_of_birth_day]", "17")
    page.fill("[name=date_of_birth_month]", "5")
    page.fill("[name=date_of_birth_year]", "2011")
    page.get_by_label("Who asked").fill("Robyn herself")
    page.get_by_label("The child", exact=True).check()
    today = timezone.localdate()
    page.fill("[name=received_on_day]", str(today.day))
    page.fill("[name=received_on_month]", str(today.month))
    page.fill("[name=received_on_year]", str(today.year))
    _check(page, width)
    with page.expect_navigation():
        page.get_by_role("button", name="Record request").click()
    assert "Subject access request for Robyn Requester" in page.locator("h1").inner_text()
    _check(page, width)

    with page.expect_navigation():
        page.get_by_role("button", name="Gather the copy for review").click()
    assert "need a decision" in page.locator("main").inner_text()
    _check(page, width)

    with page.expect_navigation():
        page.get_by_role("link", name="Home visit").click()
    _check(page, width)
    page.get_by_label("Include with redactions").check()
    page.get_by_label("The text as it will be released (if redacting)").fill(
        "Her stepfather gave [redacted] and said she was out."
    )
    page.get_by_label("Reason (if redacting or excluding)").fill("Third party's address")
    with page.expect_navigation():
        page.get_by_role("button", name="Save decision").click()

    to_review = page.locator("table tbody tr", has_text="To review").locator("th a")
    while to_review.count():
        with page.expect_navigation():
            to_review.first.click()
        page.get_by_label("Include", exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save decision").click()
    assert "Every item has a decision." in page.locator("main").inner_text()
    _check(page, width)

    with page.expect_navigation():
        page.get_by_role("button", name="Release the copy").click()
    released = page.locator("main").inner_text()
    assert "Information held about Robyn Requester" in released
    assert "Her stepfather gave [redacted] and said she was out." in released
    assert "Third party's address" in released
    assert "4 Elm Row" not in released
    _check(page, width)
