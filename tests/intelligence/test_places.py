"""Places and trends: hotspots, kinds of venue, postcode districts, months and repeat locations,
from the small partnership in ``profile_world`` (figures worked out there by hand)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.intelligence.places import month_starts, places_and_trends
from tests.factories import AgencyFactory, StaffUserFactory
from tests.intelligence.profile_world import CHILD_NAMES, END, START, world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return world_build()


def test_month_starts_run_back_twelve_months():
    firsts = month_starts(dt.date(2026, 11, 30))
    assert firsts[0] == dt.date(2025, 12, 1)
    assert firsts[-1] == dt.date(2026, 11, 1)
    assert len(firsts) == 12


def test_hotspots_venues_districts_and_repeats(world):
    figures = places_and_trends(user=world.analyst, start=START, end=END)
    assert figures.hotspots.rows == [("The Test Hotel", [4, 4]), ("Quiet Park", [1, 1])]
    assert figures.venues.value("Hotel or guest house") == 4
    assert figures.venues.value("Park or open space") == 1
    assert figures.place_districts.value("NB1") == 4
    assert figures.place_districts.value("NB2") == 1
    assert figures.event_districts.value("NB1") == 2
    assert figures.event_districts.value("No postcode") == 1
    # Only the hotel was linked to two children or more.
    assert [label for label, _ in figures.repeats.rows] == [
        "The Test Hotel (Hotel or guest house, NB1)"
    ]


def test_months_count_events_associations_and_new_cases(world):
    figures = places_and_trends(user=world.analyst, start=START, end=END)
    months = figures.months
    assert months.value("October 2026") == 1  # events
    assert months.value("August 2026") == 1
    assert months.value("October 2026", 1) == 9  # associations reported on 5 October
    assert months.value("July 2026", 1) == 1
    assert months.value("September 2026", 2) == 1  # Zebedee's case
    assert months.value("July 2026", 2) == 1  # Xavier's
    assert months.value("May 2026", 2) == 1  # Ysolde's
    assert months.value("January 2026", 2) == 1  # Wilf's


def test_another_agencys_intelligence_is_not_counted(world):
    """The places and their links are the police's; a council analyst with no agreement to
    receive them sees no places, though events are counted across the partnership."""
    council = AgencyFactory(area=world.analyst.agency.area, kind="social_care")
    analyst = StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=council)
    figures = places_and_trends(user=analyst, start=START, end=END)
    assert figures.hotspots.rows == []
    assert figures.event_districts.value("NB1") == 2


def test_the_page_counts_children_and_names_none(world, verified_client):
    client = verified_client(world.analyst)
    response = client.get(
        reverse("intelligence:places"),
        {
            "date_from_day": "1",
            "date_from_month": "9",
            "date_from_year": "2026",
            "date_to_day": "30",
            "date_to_month": "11",
            "date_to_year": "2026",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Test Hotel" in html
    assert "<svg" in html
    for name in CHILD_NAMES:
        assert name not in html
    entry = AccessLogEntry.objects.get(user=world.analyst)
    assert entry.child_id is None


def test_a_period_ending_before_it_starts_is_an_error(world, verified_client):
    client = verified_client(world.analyst)
    response = client.get(
        reverse("intelligence:places"),
        {
            "date_from_day": "1",
            "date_from_month": "12",
            "date_from_year": "2026",
            "date_to_day": "30",
            "date_to_month": "11",
            "date_to_year": "2026",
        },
    )
    assert response.status_code == 200
    assert "The to date must be the same as or after the from date" in response.content.decode()
