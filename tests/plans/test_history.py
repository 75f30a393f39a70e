"""The plan's history: who changed what and when, in plain words, from the history records."""

from __future__ import annotations

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.plans.models import ActionStatus
from seemehearme.plans.selectors import plan_history
from seemehearme.plans.services import plan_action_add, plan_action_update, plan_update

pytestmark = pytest.mark.django_db


def _long_date(date) -> str:
    return f"{date.day} {date:%B %Y}"


def test_the_history_page_says_who_changed_what(story, verified_client):
    action = plan_action_add(
        plan=story.plan,
        by=story.key_worker,
        agency=story.social_care,
        owner=story.key_worker,
        description="Arrange safe transport",
        due_on=story.today(7),
    )
    # The status change goes through the page, so the history takes the user from the request.
    client = verified_client(story.key_worker)
    response = client.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.IN_PROGRESS,
            "status_note": "Taxi booked for Tuesdays and Thursdays",
            "due_on_day": action.due_on.day,
            "due_on_month": action.due_on.month,
            "due_on_year": action.due_on.year,
            "version": str(action.version),
        },
    )
    assert response.status_code == 302

    page = client.get(f"/plans/{story.plan.pk}/history")
    rows = [
        row.get_text(" ", strip=True)
        for row in BeautifulSoup(page.content, "html.parser").select("tbody tr")
    ]
    assert (
        "Sam Patel changed the status of 'Arrange safe transport' from Not started to In "
        "progress" in rows[0]
    )
    assert "Note: Taxi booked for Tuesdays and Thursdays" in rows[0]
    assert (
        "Sam Patel added the action 'Arrange safe transport' for Testshire Children's Services, "
        f"owned by Sam Patel, due by {_long_date(story.today(7))}" in rows[1]
    )
    assert "started the plan" in rows[2]
    entry = AccessLogEntry.objects.filter(user=story.key_worker).latest("id")
    assert (entry.action, entry.child, entry.allowed) == (
        AccessAction.VIEW_HISTORY,
        story.child,
        True,
    )


def test_the_history_describes_each_kind_of_change_newest_first(story):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        action = plan_action_add(
            plan=story.plan,
            by=story.key_worker,
            agency=story.police,
            owner=story.officer,
            description="Serve a Child Abduction Warning Notice",
            due_on=story.today(7),
            disruption_tactic=story.tactic("cawn"),
            disruption_target="Adult male seen at the park",
        )
    with time_machine.travel(start + timezone.timedelta(minutes=1), tick=False):
        plan_action_update(
            action=action,
            by=story.officer,
            status=ActionStatus.NOT_STARTED,
            status_note="Waiting for the name to be confirmed",
            due_on=story.today(10),
            expected_version=action.version,
        )
    with time_machine.travel(start + timezone.timedelta(minutes=2), tick=False):
        plan_update(
            plan=story.plan,
            by=story.coordinator,
            aims="Keep Jade safe at the weekend too.",
            review_due=story.today(30),
            expected_version=story.plan.version,
        )
    entries = plan_history(plan=story.plan)
    assert [entry.who for entry in entries] == [
        "Priya Coordinator",
        "Dan Okafor",
        "Sam Patel",
        "Someone (not recorded)",  # the plan was made outside a request, by the test factory
    ]
    first_review = story.plan.history.last().review_due
    assert entries[0].changes == [
        "Priya Coordinator changed the aims of the plan",
        f"Priya Coordinator changed the review date from {_long_date(first_review)} "
        f"to {_long_date(story.today(30))}",
    ]
    assert entries[0].detail == "Aims: Keep Jade safe at the weekend too."
    assert entries[1].changes == [
        "Dan Okafor changed the due date of 'Serve a Child Abduction Warning Notice' from "
        f"{_long_date(story.today(7))} to {_long_date(story.today(10))}"
    ]
    assert entries[1].detail == "Note: Waiting for the name to be confirmed"
    assert (
        entries[2]
        .changes[0]
        .endswith(
            ": disruption by Child Abduction Warning Notice, aimed at Adult male seen at the park"
        )
    )
