"""Young people's participation: recording it, who may read and write it, and the "you said,
we did" pages, through the real database and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.areas.models import Role
from seemehearme.participation.models import ActivityKind, ParticipationActivity
from seemehearme.participation.services import activity_save, change_record
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db

HELD = dt.date(2026, 10, 14)


def _values(**overrides):
    values = {
        "title": "Consultation on the CSE leaflet",
        "kind": ActivityKind.CONSULTATION,
        "held_on": HELD,
        "run_by": None,
        "young_people": 12,
        "aged_under_13": None,
        "aged_13_to_15": 7,
        "aged_16_to_17": 5,
        "aged_18_to_25": None,
        "girls": 8,
        "boys": 3,
        "other_or_not_said": 1,
        "they_said": "Nobody told us what happens after you tell someone.",
    }
    return values | overrides


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def coordinator():
    return StaffUserFactory(role=Role.CSE_COORDINATOR)


@pytest.fixture
def activity(coordinator):
    return activity_save(by=coordinator, **_values())


def test_a_coordinator_records_an_activity_of_their_partnership(coordinator, activity):
    assert activity.area == coordinator.agency.area
    assert activity.recorded_by == coordinator
    assert activity.they_said == "Nobody told us what happens after you tell someone."


@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD, Role.PRACTITIONER, Role.PANEL_MEMBER]
)
def test_only_the_strategic_lead_and_coordinators_record(role):
    with pytest.raises(PermissionDenied):
        activity_save(by=StaffUserFactory(role=role), **_values())


def test_age_bands_cannot_add_up_to_more_than_took_part(coordinator):
    with pytest.raises(ValidationError) as error:
        activity_save(by=coordinator, **_values(young_people=10))  # ages 7 + 5 = 12
    assert "aged_under_13" in error.value.message_dict


def test_what_changed_comes_after_what_they_said(coordinator, activity):
    with pytest.raises(ValidationError):
        change_record(
            by=coordinator, activity=activity, what_changed="x", changed_on=HELD - dt.timedelta(1)
        )
    change = change_record(
        by=coordinator,
        activity=activity,
        what_changed="The leaflet now says what happens next.",
        changed_on=HELD + dt.timedelta(days=30),
    )
    assert list(activity.changes.all()) == [change]


def test_another_partnership_cannot_change_an_activity(activity):
    other_area = AreaFactory(slug="otherton", name="Otherton Partnership")
    stranger = StaffUserFactory(
        role=Role.STRATEGIC_LEAD, team=TeamFactory(agency=AgencyFactory(area=other_area))
    )
    with pytest.raises(ValidationError):
        activity_save(by=stranger, activity=activity, **_values(title="Taken over"))
    with pytest.raises(ValidationError):
        change_record(by=stranger, activity=activity, what_changed="x", changed_on=HELD)


def test_the_page_shows_you_said_we_did_to_a_team_manager(verified_client, coordinator, activity):
    change_record(
        by=coordinator,
        activity=activity,
        what_changed="The leaflet now says what happens next.",
        changed_on=dt.date(2026, 11, 20),
    )
    manager = StaffUserFactory(role=Role.TEAM_MANAGER, team=coordinator.team)
    response = verified_client(manager).get("/participation/")
    assert response.status_code == 200
    text = _text(response)
    assert "Nobody told us what happens after you tell someone." in text
    assert "The leaflet now says what happens next. (20 November 2026)" in text
    assert "Record an activity" not in text  # a reader, not an editor
    assert verified_client(manager).get(f"/participation/{activity.pk}/edit").status_code == 403


def test_a_practitioner_is_refused(verified_client, activity):
    practitioner = StaffUserFactory(role=Role.PRACTITIONER)
    assert verified_client(practitioner).get("/participation/").status_code == 403
    assert verified_client(practitioner).get(f"/participation/{activity.pk}/").status_code == 403


def test_another_partnerships_activities_are_not_shown(verified_client, activity):
    other_area = AreaFactory(slug="otherton", name="Otherton Partnership")
    lead = StaffUserFactory(
        role=Role.STRATEGIC_LEAD, team=TeamFactory(agency=AgencyFactory(area=other_area))
    )
    client = verified_client(lead)
    assert activity.title not in _text(client.get("/participation/"))
    assert client.get(f"/participation/{activity.pk}/").status_code == 404


def test_recording_through_the_pages(verified_client, coordinator):
    client = verified_client(coordinator)
    form = {
        "title": "Young inspectors visit the hub",
        "kind": "young_inspectors",
        "held_on_day": "3",
        "held_on_month": "11",
        "held_on_year": "2026",
        "young_people": "4",
        "girls": "2",
        "boys": "2",
        "they_said": "The waiting room felt like a police station.",
    }
    response = client.post("/participation/new", form)
    activity = ParticipationActivity.objects.get(title="Young inspectors visit the hub")
    assert response.status_code == 302
    assert activity.girls == 2
    assert activity.aged_13_to_15 is None
    response = client.post(
        f"/participation/{activity.pk}/changes/new",
        {
            "what_changed": "The waiting room was repainted with young people's art.",
            "changed_on_day": "1",
            "changed_on_month": "12",
            "changed_on_year": "2026",
        },
    )
    assert response.status_code == 302
    page = _text(client.get(f"/participation/{activity.pk}/"))
    assert "The waiting room felt like a police station." in page
    assert "repainted with young people's art" in page
    assert "Girls: 2" in page


def test_the_form_explains_an_impossible_count(verified_client, coordinator):
    response = verified_client(coordinator).post(
        "/participation/new",
        {
            "title": "Forum",
            "kind": "group",
            "held_on_day": "3",
            "held_on_month": "11",
            "held_on_year": "2026",
            "young_people": "2",
            "girls": "3",
            "they_said": "Words",
        },
    )
    assert response.status_code == 200
    assert "These add up to 3, more than the 2 young people who took part." in _text(response)
    assert not ParticipationActivity.objects.exists()
