"""A retired event type is no longer listed for uploads and a new event of it is refused, and
the events already recorded still show its name in the child's chronology (ADR 0013)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.people.models import RelationshipKind
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory, relate
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory, event_type

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_retired_event_type_is_not_listed_and_old_events_keep_its_name(verified_client):
    child = ChildFactory(given_name="Robyn", family_name="Eastmere")
    police = AgencyFactory(area=child.area, name="Northbridge Police", kind=AgencyKind.POLICE)
    team = TeamFactory(agency=police)
    analyst = StaffUserFactory(team=team, agency=police, role=Role.INTELLIGENCE_ANALYST)
    officer = StaffUserFactory(team=team, agency=police, role=Role.PRACTITIONER)
    relate(child, RelationshipKind.CASE_TEAM, user=officer)
    AgencyEventFactory(
        person=AgencyPersonFactory(agency=police, child=child),
        occurred_on=dt.date(2026, 9, 20),
        location="Bus station",
    )
    missing = event_type("missing-episode")
    client = verified_client(analyst)
    assert missing.name in text(client.get(reverse("feeds:upload")))

    missing.is_active = False
    missing.save()

    upload = text(client.get(reverse("feeds:upload")))
    assert missing.name not in upload
    assert "absent-episode" in upload
    chronology = text(verified_client(officer).get(reverse("cases:chronology", args=[child.pk])))
    assert "Missing episode: Bus station" in chronology
