"""Attendance is one form: everyone expected (the chair, the panel's members, anyone already
recorded) with present, sent apologies or absent, plus someone to add, saved all at once."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from seemehearme.meetings.access import meeting_access
from seemehearme.meetings.models import Attendance, Meeting
from seemehearme.meetings.services import attendance_save
from tests.factories import PanelFactory

pytestmark = pytest.mark.django_db


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _statuses(meeting: Meeting) -> dict[str, str]:
    return {attendance.name: attendance.status for attendance in meeting.attendances.all()}


@pytest.fixture
def panel_meeting(story):
    panel = PanelFactory(area=story.meeting.area, name="Testshire MACE panel")
    panel.members.add(story.stranger)
    Meeting.objects.filter(pk=story.meeting.pk).update(panel=panel)
    story.meeting.refresh_from_db()
    return story


def test_the_form_asks_about_everyone_expected_in_one_page(panel_meeting, verified_client):
    story = panel_meeting
    page = _soup(
        verified_client(story.chair).get(reverse("meetings:attendance", args=[story.meeting.pk]))
    )
    legends = [legend.get_text(strip=True) for legend in page.select("form legend")]
    assert legends[:3] == [
        "Priya Chairwell, Testshire Council (chair)",
        "Sam Constable, Testshire Police",
        f"{story.stranger.display_name}, Testshire Police (panel member)",
    ]
    officer = page.select_one(f"input[name=status_user_{story.officer.pk}][checked]")
    assert officer["value"] == "attended"  # already recorded
    labels = [label.get_text(strip=True) for label in page.select("form fieldset")[0]("label")]
    assert labels == ["Present", "Sent apologies", "Absent"]
    assert "Add someone else (optional)" in page.get_text()


def test_one_save_records_everyone_and_the_person_added(panel_meeting, verified_client):
    story = panel_meeting
    response = verified_client(story.chair).post(
        reverse("meetings:attendance", args=[story.meeting.pk]),
        {
            f"status_user_{story.chair.pk}": "attended",
            f"status_user_{story.officer.pk}": "apologies",
            f"status_user_{story.stranger.pk}": "absent",
            "add_agency": story.council.pk,
            "add_person_name": "Jo Advocate",
            "add_job_title": "Independent advocate",
            "add_status": "attended",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("meetings:meeting", args=[story.meeting.pk])
    assert _statuses(story.meeting) == {
        "Priya Chairwell": "attended",
        "Sam Constable": "apologies",
        story.stranger.display_name: "absent",
        "Jo Advocate": "attended",
    }
    # A change of mind is a change of status, kept in the history.
    officer = Attendance.objects.get(meeting=story.meeting, user=story.officer)
    assert list(officer.history.values_list("status", flat=True)) == ["apologies", "attended"]


def test_a_missing_answer_saves_nothing_and_names_the_person(panel_meeting, verified_client):
    story = panel_meeting
    before = _statuses(story.meeting)
    response = verified_client(story.chair).post(
        reverse("meetings:attendance", args=[story.meeting.pk]),
        {
            f"status_user_{story.chair.pk}": "attended",
            f"status_user_{story.officer.pk}": "apologies",
            "add_agency": story.council.pk,
            "add_person_name": "Jo Advocate",
            "add_status": "attended",
        },
    )
    assert response.status_code == 200
    summary = [li.get_text(strip=True) for li in _soup(response).select(".govuk-error-summary li")]
    assert summary == [
        f"Choose whether {story.stranger.display_name} was present, sent apologies or was absent"
    ]
    assert _statuses(story.meeting) == before
    # What was typed is still on the page.
    assert _soup(response).select_one("input[name=add_person_name]")["value"] == "Jo Advocate"


def test_a_refused_addition_undoes_the_whole_save(story):
    with pytest.raises(ValidationError) as refused:
        attendance_save(
            meeting=story.meeting,
            by=story.chair,
            statuses={f"user_{story.chair.pk}": "attended", f"user_{story.officer.pk}": "absent"},
            new={"agency": story.council, "user": story.officer, "status": "attended"},
        )
    assert "add_user" in refused.value.message_dict
    assert _statuses(story.meeting) == {"Sam Constable": "attended"}


def test_someone_recorded_as_absent_cannot_open_the_meeting(panel_meeting):
    story = panel_meeting
    Meeting.objects.filter(pk=story.meeting.pk).update(panel=None)
    story.meeting.refresh_from_db()
    attendance_save(
        meeting=story.meeting,
        by=story.chair,
        statuses={f"user_{story.chair.pk}": "attended", f"user_{story.officer.pk}": "absent"},
    )
    assert not meeting_access(story.officer, story.meeting).allowed
    assert meeting_access(story.chair, story.meeting).allowed
