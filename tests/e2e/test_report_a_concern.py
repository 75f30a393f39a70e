"""A member of the public reports a concern in a real browser, with JavaScript off and on; the
CSE coordinator finds it in the triage queue with its source and makes it a referral."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.concerns.models import Concern
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import TIMEOUT_MS
from tests.factories import StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def area():
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    coordinator = StaffUserFactory(
        team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
    )
    return area, coordinator


def test_reporting_without_javascript_shows_every_question_and_only_a_reference(
    browser, live_server, area, settings
):
    settings.SMH_REPORT_MIN_SECONDS = 0  # the browser types faster than any person
    partnership, _ = area
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(reverse("concerns:report", kwargs={"area": partnership.slug}))
        # Without JavaScript the follow-up questions are simply shown.
        assert page.get_by_label("Taxi or private hire").is_visible()
        assert page.get_by_label("Email address").is_visible()
        page.get_by_label("I work in a business, like a hotel, taxi firm or takeaway").check()
        page.get_by_label("Taxi or private hire").check()
        page.get_by_label("What has happened, or what are you worried about?").fill(
            "Drove a girl of about 13 to a flat on Canal Row late at night (synthetic)."
        )
        page.get_by_label("No, I want to stay anonymous").check()
        page.get_by_role("button", name="Send").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for telling us"
        concern = Concern.objects.get()
        assert page.locator(".smh-reference").inner_text() == concern.reference
        assert "Canal Row" not in page.content()
    finally:
        context.close()


def test_a_parent_reports_and_the_coordinator_makes_it_a_referral(page, sign_in_as, area, settings):
    settings.SMH_REPORT_MIN_SECONDS = 0
    partnership, coordinator = area
    page.goto(reverse("concerns:report", kwargs={"area": partnership.slug}))
    assert_accessible(page)
    # With JavaScript the contact questions appear only when asked for.
    assert not page.get_by_label("Email address").is_visible()
    page.get_by_role("button", name="Send").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("I'm their parent or carer").check()
    page.get_by_label("What has happened, or what are you worried about?").fill(
        "My son has a new phone we did not buy and gets lifts from an older lad (synthetic)."
    )
    page.get_by_label("Yes, you can contact me").check()
    page.get_by_label("Email address").fill("parent@example.invalid")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for telling us"
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert page.evaluate(WIDTH) <= 320
    assert_accessible(page)
    concern = Concern.objects.get()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(coordinator)
    page.goto(reverse("cases:referrals"))
    row = page.locator(".smh-concern-queue tbody tr", has_text=concern.reference)
    assert "A parent or carer" in row.inner_text()
    row.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Concern {concern.reference}"
    page.get_by_role("link", name="Make it a referral about a child").click()
    page.get_by_label("First name").fill("Kai")
    page.get_by_label("Last name").fill("Testworth")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Make the referral").click()
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.COMMUNITY
    assert page.url.endswith(reverse("cases:referral-triage", args=[referral.pk]))
    assert "A parent or carer, reported online" in page.content()
