"""Choosing children for an agenda asks the access policy about every candidate at once: the
number of queries stays the same however many children the chair works with."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import (
    can_record,
    can_record_many,
    relationship_to_child,
    relationships_to_children,
)
from tests.factories import ChildFactory, PanelFactory, StaffUserFactory, TeamFactory, relate

pytestmark = pytest.mark.django_db


def _children_both_work_with(story, count: int) -> list:
    children = []
    for _ in range(count):
        child = ChildFactory(area=story.meeting.area)
        relate(child, RelationshipKind.KEY_WORKER, user=story.chair)
        relate(child, RelationshipKind.CASE_TEAM, user=story.officer)
        children.append(child)
    return children


def _picker(client, story) -> tuple[int, list[str]]:
    url = reverse("meetings:children", args=[story.meeting.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    labels = BeautifulSoup(response.content, "html.parser").select(".govuk-checkboxes__label")
    return len(queries), [label.get_text(strip=True) for label in labels]


def test_the_picker_runs_the_same_queries_for_few_children_and_many(story, verified_client):
    client = verified_client(story.officer)
    _children_both_work_with(story, 2)
    few_queries, few = _picker(client, story)
    _children_both_work_with(story, 25)
    many_queries, many = _picker(client, story)
    assert (len(few), len(many)) == (2, 27)
    assert many_queries == few_queries


def test_the_picker_still_lists_only_children_both_may_record_for(story, verified_client):
    (shared,) = _children_both_work_with(story, 1)
    chairs_only = ChildFactory(area=story.meeting.area, given_name="Chairsonly")
    relate(chairs_only, RelationshipKind.KEY_WORKER, user=story.chair)
    glass_only = ChildFactory(area=story.meeting.area, given_name="Glassonly")
    relate(glass_only, RelationshipKind.KEY_WORKER, user=story.chair)
    BreakGlassAccess.objects.create(
        user=story.officer,
        child=glass_only,
        reason="Emergency out of hours.",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    officers_only = ChildFactory(area=story.meeting.area, given_name="Officersonly")
    relate(officers_only, RelationshipKind.KEY_WORKER, user=story.officer)
    _, labels = _picker(verified_client(story.officer), story)
    assert len(labels) == 1
    assert labels[0].startswith(shared.full_name)


def test_asking_about_many_children_answers_as_asking_about_each(story):
    """The bulk answer is the one policy: the same decision, child by child, for every kind of
    relationship, break-glass, another area and none."""
    area = story.meeting.area
    manager = StaffUserFactory(
        team=story.chair.team, agency=story.council, role="team_manager", last_name="Manager"
    )
    panel_child = ChildFactory(area=area)

    panel = PanelFactory(area=area)
    panel.members.add(story.officer)
    relate(panel_child, RelationshipKind.PANEL, panel=panel)
    team_child = ChildFactory(area=area)
    relate(team_child, RelationshipKind.REFERRAL_HOLDER, team=story.officer.team)
    flag_child = ChildFactory(area=area)
    relate(flag_child, RelationshipKind.FLAG_REVIEW, team=story.officer.team)
    ended = ChildFactory(area=area)
    relate(
        ended,
        RelationshipKind.KEY_WORKER,
        user=story.officer,
        started_on=timezone.localdate() - dt.timedelta(days=30),
        ended_on=timezone.localdate() - dt.timedelta(days=1),
    )
    glass_child = ChildFactory(area=area)
    BreakGlassAccess.objects.create(
        user=story.officer,
        child=glass_child,
        reason="Emergency out of hours.",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    elsewhere = ChildFactory(area=TeamFactory().agency.area)
    children = [
        story.robyn,
        story.jordan,
        panel_child,
        team_child,
        flag_child,
        ended,
        glass_child,
        elsewhere,
    ]
    for user in [story.officer, story.chair, manager, story.stranger]:
        many = relationships_to_children(user, children)
        recordable = can_record_many(user, children)
        for child in children:
            assert many[child.pk] == relationship_to_child(user, child), (user, child)
            assert recordable[child.pk] == can_record(user, child), (user, child)
    bases = {d.basis for d in relationships_to_children(story.officer, children).values()}
    assert {"case_team", "panel", "referral_holder", "flag_review", "break_glass"} <= bases
    assert relationships_to_children(manager, [story.robyn])[story.robyn.pk].basis == (
        "team_manager"
    )
