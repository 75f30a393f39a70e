"""A meeting's page and its attendance form in a real browser, at desktop width and at 320 px:
everyone expected is answered for on one page and saved at once, and the minutes are offered
only once written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.meetings.models import Meeting, MeetingType
from seemehearme.meetings.services import attendance_record, meeting_plan
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, PanelFactory, StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARROWEST = 320
COUNCIL = "Testshire Council"
POLICE = "Testshire Police"


@pytest.fixture
def meeting() -> Meeting:
    get_resolver().url_patterns  # noqa: B018  # load every page's code before the first request
    council = AgencyFactory(name=COUNCIL, kind=AgencyKind.SOCIAL_CARE)
    police = AgencyFactory(area=council.area, name=POLICE, kind=AgencyKind.POLICE)
    chair = StaffUserFactory(
        team=TeamFactory(agency=council),
        role=Role.CSE_COORDINATOR,
        first_name="Priya",
        last_name="Chairwell",
    )
    officer = StaffUserFactory(
        team=TeamFactory(agency=police), first_name="Sam", last_name="Constable"
    )
    member = StaffUserFactory(
        team=TeamFactory(agency=police), first_name="Alex", last_name="Panelist"
    )
    panel = PanelFactory(area=council.area, name="Testshire MACE panel")
    panel.members.add(member)
    meeting = meeting_plan(
        by=chair,
        meeting_type=MeetingType.objects.get(code="mace-child"),
        held_at=timezone.now() - dt.timedelta(hours=1),
        location="Room 4, Civic Centre",
        chair=chair,
        panel=panel,
    )
    attendance_record(meeting=meeting, by=chair, agency=police, user=officer, status="attended")
    return meeting


def main_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main").inner_text()


def assert_fits(page, width: int = NARROWEST) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def answer(page, person: str, status: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("group", name=person, exact=True).get_by_label(status, exact=True).check()


@pytest.mark.parametrize("width", [1280, NARROWEST])
def test_attendance_is_one_form_and_the_meeting_page_shows_it(page, sign_in_as, meeting, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(meeting.chair)
    page.goto(f"/meetings/{meeting.pk}/")
    text = main_text(page)
    assert "No minutes have been written yet." in text
    assert page.get_by_role("link", name="Read the minutes").count() == 0
    assert page.get_by_role("link", name="Download the minutes (PDF)").count() == 0
    assert_fits(page, width)
    assert_accessible(page)

    page.get_by_role("link", name="Record who came").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Record who came").is_visible()
    # Saving with someone unanswered keeps everything typed and says who is missing.
    answer(page, f"Priya Chairwell, {COUNCIL} (chair)", "Present")
    page.get_by_label("Agency", exact=True).select_option(label=COUNCIL)
    page.get_by_label("Name (if they do not have an account)").fill("Jo Advocate")
    page.get_by_label("Job title (optional)").fill("Independent advocate")
    answer(page, "Were they there?", "Sent apologies")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose whether Alex Panelist was present, sent apologies or was absent" in summary
    assert page.get_by_label("Name (if they do not have an account)").input_value() == (
        "Jo Advocate"
    )
    assert_fits(page, width)
    assert_accessible(page)

    answer(page, f"Alex Panelist, {POLICE} (panel member)", "Absent")
    answer(page, f"Sam Constable, {POLICE}", "Sent apologies")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    assert "Attendance saved." in main_text(page)
    attendance = page.locator("main ul.govuk-list").last.inner_text()
    assert f"{COUNCIL}: Priya Chairwell, Jo Advocate (apologies)" in attendance
    assert f"{POLICE}: Sam Constable (apologies), Alex Panelist (absent)" in attendance
    assert_fits(page, width)
    assert_accessible(page)

    # Everyone recorded is now on the form, with their answer.
    page.goto(f"/meetings/{meeting.pk}/attendance")
    group = page.get_by_role("group", name=f"Jo Advocate, {COUNCIL} (Independent advocate)")
    assert group.get_by_label("Sent apologies", exact=True).is_checked()
    assert_fits(page, width)
    assert_accessible(page)
