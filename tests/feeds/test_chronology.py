"""Agency events in the child's chronology, each shown only where an agreement shares it."""

from __future__ import annotations

import datetime as dt

import pytest

from seemehearme.areas.models import AgencyKind
from seemehearme.cases.chronology import child_chronology
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    relate,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory, event_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    child = ChildFactory(given_name="Robyn", family_name="Eastmere")
    area = child.area
    police = AgencyFactory(area=area, name="Northbridge Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(area=area, name="Northbridge Hospital", kind=AgencyKind.HEALTH)
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    # The school may see the police's incidents but not their intelligence, nor health data.
    AgreementFactory(area=area, parties=[police, school], categories=["police-incidents"])
    teacher = StaffUserFactory(team=TeamFactory(agency=school), agency=school)
    relate(child, RelationshipKind.KEY_WORKER, user=teacher)
    police_person = AgencyPersonFactory(agency=police, child=child)
    health_person = AgencyPersonFactory(agency=health, child=child)
    missing = AgencyEventFactory(
        person=police_person,
        occurred_on=dt.date(2026, 9, 20),
        location="Bus station",
        postcode="ZZ1 2BB",
        detail="Found at 23:40.",
        linked_people=[
            {
                "role": "adult of concern",
                "person_id": "A1",
                "given_name": "Sam",
                "family_name": "Exampleton",
                "date_of_birth": "1994-02-03",
                "age_at_event": 32,
            }
        ],
    )
    intelligence = AgencyEventFactory(
        person=police_person,
        event_type=event_type("intelligence-report"),
        occurred_on=dt.date(2026, 9, 21),
    )
    attendance = AgencyEventFactory(
        person=health_person,
        event_type=event_type("ae-attendance"),
        occurred_on=dt.date(2026, 9, 22),
    )
    return {
        "child": child,
        "teacher": teacher,
        "missing": missing,
        "intelligence": intelligence,
        "attendance": attendance,
        "police": police,
    }


def timeline(user, child):
    return child_chronology(user=user, child=child, access=relationship_to_child(user, child))


def test_events_are_in_the_chronology_as_their_agency_and_category(story):
    rows = timeline(story["teacher"], story["child"]).select(kinds=["agency-event"])
    shown = [(row.entry.title, row.entry.detail) for row in rows.shown]
    assert shown == [
        (
            "Missing episode: Bus station, ZZ1 2BB",
            "Found at 23:40.\nAdult of concern: Sam Exampleton, aged 32",
        )
    ]
    assert rows.shown[0].entry.ref == f"agency event {story['missing'].pk}"
    withheld = {(w.source_agency.name, w.category.code, w.count) for w in rows.withheld}
    assert withheld == {
        ("Northbridge Police", "police-intelligence", 1),
        ("Northbridge Hospital", "health", 1),
    }


def test_a_category_override_decides_who_sees_the_event(story):
    story["missing"].category = category("police-intelligence")
    story["missing"].save()
    rows = timeline(story["teacher"], story["child"]).select(kinds=["agency-event"])
    assert rows.shown == []


def test_the_sending_agency_sees_its_own_events(story):
    officer = StaffUserFactory(team=TeamFactory(agency=story["police"]), agency=story["police"])
    relate(story["child"], RelationshipKind.CASE_TEAM, user=officer)
    rows = timeline(officer, story["child"]).select(kinds=["agency-event"])
    assert {row.entry.title for row in rows.shown} == {
        "Missing episode: Bus station, ZZ1 2BB",
        "Intelligence report",
    }


def test_events_of_unresolved_persons_are_in_no_chronology(story):
    loose = AgencyEventFactory(person=AgencyPersonFactory(agency=story["police"]))
    assert loose.child is None
    rows = timeline(story["teacher"], story["child"]).select(kinds=["agency-event"])
    assert loose.pk not in {row.entry.ref for row in rows.shown + rows.refused}
    assert len(rows.shown) + len(rows.refused) == 3


def test_the_chronology_page_shows_shared_events(story, verified_client):
    response = verified_client(story["teacher"]).get(f"/children/{story['child'].pk}/chronology")
    page = response.content.decode()
    assert "Missing episode: Bus station" in page
    assert "Intelligence report" not in page
