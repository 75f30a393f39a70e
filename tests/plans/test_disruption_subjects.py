"""A disruption action aimed at persons of concern, places or vehicles from the intelligence
register, instead of (or as well as) words: offered only what the user may see in the register,
named and linked on the plan only for readers who may see them in the register."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from seemehearme.plans import services
from seemehearme.plans.models import PlanAction
from tests.factories import PlanActionFactory
from tests.intelligence.factories import PersonOfConcernFactory, PhoneFactory, VehicleFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def post(story, **overrides) -> dict:
    due = story.today(3)
    data = {
        "description": "Serve the notice",
        "owner": story.officer.pk,
        "due_on_day": due.day,
        "due_on_month": due.month,
        "due_on_year": due.year,
        "disruption_tactic": story.tactic("cawn").pk,
        "disruption_target": "",
    }
    data.update(overrides)
    return data


def test_a_disruption_action_can_be_aimed_at_register_subjects_alone(story, verified_client):
    person = PersonOfConcernFactory(
        source_agency=story.police, given_name="Tezman", family_name="Testperson"
    )
    van = VehicleFactory(source_agency=story.police, registration="TE12 VAN")
    client = verified_client(story.officer)
    form = text(client.get(f"/plans/{story.plan.pk}/actions/new"))
    assert "Tezman Testperson (person of concern)" in form
    response = client.post(
        f"/plans/{story.plan.pk}/actions/new",
        post(story, disruption_subjects=[person.pk, van.pk]),
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.disruption_target == ""
    assert set(action.disruption_subjects.all()) == {person.entity_ptr, van.entity_ptr}

    page = client.get(f"/plans/{story.plan.pk}/")
    disruption = BeautifulSoup(page.content, "html.parser").select_one(".smh-plan-disruption")
    assert "Tezman Testperson" in disruption.get_text()
    links = {a["href"] for a in disruption.select("a")}
    assert reverse("intelligence:entity", args=[person.pk]) in links


def test_readers_who_cannot_see_the_subject_get_its_kind_and_holder_not_its_name(
    story, verified_client
):
    person = PersonOfConcernFactory(
        source_agency=story.police, given_name="Tezman", family_name="Testperson"
    )
    action = PlanActionFactory(
        plan=story.plan,
        owner=story.officer,
        disruption_tactic=story.tactic("cawn"),
        disruption_target="",
    )
    action.disruption_subjects.set([person])
    # The key worker is in social care, with no agreement sharing police intelligence.
    page = verified_client(story.key_worker).get(f"/plans/{story.plan.pk}/")
    disruption = BeautifulSoup(page.content, "html.parser").select_one(".smh-plan-disruption")
    assert "Tezman" not in page.content.decode()
    assert "Testperson" not in page.content.decode()
    assert (
        f"person of concern from {story.police.name}'s intelligence (not shared with your agency)"
        in " ".join(disruption.get_text().split())
    )
    assert reverse("intelligence:entity", args=[person.pk]) not in str(disruption)
    # The same on the page for updating the action.
    update = verified_client(story.key_worker).get(f"/plans/actions/{action.pk}/update")
    assert update.status_code == 200
    assert "Tezman" not in update.content.decode()
    assert "not shared with your agency" in text(update)


def test_only_persons_places_and_vehicles_the_user_can_see_are_offered(story, verified_client):
    PhoneFactory(source_agency=story.police, number="07700900999")
    hidden = PersonOfConcernFactory(source_agency=story.social_care, given_name="Councilheld")
    client = verified_client(story.officer)
    form = text(client.get(f"/plans/{story.plan.pk}/actions/new"))
    assert "07700900999" not in form
    assert "Councilheld" not in form
    response = client.post(
        f"/plans/{story.plan.pk}/actions/new", post(story, disruption_subjects=[hidden.pk])
    )
    assert response.status_code == 200
    # Nothing the officer may aim at is in the register, so the form offers none and the
    # posted subject is not read: the action still needs a target.
    assert "Enter who or where the disruption is aimed at" in text(response)
    assert not PlanAction.objects.exists()


def test_a_subject_not_offered_is_refused_by_the_form(story, verified_client):
    PersonOfConcernFactory(source_agency=story.police, given_name="Offered")
    hidden = PersonOfConcernFactory(source_agency=story.social_care, given_name="Councilheld")
    response = verified_client(story.officer).post(
        f"/plans/{story.plan.pk}/actions/new", post(story, disruption_subjects=[hidden.pk])
    )
    assert "Choose from the register's list" in text(response)
    assert not PlanAction.objects.exists()


def test_the_service_refuses_subjects_the_user_cannot_see_or_without_a_tactic(story):
    hidden = PersonOfConcernFactory(source_agency=story.social_care)
    visible = PersonOfConcernFactory(source_agency=story.police)
    base = {
        "plan": story.plan,
        "by": story.officer,
        "agency": story.police,
        "owner": story.officer,
        "description": "Serve the notice",
        "due_on": story.today(3),
    }
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(
            **base, disruption_tactic=story.tactic("cawn"), disruption_subjects=[hidden]
        )
    assert "disruption_subjects" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(**base, disruption_subjects=[visible])
    assert "disruption_tactic" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(**base, disruption_tactic=story.tactic("cawn"))
    assert error.value.message_dict["disruption_target"] == [
        "Enter who or where the disruption is aimed at"
    ]
    assert not PlanAction.objects.exists()


def test_the_database_still_refuses_words_without_a_tactic(story):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanActionFactory(plan=story.plan, owner=story.officer, disruption_target="A man")


def test_the_plans_history_says_an_action_was_aimed_at_the_register(story, verified_client):
    person = PersonOfConcernFactory(source_agency=story.police)
    services.plan_action_add(
        plan=story.plan,
        by=story.officer,
        agency=story.police,
        owner=story.officer,
        description="Serve the notice",
        due_on=story.today(3),
        disruption_tactic=story.tactic("cawn"),
        disruption_subjects=[person],
    )
    page = verified_client(story.officer).get(f"/plans/{story.plan.pk}/history")
    assert page.status_code == 200
    assert "aimed at entries of the intelligence register" in text(page)
