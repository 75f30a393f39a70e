"""A retired risk level, closure reason, reflective question or disruption tactic is no longer
offered by the forms, and the records that used it still show what they said (ADR 0013)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seemehearme.cases.models import ClosureReason, ReflectiveQuestion, RiskLevel
from seemehearme.people.models import RelationshipKind
from seemehearme.plans.models import DisruptionTactic
from tests.cases.test_case_pages import review_post, text, url
from tests.cases.test_casework import case_story
from tests.factories import (
    CaseFactory,
    ChildFactory,
    PlanActionFactory,
    PlanFactory,
    relate,
    risk_level,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return case_story()


def retire(item) -> None:
    item.is_active = False
    item.save()


def offered(response, field: str) -> set[str]:
    """The labels of the options or radios a form offers for ``field``."""
    page = BeautifulSoup(response.content, "html.parser")
    options = page.select(f"select[name={field}] option")
    if options:
        return {o.get_text(strip=True) for o in options if o.get("value")}
    return {
        page.select_one(f"label[for={radio['id']}]").get_text(strip=True)
        for radio in page.select(f"input[type=radio][name={field}]")
    }


def test_a_retired_risk_level_is_not_offered_and_the_case_still_shows_it(story, verified_client):
    client = verified_client(story.coordinator)
    medium = risk_level("category-2")
    assert medium.name in offered(client.get(url(story.case, "risk")), "risk_level")

    retire(medium)

    assert story.case.risk_level == medium
    assert medium.name in text(client.get(url(story.case)))
    choices = offered(client.get(url(story.case, "risk")), "risk_level")
    assert medium.name not in choices
    assert risk_level("category-3").name in choices
    review = offered(
        verified_client(story.worker).get(url(story.case, "reviews/new")), "risk_level_after"
    )
    assert medium.name not in review
    assert RiskLevel.objects.filter(is_active=True, scheme="category").count() == len(review)


def test_a_retired_closure_reason_is_not_offered_and_a_closed_case_still_shows_it(
    story, verified_client
):
    client = verified_client(story.coordinator)
    reason = ClosureReason.objects.get(code="stepped-down")
    response = client.post(
        url(story.case, "close"),
        {"version": story.case.version, "reason": reason.pk, "summary": "Early help now."},
    )
    assert response.status_code == 302

    retire(reason)

    assert reason.name in text(client.get(url(story.case)))
    other = CaseFactory(child=ChildFactory(area=story.area), opened_by=story.coordinator)
    relate(other.child, RelationshipKind.REFERRAL_HOLDER, team=story.coordinator.team)
    choices = offered(client.get(url(other, "close")), "reason")
    assert reason.name not in choices
    assert ClosureReason.objects.get(code="risk-reduced").name in choices


def test_a_retired_reflective_question_is_not_asked_and_old_reviews_keep_its_answer(
    story, verified_client
):
    client = verified_client(story.worker)
    response = client.post(url(story.case, "reviews/new"), review_post(story.case))
    assert response.status_code == 302
    question = ReflectiveQuestion.objects.get(code="child-seen")

    retire(question)

    assert f"{question.text} Yes" in text(client.get(url(story.case)))
    assert question.text not in text(client.get(url(story.case, "reviews/new")))


def test_a_retired_disruption_tactic_is_not_offered_and_the_plan_still_shows_it(
    story, verified_client
):
    tactic = DisruptionTactic.objects.get(code="cawn")
    plan = PlanFactory(case=story.case, created_by=story.coordinator)
    PlanActionFactory(
        plan=plan, owner=story.worker, disruption_tactic=tactic, disruption_target="A man, 30s"
    )
    client = verified_client(story.worker)
    assert tactic.name in offered(client.get(f"/plans/{plan.pk}/actions/new"), "disruption_tactic")

    retire(tactic)

    assert tactic.name in text(client.get(f"/plans/{plan.pk}/"))
    choices = offered(client.get(f"/plans/{plan.pk}/actions/new"), "disruption_tactic")
    assert tactic.name not in choices
    assert DisruptionTactic.objects.get(code="taxi-licensing").name in choices
