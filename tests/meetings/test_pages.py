"""Planning and recording a meeting through the real pages, without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.forms_case import DecisionForm
from seemehearme.cases.models import Decision
from seemehearme.meetings.models import Meeting, MeetingStatus
from seemehearme.people.models import RelationshipKind
from seemehearme.plans.models import PlanAction
from tests.factories import ChildFactory, relate
from tests.meetings.conftest import meeting_type

pytestmark = pytest.mark.django_db


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _errors(response) -> list[str]:
    summary = _soup(response).select(".govuk-error-summary__list li")
    return [item.get_text(strip=True) for item in summary]


def test_the_list_shows_meetings_to_their_attendees_only(story, verified_client):
    mine = verified_client(story.officer).get(reverse("meetings:list"))
    assert "Child-focused MACE panel" in mine.content.decode()
    assert "2 children" in _soup(mine).get_text(" ")
    theirs = verified_client(story.stranger).get(reverse("meetings:list"))
    assert "Child-focused MACE panel" not in theirs.content.decode()
    assert "You have no recent meetings." in theirs.content.decode()


def test_plan_a_meeting_then_choose_children_the_chair_works_with(story, verified_client):
    client = verified_client(story.chair)
    next_week = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        reverse("meetings:plan"),
        {
            "meeting_type": meeting_type("strategy-discussion").pk,
            "held_on_day": next_week.day,
            "held_on_month": next_week.month,
            "held_on_year": next_week.year,
            "time": "2.30pm",
            "location": "Teams call",
            "chair": story.chair.pk,
        },
    )
    meeting = Meeting.objects.latest("id")
    assert response.status_code == 302
    assert response.url == reverse("meetings:children", args=[meeting.pk])
    assert timezone.localtime(meeting.held_at).time() == dt.time(14, 30)
    assert meeting.status == MeetingStatus.PLANNED

    not_mine = ChildFactory(area=story.meeting.area, given_name="Morgan")
    relate(not_mine, RelationshipKind.KEY_WORKER, user=story.officer)
    page = client.get(reverse("meetings:children", args=[meeting.pk]))
    labels = [
        label.get_text(strip=True) for label in _soup(page).select(".govuk-checkboxes__label")
    ]
    assert len(labels) == 2
    assert any("Robyn Eastmere" in label for label in labels)
    assert not any("Morgan" in label for label in labels)
    listed = AccessLogEntry.objects.filter(
        user=story.chair, subject="Listed to choose a meeting's agenda"
    )
    assert set(listed.values_list("child_id", flat=True)) == {story.robyn.pk, story.jordan.pk}

    response = client.post(
        reverse("meetings:children", args=[meeting.pk]), {"children": [story.robyn.pk]}
    )
    assert response.status_code == 302
    assert list(meeting.agenda_children.values_list("child_id", flat=True)) == [story.robyn.pk]


def test_the_plan_form_explains_what_is_missing(story, verified_client):
    response = verified_client(story.chair).post(
        reverse("meetings:plan"), {"time": "25:99", "chair": story.chair.pk}
    )
    assert response.status_code == 200
    assert _errors(response) == [
        "Choose the type of meeting",
        "Enter the date",
        "Enter the start time like 9:30 or 14:00",
        "Enter where the meeting is, or how to join it",
    ]


def test_not_invited_without_a_reason_is_shown_as_an_error(story, verified_client):
    url = reverse("meetings:participation", args=[story.meeting.pk])
    response = verified_client(story.chair).post(
        f"{url}?agenda={story.robyn_item.pk}",
        {
            "child_participation": "not_invited",
            "child_participation_note": "",
            "family_participation": "views_shared",
            "family_participation_note": "Her mum wrote to the panel.",
            "discussion": 'Robyn said: "I\'m fine, stop worrying."',
            "version": story.robyn_item.version,
        },
    )
    assert response.status_code == 200
    assert _errors(response) == ["Enter why Robyn was not invited"]
    link = _soup(response).select_one(".govuk-error-summary__list a")
    assert link["href"] == "#id_child_participation_note"


def test_recording_how_the_child_took_part_shows_their_words_exactly(story, verified_client):
    client = verified_client(story.chair)
    url = reverse("meetings:participation", args=[story.meeting.pk])
    words = "I'm fine, stop worrying. <He> is my friend."
    response = client.post(
        f"{url}?agenda={story.robyn_item.pk}",
        {
            "child_participation": "views_shared",
            "child_participation_note": "Her advocate read out her letter.",
            "family_participation": "attended",
            "discussion": words,
            "version": story.robyn_item.version,
        },
    )
    assert response.status_code == 302
    minutes = client.get(reverse("meetings:minutes", args=[story.meeting.pk]))
    assert words in _soup(minutes).get_text()
    assert "Views shared through their key worker or an advocate" in minutes.content.decode()


def test_a_decision_without_the_child_asks_why_on_the_page(story, verified_client):
    url = reverse("meetings:decision", args=[story.meeting.pk])
    response = verified_client(story.chair).post(
        f"{url}?agenda={story.robyn_item.pk}",
        {
            "summary": "Move her to a placement out of the area",
            "child_took_part": "no",
            "child_view": "",
            "how_weighed": "",
        },
    )
    # Why not is asked instead of what the child thinks, and checked on the server.
    assert _errors(response) == ["Enter why the child did not take part"]
    # The meeting's page uses the case's one decision form, without a date (it is the
    # meeting's), and the one decision service.
    assert type(response.context["form"]) is DecisionForm
    assert "made_on" not in response.context["form"].fields
    response = verified_client(story.chair).post(
        f"{url}?agenda={story.robyn_item.pk}",
        {
            "summary": "Move her to a placement out of the area",
            "child_took_part": "no",
            "why_without_child": "She was in hospital on the day.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.why_without_child == "She was in hospital on the day."
    assert decision.made_on == timezone.localdate(story.meeting.held_at)


def test_a_decision_with_the_child_asks_what_they_think(story, verified_client):
    url = reverse("meetings:decision", args=[story.meeting.pk])
    response = verified_client(story.chair).post(
        f"{url}?agenda={story.robyn_item.pk}",
        {"summary": "Move her to a placement out of the area", "child_took_part": "yes"},
    )
    assert _errors(response) == [
        "Enter what the child thinks, in their words if you can",
        "Enter how the child's view was weighed",
    ]
    assert not Decision.objects.exists()


def test_an_action_agreed_on_the_page_appears_on_the_plan_and_in_the_minutes(
    story, verified_client
):
    client = verified_client(story.chair)
    url = reverse("meetings:action", args=[story.meeting.pk])
    form = client.get(f"{url}?agenda={story.robyn_item.pk}")
    owners = [option["value"] for option in _soup(form).select("#id_owner option")]
    assert str(story.officer.pk) in owners
    assert str(story.stranger.pk) not in owners  # not on Robyn's case team
    due = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        f"{url}?agenda={story.robyn_item.pk}",
        {
            "description": "Patrol the park on Friday evenings.",
            "agency": story.police.pk,
            "owner": story.officer.pk,
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
            "disruption_tactic": "",
            "disruption_target": "",
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(plan=story.robyn_plan)
    assert (action.owner, action.agency, action.due_on) == (story.officer, story.police, due)
    minutes = client.get(reverse("meetings:minutes", args=[story.meeting.pk]))
    assert "Patrol the park on Friday evenings." in minutes.content.decode()


def test_attendance_and_minutes_through_the_pages(story, verified_client):
    client = verified_client(story.chair)
    response = client.post(
        reverse("meetings:attendance", args=[story.meeting.pk]),
        {
            f"status_user_{story.chair.pk}": "attended",
            f"status_user_{story.officer.pk}": "attended",
            "add_agency": story.council.pk,
            "add_person_name": "Jo Advocate",
            "add_job_title": "Independent advocate",
            "add_status": "apologies",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("meetings:attendance", args=[story.meeting.pk])
    response = client.post(
        reverse("meetings:minutes-write", args=[story.meeting.pk]),
        {"minutes": "The park and the takeaway were discussed.", "version": story.meeting.version},
    )
    assert response.status_code == 302
    minutes = _soup(client.get(reverse("meetings:minutes", args=[story.meeting.pk])))
    rows = {
        row.th.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in minutes.select("table tbody tr")
        if row.th
    }
    assert rows["Testshire Council"] == ["Priya Chairwell", "Jo Advocate, Independent advocate", ""]
    assert rows["Testshire Police"] == ["Sam Constable", "", ""]
    assert "The park and the takeaway were discussed." in minutes.get_text()


def test_an_out_of_date_minutes_form_is_refused_with_a_plain_message(story, verified_client):
    client = verified_client(story.chair)
    url = reverse("meetings:minutes-write", args=[story.meeting.pk])
    loaded = story.meeting.version
    client.post(url, {"minutes": "First.", "version": loaded})
    response = client.post(url, {"minutes": "Second.", "version": loaded})
    assert response.status_code == 200
    assert _errors(response)[0].startswith("Someone else saved changes to this")
