"""The plan form starts with a sensible chair, named with their agency."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.meetings.selectors import chair_choices, chair_default
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def _chair_options(response) -> list[tuple[str, bool]]:
    select = BeautifulSoup(response.content, "html.parser").select_one("select[name=chair]")
    return [
        (option.get_text(strip=True), option.has_attr("selected"))
        for option in select.select("option")
    ]


def test_the_chair_starts_as_the_person_planning_with_no_blank_choice(story, verified_client):
    options = _chair_options(verified_client(story.officer).get(reverse("meetings:plan")))
    assert "---------" not in [label for label, _ in options]
    assert [label for label, selected in options if selected] == [
        "Sam Constable (Testshire Police)"
    ]
    assert "Priya Chairwell (Testshire Council)" in [label for label, _ in options]


def test_someone_who_may_not_chair_is_offered_the_cse_coordinator(story):
    analyst = StaffUserFactory(
        team=story.officer.team, agency=story.police, role=Role.INTELLIGENCE_ANALYST
    )
    chairs = chair_choices(user=analyst)
    assert analyst not in chairs
    assert chair_default(user=analyst, chairs=chairs) == story.chair
