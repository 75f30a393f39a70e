"""Who may open a meeting, and which children on its agenda each viewer is shown and logged for:
on the meeting page, in the minutes and in the minutes PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver, reverse
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.meetings import pdf
from seemehearme.meetings.access import meeting_access
from seemehearme.meetings.models import Meeting
from seemehearme.meetings.selectors import meeting_page
from seemehearme.meetings.services import attendance_record, meeting_minutes_record
from seemehearme.sharing.models import BreakGlassAccess
from tests.factories import PanelFactory, StaffUserFactory
from tests.meetings.conftest import police_coordinator

pytestmark = pytest.mark.django_db

WITHHELD_ONE = "1 other child was discussed; you do not have access to their record."


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_chair_attendees_and_panel_members_may_open_a_meeting_and_no_one_else(story):
    meeting = story.meeting
    assert meeting_access(story.chair, meeting).basis == "meeting_chair"
    assert meeting_access(story.officer, meeting).basis == "meeting_attendance"
    assert not meeting_access(story.stranger, meeting)
    panel = PanelFactory(area=meeting.area)
    panel.members.add(story.stranger)
    meeting.panel = panel
    meeting.save()
    assert meeting_access(story.stranger, meeting).basis == "meeting_panel"


def test_someone_who_sent_apologies_may_read_the_minutes(story):
    attendance_record(
        meeting=story.meeting,
        by=story.chair,
        agency=story.police,
        user=story.stranger,
        status="apologies",
    )
    assert meeting_access(story.stranger, story.meeting).allowed


@pytest.mark.parametrize("name", ["meeting", "minutes", "minutes-pdf", "attendance"])
def test_a_non_attendee_is_refused_every_meeting_page_and_sees_no_child(
    story, verified_client, name
):
    response = verified_client(story.stranger).get(
        reverse(f"meetings:{name}", args=[story.meeting.pk])
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert "Robyn" not in content
    assert "Jordan" not in content
    assert "you are not recorded in its attendance" in content
    # The refusal is logged once for each child on the agenda, and nothing else is.
    entries = AccessLogEntry.objects.filter(user=story.stranger)
    assert sorted(entry.child.given_name for entry in entries) == ["Jordan", "Robyn"]
    assert {(entry.allowed, entry.basis) for entry in entries} == {(False, "not_at_meeting")}
    assert {entry.subject for entry in entries} == {f"Meeting {story.meeting.pk}: not opened"}


def test_refusing_a_meeting_with_no_children_yet_is_logged_once(story, verified_client):
    story.meeting.agenda_children.all().delete()
    response = verified_client(story.stranger).get(
        reverse("meetings:meeting", args=[story.meeting.pk])
    )
    assert response.status_code == 403
    [entry] = AccessLogEntry.objects.filter(user=story.stranger)
    assert (entry.child, entry.allowed, entry.basis) == (None, False, "not_at_meeting")


def test_someone_from_another_partnership_is_refused(story, verified_client):
    outsider = StaffUserFactory(team__agency__area__slug="elsewhere", team__agency__area__name="X")
    story.meeting.attendances.create(
        agency=story.police, user=outsider, status="attended", recorded_by=story.chair
    )
    response = verified_client(outsider).get(reverse("meetings:meeting", args=[story.meeting.pk]))
    assert response.status_code == 403
    assert "different partnership" in response.content.decode()


def test_the_meeting_page_names_only_the_children_the_viewer_may_see_and_logs_each(
    story, verified_client
):
    response = verified_client(story.officer).get(
        reverse("meetings:meeting", args=[story.meeting.pk])
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Robyn Eastmere" in text
    assert "Jordan" not in text
    assert "Westfold" not in text
    assert WITHHELD_ONE in text
    entries = AccessLogEntry.objects.filter(user=story.officer)
    shown = entries.get(child=story.robyn)
    assert (shown.allowed, shown.action, shown.subject) == (True, "view_record", "Meeting")
    assert shown.basis == "case_team"
    refused = entries.get(child=story.jordan)
    assert (refused.allowed, refused.subject) == (False, "Meeting: not shown")


def test_the_chair_sees_every_child_and_no_withheld_note(story, verified_client):
    response = verified_client(story.chair).get(
        reverse("meetings:minutes", args=[story.meeting.pk])
    )
    text = _text(response)
    assert "Robyn Eastmere" in text
    assert "Jordan Westfold" in text
    assert "other child" not in text
    logged = AccessLogEntry.objects.filter(user=story.chair, subject="Meeting minutes")
    assert set(logged.values_list("child_id", "allowed")) == {
        (story.robyn.pk, True),
        (story.jordan.pk, True),
    }


def test_the_minutes_page_filters_and_logs_per_viewer(story, verified_client):
    response = verified_client(story.officer).get(
        reverse("meetings:minutes", args=[story.meeting.pk])
    )
    text = _text(response)
    assert "Robyn Eastmere" in text
    assert "Jordan" not in text
    assert WITHHELD_ONE in text
    logged = AccessLogEntry.objects.filter(user=story.officer, action=AccessAction.VIEW_RECORD)
    assert set(logged.values_list("child_id", "allowed", "subject")) == {
        (story.robyn.pk, True, "Meeting minutes"),
        (story.jordan.pk, False, "Meeting minutes: not shown"),
    }


def test_two_withheld_children_are_counted_in_the_plural(story, verified_client):
    attendance_record(
        meeting=story.meeting,
        by=story.chair,
        agency=story.police,
        user=story.stranger,
        status="attended",
    )
    text = _text(
        verified_client(story.stranger).get(reverse("meetings:minutes", args=[story.meeting.pk]))
    )
    assert "2 other children were discussed; you do not have access to their records." in text
    assert "Robyn" not in text


def test_the_minutes_pdf_is_drawn_from_the_filtered_minutes_and_logged_as_an_export(
    story, verified_client, monkeypatch
):
    drawn: list[str] = []
    real_render = pdf.render_pdf

    def spy(html: str) -> bytes:
        drawn.append(html)
        return real_render(html)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    Meeting.objects.filter(pk=story.meeting.pk).update(minutes="The park was discussed.")
    response = verified_client(story.officer).get(
        reverse("meetings:minutes-pdf", args=[story.meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"].split(", ")
    assert response.content.startswith(b"%PDF")
    (html,) = drawn
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert "Robyn Eastmere" in text
    assert "Jordan" not in text
    assert "Westfold" not in text
    assert WITHHELD_ONE in text
    assert "made for Sam Constable" in text
    logged = AccessLogEntry.objects.filter(user=story.officer, action=AccessAction.EXPORT)
    assert set(logged.values_list("child_id", "allowed", "subject")) == {
        (story.robyn.pk, True, "Meeting minutes (PDF)"),
        (story.jordan.pk, False, "Meeting minutes (PDF): not shown"),
    }


def test_the_pdf_document_loads_nothing_from_outside(story):
    # Text typed into the minutes must never make the server fetch a URL.
    story.meeting.minutes = '<img src="http://127.0.0.1:9/x.png">'
    page = meeting_page(user=story.chair, meeting=story.meeting)
    html = pdf.minutes_document(page=page)
    assert "<img" not in html  # escaped like any other text
    assert pdf._no_fetching()._allowed_protocols == ()


def test_a_page_about_one_child_refuses_and_logs_a_child_the_viewer_may_not_see(
    story, verified_client
):
    coordinator = police_coordinator(story)
    url = reverse("meetings:participation", args=[story.meeting.pk])
    response = verified_client(coordinator).get(f"{url}?agenda={story.jordan_item.pk}")
    assert response.status_code == 403
    assert "Jordan" not in response.content.decode()
    entry = AccessLogEntry.objects.get(user=coordinator, child=story.jordan)
    assert entry.allowed is False
    assert entry.basis == "no_relationship"
    allowed = verified_client(coordinator).get(f"{url}?agenda={story.robyn_item.pk}")
    assert allowed.status_code == 200
    assert "Robyn Eastmere" in allowed.content.decode()


def test_an_agenda_entry_of_another_meeting_is_not_found(story, verified_client):
    from seemehearme.meetings.services import meeting_plan
    from tests.meetings.conftest import meeting_type

    other = meeting_plan(
        by=story.chair,
        meeting_type=meeting_type("strategy-discussion"),
        held_at=story.meeting.held_at,
        location="Phone",
        chair=story.chair,
    )
    url = reverse("meetings:decision", args=[other.pk])
    response = verified_client(story.chair).get(f"{url}?agenda={story.robyn_item.pk}")
    assert response.status_code == 404


def test_every_meeting_url_checks_the_meeting():
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "meetings":
            for route in pattern.url_patterns:
                if "meeting_id" in str(route.pattern):
                    assert getattr(route.callback, "meeting_access_checked", False), route


def test_break_glass_shows_a_child_in_the_minutes_but_does_not_let_anyone_record(
    story, verified_client
):
    coordinator = police_coordinator(story)
    BreakGlassAccess.objects.create(
        user=coordinator,
        child=story.jordan,
        reason="Jordan went missing last night and was found with Robyn.",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client = verified_client(coordinator)
    minutes = _text(client.get(reverse("meetings:minutes", args=[story.meeting.pk])))
    assert "Jordan Westfold" in minutes
    logged = AccessLogEntry.objects.filter(user=coordinator, child=story.jordan).get()
    assert logged.break_glass is True
    url = reverse("meetings:decision", args=[story.meeting.pk])
    response = client.get(f"{url}?agenda={story.jordan_item.pk}")
    assert response.status_code == 403
    assert "Break-glass access lets you read, not record." in response.content.decode()
    refusal = AccessLogEntry.objects.filter(user=coordinator, child=story.jordan).latest("id")
    assert (refusal.allowed, refusal.basis) == (False, "break_glass_read_only")
    assert AccessLogEntry.objects.filter(user=coordinator, child=story.jordan).count() == 2


def test_an_analyst_recorded_at_a_meeting_sees_no_child_and_cannot_write_it_up(story):
    analyst = StaffUserFactory(
        team__agency=story.police, agency=story.police, role=Role.INTELLIGENCE_ANALYST
    )
    attendance_record(
        meeting=story.meeting, by=story.chair, agency=story.police, user=analyst, status="attended"
    )
    page = meeting_page(user=analyst, meeting=story.meeting)
    assert page.rows == []
    assert page.withheld_count == 2
    with pytest.raises(PermissionDenied):
        meeting_minutes_record(
            meeting=story.meeting, by=analyst, version=story.meeting.version, minutes="Notes."
        )
