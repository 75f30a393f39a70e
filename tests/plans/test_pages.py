"""The protection plan through its real pages: reading it, adding and updating actions,
changing its aims, edit conflicts between two people, and who may do what."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.models import Case, CaseStatus, ClosureReason
from seemehearme.plans.models import ActionStatus, PlanAction, ProtectionPlan
from tests.factories import CaseFactory, PlanActionFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def error_summary(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    return [li.get_text(" ", strip=True) for li in summary.select("li")] if summary else []


def hidden_version(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("input[name=version]")["value"]


def date_fields(name: str, date) -> dict[str, str]:
    return {f"{name}_day": date.day, f"{name}_month": date.month, f"{name}_year": date.year}


def test_the_plan_page_groups_actions_by_agency_with_disruption_on_its_own(story, verified_client):
    PlanActionFactory(
        plan=story.plan,
        owner=story.key_worker,
        description="Arrange safe transport home from school",
        due_on=story.today(-2),
    )
    PlanActionFactory(
        plan=story.plan,
        owner=story.officer,
        description="Visit the park on Friday evenings",
        status=ActionStatus.DONE,
        status_note="Three visits made",
        due_on=story.today(-2),
    )
    PlanActionFactory(
        plan=story.plan,
        owner=story.officer,
        description="Serve the notice",
        disruption_tactic=story.tactic("cawn"),
        disruption_target="Adult male, 'Tez', seen at the park",
    )
    ProtectionPlan.objects.filter(pk=story.plan.pk).update(review_due=story.today(-1))
    response = verified_client(story.officer).get(f"/plans/{story.plan.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Review overdue" in soup.select_one(".govuk-summary-list").get_text()
    headings = [h.get_text(strip=True) for h in soup.select("h3")]
    assert headings == ["Testshire Children's Services", "Testshire Police"]
    transport = soup.find(string=lambda s: s and "Arrange safe transport" in s).find_parent("tr")
    assert "Sam Patel" in transport.get_text()
    assert "Not started" in transport.get_text()
    assert "Overdue" in transport.get_text()
    visit = soup.find(string=lambda s: s and "Visit the park" in s).find_parent("tr")
    assert "Done" in visit.get_text()
    assert "Overdue" not in visit.get_text()  # finished actions are never overdue
    disruption = soup.select_one(".smh-plan-disruption").get_text(" ", strip=True)
    assert "Child Abduction Warning Notice" in disruption
    assert "Aimed at: Adult male, 'Tez', seen at the park" in disruption
    assert "Serve the notice" not in " ".join(
        t.get_text() for t in soup.select(".smh-plan-actions")
    )
    entry = AccessLogEntry.objects.filter(user=story.officer).latest("id")
    assert (entry.child, entry.allowed, entry.subject) == (story.child, True, "Protection plan")


def test_adding_an_action_through_the_page(story, verified_client):
    client = verified_client(story.key_worker)
    form = client.get(f"/plans/{story.plan.pk}/actions/new")
    owners = [
        o.get_text() for o in BeautifulSoup(form.content, "html.parser").select("#id_owner option")
    ]
    assert owners == [
        "Choose a person",
        "Priya Coordinator, Testshire Children's Services",
        "Sam Patel, Testshire Children's Services",
        "Dan Okafor, Testshire Police",
    ]
    response = client.post(
        f"/plans/{story.plan.pk}/actions/new",
        {
            "description": "Ask the hotel for guest information",
            "owner": story.officer.pk,
            **date_fields("due_on", story.today(3)),
            "disruption_tactic": story.tactic("hotel-information-request").pk,
            "disruption_target": "Station Hotel, Test Road",
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert (action.agency, action.owner, action.disruption_target) == (
        story.police,
        story.officer,
        "Station Hotel, Test Road",
    )


def test_adding_an_action_with_mistakes_shows_an_error_summary(story, verified_client):
    response = verified_client(story.key_worker).post(
        f"/plans/{story.plan.pk}/actions/new",
        {
            "description": "",
            "owner": story.outsider.pk,
            **date_fields("due_on", story.today(-1)),
            "disruption_tactic": story.tactic().pk,
            "disruption_target": "",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == ["Choose someone on the child's case team"]
    response = verified_client(story.key_worker).post(
        f"/plans/{story.plan.pk}/actions/new",
        {
            "description": " ",
            "owner": story.officer.pk,
            **date_fields("due_on", story.today(-1)),
            "disruption_tactic": story.tactic().pk,
            "disruption_target": "",
        },
    )
    assert error_summary(response) == [
        "Enter what will be done",
        "The due date must be today or in the future",
        "Enter who or where the disruption is aimed at",
    ]
    assert not PlanAction.objects.exists()


def test_done_needs_a_note_on_the_update_page(story, verified_client):
    action = PlanActionFactory(plan=story.plan, owner=story.officer)
    client = verified_client(story.officer)
    page = client.get(f"/plans/actions/{action.pk}/update")
    response = client.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.DONE,
            "status_note": "",
            **date_fields("due_on", action.due_on),
            "version": hidden_version(page),
        },
    )
    assert error_summary(response) == ["Say what was done"]
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_two_people_updating_one_action_cannot_overwrite_each_other(story, verified_client):
    action = PlanActionFactory(
        plan=story.plan, owner=story.key_worker, description="Arrange safe transport"
    )
    sam = verified_client(story.key_worker)
    dan = verified_client(story.officer)
    sams_form = sam.get(f"/plans/actions/{action.pk}/update")
    dans_form = dan.get(f"/plans/actions/{action.pk}/update")

    first = sam.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.IN_PROGRESS,
            "status_note": "Taxi booked for Tuesdays",
            **date_fields("due_on", action.due_on),
            "version": hidden_version(sams_form),
        },
    )
    assert first.status_code == 302
    second = dan.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.CANCELLED,
            "status_note": "Not needed",
            **date_fields("due_on", action.due_on),
            "version": hidden_version(dans_form),
        },
    )
    assert second.status_code == 200
    assert error_summary(second) == [
        "Someone else changed this action while you were editing it. Check their change and "
        "try again."
    ]
    assert "Taxi booked for Tuesdays" in text(second)  # what it says now, to check against
    action.refresh_from_db()
    assert (action.status, action.status_note) == (
        ActionStatus.IN_PROGRESS,
        "Taxi booked for Tuesdays",
    )
    assert action.history.count() == 2  # added, then Sam's change: nothing of Dan's

    # Having seen Sam's change, Dan can send his own again, on purpose.
    again = dan.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.CANCELLED,
            "status_note": "Not needed: Jade is moving school",
            **date_fields("due_on", action.due_on),
            "version": hidden_version(second),
        },
    )
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED


def test_two_people_changing_the_aims_cannot_overwrite_each_other(story, verified_client):
    manager = story.coordinator
    first_client = verified_client(manager)
    second_client = verified_client(manager)
    url = f"/plans/{story.plan.pk}/edit"
    first_form, second_form = first_client.get(url), second_client.get(url)
    review = date_fields("review_due", story.plan.review_due)
    assert (
        first_client.post(
            url, {"aims": "First aims", **review, "version": hidden_version(first_form)}
        ).status_code
        == 302
    )
    refused = second_client.post(
        url, {"aims": "Second aims", **review, "version": hidden_version(second_form)}
    )
    assert error_summary(refused) == [
        "Someone else changed this plan while you were editing it. Check their change and try "
        "again."
    ]
    assert ProtectionPlan.objects.get(pk=story.plan.pk).aims == "First aims"


def test_a_form_without_its_version_is_refused(story, verified_client):
    response = verified_client(story.coordinator).post(
        f"/plans/{story.plan.pk}/edit",
        {"aims": "New aims", **date_fields("review_due", story.today(5))},
    )
    assert error_summary(response) == [
        "This page was out of date. Go back to the plan and try again."
    ]


def test_a_coordinator_starts_the_plan_through_the_page(story, verified_client):
    Case.objects.filter(pk=story.case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        closure_reason=ClosureReason.objects.first(),
    )
    case = CaseFactory(child=story.child, opened_by=story.coordinator)
    client = verified_client(story.coordinator)
    url = f"/plans/case/{case.pk}/new"
    response = client.post(url, {"aims": "", **date_fields("review_due", story.today(-1))})
    assert error_summary(response) == [
        "Enter what the plan is for",
        "The review date must be today or in the future",
    ]
    response = client.post(
        url, {"aims": "Keep Jade safe", **date_fields("review_due", story.today(28))}
    )
    plan = ProtectionPlan.objects.get(case=case)
    assert response.url == f"/plans/{plan.pk}/"
    assert client.get(url).url == f"/plans/{plan.pk}/"  # one plan per case


# --- Who may do what ---------------------------------------------------------------------------


def test_a_practitioner_cannot_change_the_aims(story, verified_client):
    client = verified_client(story.key_worker)
    url = f"/plans/{story.plan.pk}/edit"
    page = client.get(url)
    assert "Only a CSE coordinator or a team manager can do this." in text(page)
    assert not BeautifulSoup(page.content, "html.parser").select("form textarea")
    refused = client.post(
        url, {"aims": "Changed", **date_fields("review_due", story.today(5)), "version": "1"}
    )
    assert refused.status_code == 403
    assert ProtectionPlan.objects.get(pk=story.plan.pk).aims == story.plan.aims


def test_a_stranger_is_refused_and_logged_even_when_posting(story, verified_client):
    response = verified_client(story.outsider).post(
        f"/plans/{story.plan.pk}/actions/new",
        {"description": "Anything", "owner": story.outsider.pk},
    )
    assert response.status_code == 403
    assert "Jade" not in response.content.decode()
    assert not PlanAction.objects.exists()
    entry = AccessLogEntry.objects.filter(user=story.outsider).latest("id")
    assert (entry.child, entry.allowed, entry.basis) == (story.child, False, "no_relationship")


def test_break_glass_reads_the_plan_but_cannot_change_it(story, verified_client):
    action = PlanActionFactory(plan=story.plan, owner=story.officer)
    user = story.break_glass()
    client = verified_client(user)
    page = client.get(f"/plans/{story.plan.pk}/")
    assert page.status_code == 200
    assert "You are using break-glass access" in text(page)
    assert "Add an action" not in text(page)
    assert not BeautifulSoup(page.content, "html.parser").select("a[href$='/update']")
    entry = AccessLogEntry.objects.filter(user=user).latest("id")
    assert (entry.allowed, entry.break_glass) == (True, True)

    form_page = client.get(f"/plans/{story.plan.pk}/actions/new")
    assert "Break-glass access lets you read, not record." in text(form_page)
    refused = client.post(
        f"/plans/actions/{action.pk}/update",
        {
            "status": ActionStatus.CANCELLED,
            "status_note": "Cancelled in an emergency",
            **date_fields("due_on", action.due_on),
            "version": str(action.version),
        },
    )
    assert refused.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
