"""A retired kind of meeting, or disruption tactic, is no longer offered when planning or
agreeing an action, and the meetings already held still say what kind they were (ADR 0013)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.plans.models import DisruptionTactic
from tests.meetings.conftest import meeting_type

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_retired_meeting_type_is_not_offered_and_its_meetings_still_show_it(
    story, verified_client
):
    mace = meeting_type("mace-child")
    client = verified_client(story.chair)
    assert mace.name in _text(client.get(reverse("meetings:plan")))

    mace.is_active = False
    mace.save()

    plan = _text(client.get(reverse("meetings:plan")))
    assert mace.name not in plan
    assert meeting_type("mace-contextual").name in plan
    assert mace.name in _text(client.get(reverse("meetings:meeting", args=[story.meeting.pk])))
    assert mace.name in _text(client.get(reverse("meetings:list")))


def test_a_retired_disruption_tactic_is_not_offered_for_a_meetings_action(story, verified_client):
    tactic = DisruptionTactic.objects.get(code="cawn")
    url = f"{reverse('meetings:action', args=[story.meeting.pk])}?agenda={story.robyn_item.pk}"
    client = verified_client(story.chair)
    assert tactic.name in _text(client.get(url))

    tactic.is_active = False
    tactic.save()

    page = _text(client.get(url))
    assert tactic.name not in page
    assert DisruptionTactic.objects.get(code="taxi-licensing").name in page
