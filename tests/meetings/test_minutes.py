"""The minutes belong to the chair: only the chair or a CSE coordinator writes the minutes and
records decisions and actions; everyone else at the meeting suggests wording, which the chair
uses or sets aside. Every change to the minutes is kept and shown, and minutes that name a child
on the agenda are warned about."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.models import Decision
from seemehearme.meetings.models import MeetingStatus, SuggestionStatus
from seemehearme.meetings.selectors import children_named_in, minutes_history
from seemehearme.meetings.services import (
    attendance_record,
    meeting_action_add,
    meeting_decision_record,
    meeting_minutes_record,
    minutes_suggest,
    minutes_suggestion_decide,
)
from seemehearme.people.models import RelationshipKind
from tests.factories import AgencyFactory, PanelFactory, StaffUserFactory, TeamFactory, relate
from tests.meetings.conftest import police_coordinator

pytestmark = pytest.mark.django_db

REFUSED = "Only the chair, Priya Chairwell, or a CSE coordinator writes this meeting's minutes"


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def panel_member(story):
    """A youth justice panel member: the meeting is their panel's, and Robyn is listed there."""
    youth_justice = AgencyFactory(
        area=story.meeting.area, name="Testshire Youth Justice", kind=AgencyKind.YOUTH_JUSTICE
    )
    member = StaffUserFactory(
        team=TeamFactory(agency=youth_justice),
        agency=youth_justice,
        role=Role.PANEL_MEMBER,
        first_name="Jo",
        last_name="Panelist",
    )
    panel = PanelFactory(area=story.meeting.area, name="Testshire MACE panel")
    panel.members.add(member)
    story.meeting.panel = panel
    story.meeting.save()
    relate(story.robyn, RelationshipKind.PANEL, panel=panel, case=story.robyn_case)
    return member


def _minutes(story, by, text="Hotspots reviewed.", **extra):
    story.meeting.refresh_from_db()
    return meeting_minutes_record(
        meeting=story.meeting, by=by, version=story.meeting.version, minutes=text, **extra
    )


# --- Services ------------------------------------------------------------------------------------


def test_only_the_chair_or_a_coordinator_writes_minutes_decisions_and_actions(story, panel_member):
    for outsider in (panel_member, story.officer):
        with pytest.raises(PermissionDenied, match=REFUSED):
            _minutes(story, outsider, "Rewritten by someone else.")
        with pytest.raises(PermissionDenied, match=REFUSED):
            meeting_decision_record(
                agenda_child=story.robyn_item,
                by=outsider,
                summary="Move her out of the area",
                child_took_part=False,
                why_without_child="Not asked.",
            )
        with pytest.raises(PermissionDenied, match=REFUSED):
            meeting_action_add(
                agenda_child=story.robyn_item,
                by=outsider,
                agency=story.police,
                owner=story.officer,
                description="Visit the park.",
                due_on=timezone.localdate() + dt.timedelta(days=3),
            )
    assert not Decision.objects.exists()
    _minutes(story, story.chair, "The chair's minutes.")
    _minutes(story, police_coordinator(story), "A coordinator's correction.")
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "A coordinator's correction."


def test_suggested_wording_changes_nothing_until_the_chair_uses_it(story, panel_member):
    _minutes(story, story.chair, "Hotspots reviewed.")
    used = minutes_suggest(
        meeting=story.meeting, by=panel_member, text="Hotspots reviewed: the station and the park."
    )
    other = minutes_suggest(meeting=story.meeting, by=story.officer, text="Nothing happened.")
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "Hotspots reviewed."

    with pytest.raises(PermissionDenied):
        minutes_suggestion_decide(
            suggestion=used, by=panel_member, use=True, version=story.meeting.version
        )
    minutes_suggestion_decide(
        suggestion=used, by=story.chair, use=True, version=story.meeting.version
    )
    minutes_suggestion_decide(suggestion=other, by=story.chair, use=False, version=None)
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "Hotspots reviewed: the station and the park."
    used.refresh_from_db()
    other.refresh_from_db()
    assert (used.status, used.decided_by) == (SuggestionStatus.USED, story.chair)
    assert (other.status, other.decided_by) == (SuggestionStatus.SET_ASIDE, story.chair)
    assert other.text == "Nothing happened."  # set aside, never deleted


def test_the_minutes_history_says_who_changed_them_when_and_what_they_said_before(
    story, panel_member
):
    _minutes(story, story.chair, "First wording.")
    suggestion = minutes_suggest(meeting=story.meeting, by=panel_member, text="Second wording.")
    story.meeting.refresh_from_db()
    minutes_suggestion_decide(
        suggestion=suggestion, by=story.chair, use=True, version=story.meeting.version
    )
    newest, first = minutes_history(meeting=story.meeting)
    assert (first.changed_by, first.before) == ("Priya Chairwell", "")
    assert (newest.changed_by, newest.before) == ("Priya Chairwell", "First wording.")
    assert newest.reason == "Used the wording suggested by Jo Panelist"
    assert newest.changed_at >= first.changed_at


def test_children_named_in_the_minutes_are_found_only_among_those_the_writer_may_see(story):
    text = "Robyn was seen at the station with Jordan; the Eastmere family moved."
    named = children_named_in(user=story.chair, meeting=story.meeting, text=text)
    assert {child.given_name for child in named} == {"Robyn", "Jordan"}
    # The officer may not see Jordan, so Jordan is never named back to him.
    named = children_named_in(user=story.officer, meeting=story.meeting, text=text)
    assert [child.given_name for child in named] == ["Robyn"]
    assert not children_named_in(user=story.chair, meeting=story.meeting, text="Robynsons Ltd")


# --- Pages ---------------------------------------------------------------------------------------


def test_a_panel_member_from_another_agency_is_refused_in_words_and_logged(
    story, panel_member, verified_client
):
    _minutes(story, story.chair, "The chair's minutes.")
    client = verified_client(panel_member)
    response = client.post(
        reverse("meetings:minutes-write", args=[story.meeting.pk]),
        {"minutes": "Rewritten.", "version": story.meeting.version},
    )
    assert response.status_code == 403
    assert REFUSED in _text(response)
    assert "Suggest wording for the minutes" in _text(response)
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "The chair's minutes."
    entry = AccessLogEntry.objects.get(user=panel_member, subject="Meeting minutes: write: refused")
    assert (entry.allowed, entry.basis, entry.child) == (False, "not_meeting_chair", None)

    url = reverse("meetings:decision", args=[story.meeting.pk])
    response = client.post(
        f"{url}?agenda={story.robyn_item.pk}",
        {"summary": "Move her", "child_took_part": "no", "why_without_child": "Not asked."},
    )
    assert response.status_code == 403
    assert REFUSED in _text(response)
    assert not Decision.objects.exists()
    entry = AccessLogEntry.objects.get(
        user=panel_member, subject="Meeting: recording a decision: refused"
    )
    assert (entry.allowed, entry.basis, entry.child) == (False, "not_meeting_chair", story.robyn)

    # The meeting page offers them a suggestion, not the chair's pen.
    page = _text(client.get(reverse("meetings:meeting", args=[story.meeting.pk])))
    assert "Suggest wording for the minutes" in page
    assert "Change the minutes" not in page
    assert "Add a decision" not in page


def test_a_suggestion_made_on_the_page_is_used_by_the_chair(story, panel_member, verified_client):
    _minutes(story, story.chair, "Hotspots reviewed.")
    member = verified_client(panel_member)
    url = reverse("meetings:minutes-suggest", args=[story.meeting.pk])
    assert "Hotspots reviewed." in member.get(url).content.decode()  # starts from the minutes
    response = member.post(url, {"text": "Hotspots reviewed, and the late-night takeaway."})
    assert response.status_code == 302

    chair = verified_client(story.chair)
    write = reverse("meetings:minutes-write", args=[story.meeting.pk])
    page = _text(chair.get(write))
    assert "From Jo Panelist, Testshire Youth Justice" in page
    assert "Hotspots reviewed, and the late-night takeaway." in page
    suggestion = story.meeting.minutes_suggestions.get()
    story.meeting.refresh_from_db()
    response = chair.post(
        reverse("meetings:minutes-suggestion", args=[story.meeting.pk]),
        {"suggestion": suggestion.pk, "use": "yes", "version": story.meeting.version},
    )
    assert response.status_code == 302
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "Hotspots reviewed, and the late-night takeaway."
    assert story.meeting.status == MeetingStatus.HELD

    # Everyone at the meeting reads who changed the minutes, when, and what they said before.
    minutes = _text(member.get(reverse("meetings:minutes", args=[story.meeting.pk])))
    assert "Changes to the minutes" in minutes
    assert "changed by Priya Chairwell (Used the wording suggested by Jo Panelist)" in minutes
    assert "What the minutes said before" in minutes
    assert "Hotspots reviewed." in minutes


def test_minutes_that_name_a_child_on_the_agenda_are_warned_about(story, verified_client):
    client = verified_client(story.chair)
    url = reverse("meetings:minutes-write", args=[story.meeting.pk])
    posted = {
        "minutes": "Robyn Eastmere was seen at the station.",
        "version": story.meeting.version,
    }
    response = client.post(url, posted)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    warning = page.select_one(".govuk-warning-text.smh-names-warning").get_text(" ", strip=True)
    assert "This wording names Robyn Eastmere, who is on the agenda." in warning
    assert page.select_one("#id_minutes").get_text() == posted["minutes"]  # nothing lost
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == ""

    response = client.post(url, posted | {"names_checked": "1"})
    assert response.status_code == 302
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "Robyn Eastmere was seen at the station."
    # Opening the page again still warns about the saved minutes.
    assert "These minutes name Robyn Eastmere" in _text(client.get(url))


def test_an_analyst_at_the_meeting_is_not_offered_the_pen_or_a_suggestion(story, verified_client):
    analyst = StaffUserFactory(
        team__agency=story.police, agency=story.police, role=Role.INTELLIGENCE_ANALYST
    )
    attendance_record(
        meeting=story.meeting, by=story.chair, agency=story.police, user=analyst, status="attended"
    )
    client = verified_client(analyst)
    page = _text(client.get(reverse("meetings:meeting", args=[story.meeting.pk])))
    assert "Suggest wording for the minutes" not in page
    assert "Write the minutes" not in page
    response = client.get(reverse("meetings:minutes-write", args=[story.meeting.pk]))
    assert response.status_code == 403
    assert "Your role does not record meetings." in _text(response)
    assert "Suggest wording" not in _text(response)
