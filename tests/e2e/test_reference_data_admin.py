"""The system administrator looks after a local list in the back office, in a real browser: a
kind of meeting that meetings use cannot be reworded or deleted, only retired; once retired,
planning a meeting no longer offers it and the meeting already planned still shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.meetings.models import Meeting, MeetingType
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_administrator_retires_a_meeting_type_that_meetings_use(page, sign_in_as):
    council = AgencyFactory(name="Testshire Council")
    chair = StaffUserFactory(
        team=TeamFactory(agency=council), agency=council, role=Role.CSE_COORDINATOR
    )
    mace = MeetingType.objects.get(code="mace-child")
    meeting = Meeting.objects.create(
        area=council.area,
        meeting_type=mace,
        held_at=timezone.now() + dt.timedelta(days=7),
        location="Room 4, Civic Centre",
        chair=chair,
        created_by=chair,
    )
    sign_in_as(
        StaffUserFactory(
            team__agency=council,
            agency=council,
            role=Role.SYSTEM_ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
        )
    )

    # The live server's first request imports every URL module: slow on a busy machine.
    page.goto("/admin/meetings/meetingtype/", timeout=60_000)
    page.get_by_role("link", name="Child-focused MACE panel").click()
    page.wait_for_load_state()
    assert "Used by meetings" in page.locator("body").inner_text()

    page.get_by_label("Name:").fill("Child exploitation panel")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "its name cannot be changed" in body
    assert MeetingType.objects.get(pk=mace.pk).name == "Child-focused MACE panel"

    page.get_by_role("link", name="Delete").click()
    page.wait_for_load_state()
    assert "cannot be deleted: it is used by meetings" in page.locator("body").inner_text()

    page.get_by_label("Name:").fill("Child-focused MACE panel")
    page.get_by_label("Offered in forms").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "was changed successfully" in page.locator("body").inner_text()
    assert not MeetingType.objects.get(pk=mace.pk).is_active

    sign_in_as(chair)
    page.goto("/meetings/plan")
    form = page.locator("main").inner_text()
    assert "Contextual MACE panel" in form
    assert "Child-focused MACE panel" not in form
    assert_accessible(page)
    page.goto(f"/meetings/{meeting.pk}/")
    assert "Child-focused MACE panel" in page.get_by_role("heading", level=1).inner_text()
