"""The strategic lead's journey in a real browser, axe-core clean at each step and at 320 CSS
pixels: start a self-assessment from the menu, rate each expectation, complete it (it then
cannot be changed) and download the board report as a PDF."""

from __future__ import annotations

import re

import pytest

from seemehearme.areas.models import Role
from seemehearme.assurance.models import Assessment, Expectation
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ASSESS = re.compile(r"^Assess ")  # not the menu's "Self-assessment"
KEPT = ("guidance-sub-group", "principle-participation")


def _accessible_at_both_widths(page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_self_assessment_is_rated_completed_and_downloaded_as_a_pdf(page, sign_in_as):
    council = AgencyFactory(name="Testshire Council")
    lead = StaffUserFactory(
        role=Role.STRATEGIC_LEAD,
        agency=council,
        team__agency=council,
        first_name="Morgan",
        last_name="Lead",
    )
    # Two expectations on offer keep the journey short; the others are retired.
    Expectation.objects.exclude(code__in=KEPT).update(is_active=False)
    sign_in_as(lead)

    page.goto("/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Self-assessment", exact=True).click()
    _accessible_at_both_widths(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_label("Name of the self-assessment").fill("Self-assessment 2026")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Start").click()
    assessment = Assessment.objects.get()
    assert assessment.entries.count() == 2
    _accessible_at_both_widths(page)

    for number, rating in enumerate(("Red", "Green")):
        with page.expect_navigation():
            page.get_by_role("link", name=ASSESS).nth(number).click()
        _accessible_at_both_widths(page)
        page.get_by_label(rating, exact=True).check()
        page.get_by_label("Evidence").fill(f"Evidence {number}: minutes of the sub-group")
        page.get_by_label("Owner").select_option(label="Morgan Lead, Testshire Council")
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()

    main = page.locator("main").inner_text()
    assert "Evidence 0: minutes of the sub-group" in main
    with page.expect_navigation():
        page.get_by_role("button", name="Complete the self-assessment").click()
    assert "can no longer be changed" in page.locator("main").inner_text()
    assert page.get_by_role("link", name=ASSESS).count() == 0
    _accessible_at_both_widths(page)
    assessment.refresh_from_db()
    assert assessment.is_complete

    with page.expect_navigation():
        page.get_by_role("link", name="Board report", exact=True).click()
    assert "multi-agency sub-group" in page.locator("main").inner_text()
    _accessible_at_both_widths(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the board report as a PDF").click()
    pdf = download_info.value
    with open(pdf.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"%PDF"
    assert pdf.suggested_filename == f"self-assessment-{assessment.pk}.pdf"
