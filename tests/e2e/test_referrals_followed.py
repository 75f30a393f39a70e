"""A school lead follows the referrals she has made in a real browser, at desktop width and at
320 px: each with its status and outcome in plain words, reached from the home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.cases.models import TriageDecision
from seemehearme.cases.services import referral_create, referral_triage
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_school_lead_follows_her_referrals_at_desktop_and_320_pixels(page, sign_in_as):
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    coordinator = StaffUserFactory(
        team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
    )
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    lead = StaffUserFactory(team=TeamFactory(agency=school), agency=school, first_name="Grace")
    for given, family, days_ago in [("Robyn", "Eastmere", 0), ("Lily", "Brackwater", 9)]:
        referral_create(
            child=ChildFactory(area=area, given_name=given, family_name=family),
            concerns="Seen with older men after school (synthetic).",
            referred_by=lead,
            received_at=timezone.now() - dt.timedelta(days=days_ago),
        )
    declined = lead.referrals_made.get(child__given_name="Lily")
    referral_triage(
        referral=declined,
        by=coordinator,
        decision=TriageDecision.NO_FURTHER_ACTION,
        reason="The school's pastoral support meets her needs.",
    )

    sign_in_as(lead)
    page.goto("/")
    # The home page's own link (the menu has another of the same name).
    page.get_by_role("main").get_by_role("link", name="Your referrals").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Referrals you have made"
    robyn = page.locator(".govuk-summary-card", has_text="Robyn Eastmere")
    assert "Waiting for triage" in robyn.inner_text()
    lily = page.locator(".govuk-summary-card", has_text="Lily Brackwater")
    assert "No further action: The school's pastoral support meets her needs." in (
        lily.inner_text()
    )
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide at 320 px"
    assert lily.is_visible()
    assert_accessible(page)
