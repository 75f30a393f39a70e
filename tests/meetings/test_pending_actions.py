"""A panel can agree actions for a child whose case has no protection plan: the action is kept on
the child's case (and shown there) until the plan is written, when it is offered into it. The
chair can start the plan from the meeting. Nothing agreed is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from seemehearme.cases.models import Case
from seemehearme.meetings.services import meeting_action_add
from seemehearme.people.models import RelationshipKind
from seemehearme.plans.models import PendingAction, PlanAction, ProtectionPlan
from seemehearme.plans.services import pending_actions_carry, plan_create
from tests.factories import relate

pytestmark = pytest.mark.django_db

ACTION = "Return home interview within 72 hours of any missing episode."


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def _agree(story, **changes):
    values = {
        "agenda_child": story.jordan_item,
        "by": story.chair,
        "agency": story.council,
        "owner": story.chair,
        "description": ACTION,
        "due_on": timezone.localdate() + dt.timedelta(days=7),
    }
    return meeting_action_add(**(values | changes))


def _jordan_case(story) -> Case:
    return Case.objects.get(child=story.jordan)


def test_an_action_for_a_child_with_no_plan_is_kept_on_the_case(story):
    assert not ProtectionPlan.objects.filter(case=_jordan_case(story)).exists()
    link = _agree(story)
    assert not link.on_plan
    pending = link.pending_action
    assert pending.case == _jordan_case(story)
    assert (pending.description, pending.owner, pending.agency) == (
        ACTION,
        story.chair,
        story.council,
    )
    assert pending.agreed_on == timezone.localdate(story.meeting.held_at)
    assert not PlanAction.objects.filter(plan__case__child=story.jordan).exists()


def test_the_plan_written_later_takes_the_agreed_action_even_when_it_is_now_overdue(story):
    link = _agree(story)
    was_due = timezone.localdate() - dt.timedelta(days=2)
    PendingAction.objects.filter(pk=link.pending_action_id).update(due_on=was_due)
    plan = plan_create(
        case=_jordan_case(story),
        by=story.chair,
        aims="Jordan is safe at home.",
        review_due=timezone.localdate() + dt.timedelta(days=30),
    )
    link.pending_action.refresh_from_db()
    refused = pending_actions_carry(plan=plan, by=story.chair, pending=[link.pending_action])
    assert refused == []
    action = plan.actions.get()
    assert (action.description, action.owner, action.due_on) == (ACTION, story.chair, was_due)
    link.refresh_from_db()
    link.pending_action.refresh_from_db()
    assert link.pending_action.plan_action == action
    assert link.on_plan
    assert link.action == action


def test_an_action_that_cannot_go_into_the_plan_stays_on_the_case(story):
    helper = relate(story.jordan, RelationshipKind.CASE_TEAM, user=story.officer)
    link = _agree(story, agency=story.police, owner=story.officer)
    # The officer leaves Jordan's case team before the plan is written.
    helper.started_on = timezone.localdate() - dt.timedelta(days=5)
    helper.ended_on = timezone.localdate()
    helper.save()
    plan = plan_create(
        case=_jordan_case(story),
        by=story.chair,
        aims="Jordan is safe at home.",
        review_due=timezone.localdate() + dt.timedelta(days=30),
    )
    [(kept, reason)] = pending_actions_carry(
        plan=plan, by=story.chair, pending=[link.pending_action]
    )
    assert "Sam Constable is not on Jordan Westfold's case team" in reason
    kept.refresh_from_db()
    assert kept.plan_action is None
    assert not plan.actions.exists()


def test_the_meeting_records_the_action_the_case_shows_it_and_the_plan_takes_it(
    story, verified_client
):
    client = verified_client(story.chair)
    url = reverse("meetings:action", args=[story.meeting.pk]) + f"?agenda={story.jordan_item.pk}"
    page = _text(client.get(url))
    assert "write the plan first" not in page
    assert "Jordan's case has no protection plan yet." in page
    assert "start Jordan's protection plan" in page  # the chair, a coordinator, may start it
    due = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        url,
        {
            "description": ACTION,
            "agency": story.council.pk,
            "owner": story.chair.pk,
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
        },
    )
    assert response.status_code == 302
    meeting = _text(client.get(reverse("meetings:meeting", args=[story.meeting.pk])))
    assert "Waiting for the plan" in meeting

    case = _jordan_case(story)
    case_page = _text(client.get(reverse("cases:case", args=[case.pk])))
    assert "Actions agreed before the plan" in case_page
    assert ACTION in case_page

    create = reverse("plans:plan-create", args=[case.pk])
    form = BeautifulSoup(client.get(create).content, "html.parser")
    box = form.select_one("input[name=carry]")
    assert box.has_attr("checked")  # offered into the plan, ticked
    review = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        create,
        {
            "aims": "Jordan is safe at home.",
            "review_due_day": review.day,
            "review_due_month": review.month,
            "review_due_year": review.year,
            "carry": box["value"],
        },
    )
    assert response.status_code == 302
    plan = ProtectionPlan.objects.get(case=case)
    assert plan.actions.get().description == ACTION
    assert "Actions agreed before the plan" not in _text(
        client.get(reverse("cases:case", args=[case.pk]))
    )
