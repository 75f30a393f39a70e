"""Writing, sending and answering questionnaires: who may, and what is locked when."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.questionnaires.access import can_use_questionnaires
from seemehearme.questionnaires.models import QuestionKind, ResponseStatus
from seemehearme.questionnaires.services import (
    Given,
    question_add,
    question_remove,
    questionnaire_create,
    questionnaire_new_version,
    response_save,
    round_remind,
    round_send,
)
from seemehearme.questionnaires.starter import QUESTIONS, starter_questionnaire_create
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory
from tests.questionnaires.conftest import manager_of

pytestmark = pytest.mark.django_db


def _send(world, agencies=None):
    return round_send(
        by=world.lead,
        questionnaire=world.questionnaire,
        name="Autumn",
        due_on=world.due,
        agencies=agencies or [world.police, world.health],
    )


def _full(world, **changes) -> dict[int, Given]:
    q = {question.key: question.pk for question in world.questionnaire.questions.all()}
    given = {
        q["strategy"]: Given(choice="yes"),
        q["trained"]: Given(number=Decimal(40)),
        q["confidence"]: Given(number=Decimal(3)),
        q["changed"]: Given(text="A new lead was appointed."),
    }
    return given | {q[key]: value for key, value in changes.items()}


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD, Role.PRACTITIONER])
def test_only_the_strategic_lead_and_coordinators_write_questionnaires(role):
    with pytest.raises(PermissionDenied):
        questionnaire_create(by=StaffUserFactory(role=role), title="Mine")


def test_a_coordinator_writes_one(world):
    coordinator = manager_of(world.social_care, Role.CSE_COORDINATOR)
    assert questionnaire_create(by=coordinator, title="Progress").series == "progress-2"


def test_sending_makes_one_response_per_agency_and_emails_its_managers(world):
    round_ = _send(world)
    assert {r.agency for r in round_.responses.all()} == {world.police, world.health}
    assert all(r.status == ResponseStatus.NOT_STARTED for r in round_.responses.all())
    # on_commit callbacks do not run inside the test transaction: run them by hand.
    assert mail.outbox == []


def test_sending_emails_on_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(world)
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([world.police_manager.email, world.health_manager.email])
    assert all("Sign in to answer it" in email.body for email in mail.outbox)


def test_a_sent_questionnaire_is_frozen_and_a_new_version_keeps_the_keys(world):
    _send(world)
    question = world.questionnaire.questions.first()
    with pytest.raises(ValidationError):
        question_add(by=world.lead, questionnaire=world.questionnaire, text="More?", kind="text")
    with pytest.raises(ValidationError):
        question_remove(by=world.lead, question=question)
    copy = questionnaire_new_version(by=world.lead, questionnaire=world.questionnaire)
    assert copy.version == 2
    assert copy.series == world.questionnaire.series
    assert list(copy.questions.values_list("key", flat=True)) == list(
        world.questionnaire.questions.values_list("key", flat=True)
    )
    with pytest.raises(ValidationError):  # only the latest version is sent
        _send(world)


def test_agencies_must_be_of_the_partnership_and_the_date_ahead(world):
    other = AgencyFactory(area=AreaFactory(slug="otherton", name="Otherton"))
    with pytest.raises(ValidationError):
        _send(world, agencies=[other])
    with pytest.raises(ValidationError):
        round_send(
            by=world.lead,
            questionnaire=world.questionnaire,
            name="Late",
            due_on=timezone.localdate(),
            agencies=[world.police],
        )


def test_another_partnerships_lead_cannot_send_it(world):
    stranger = StaffUserFactory(
        role=Role.STRATEGIC_LEAD,
        team=TeamFactory(agency=AgencyFactory(area=AreaFactory(slug="otherton", name="O"))),
    )
    with pytest.raises(PermissionDenied):
        round_send(
            by=stranger,
            questionnaire=world.questionnaire,
            name="x",
            due_on=world.due,
            agencies=[world.police],
        )


def test_an_agency_answers_only_for_itself(world):
    round_ = _send(world)
    police = round_.responses.get(agency=world.police)
    with pytest.raises(PermissionDenied):
        response_save(by=world.health_manager, response=police, answers=_full(world))
    with pytest.raises(PermissionDenied):  # a practitioner of the police is not its management
        response_save(
            by=StaffUserFactory(team=world.police_manager.team), response=police, answers={}
        )


def test_a_draft_can_be_partial_but_submitting_needs_every_answer(world):
    police = _send(world).responses.get(agency=world.police)
    q = {question.key: question.pk for question in world.questionnaire.questions.all()}
    saved = response_save(
        by=world.police_manager, response=police, answers={q["strategy"]: Given(choice="partly")}
    )
    assert saved.status == ResponseStatus.DRAFT
    with pytest.raises(ValidationError) as error:
        response_save(
            by=world.police_manager,
            response=police,
            answers={q["strategy"]: Given(choice="partly")},
            submit=True,
        )
    assert set(error.value.message_dict) == {
        f"q{q['trained']}",
        f"q{q['confidence']}",
        f"q{q['changed']}",
    }


def test_a_scale_answer_must_be_on_the_scale(world):
    police = _send(world).responses.get(agency=world.police)
    with pytest.raises(ValidationError):
        response_save(
            by=world.police_manager,
            response=police,
            answers=_full(world, confidence=Given(number=Decimal(9))),
        )


def test_after_submitting_nothing_changes(world):
    police = _send(world).responses.get(agency=world.police)
    submitted = response_save(
        by=world.police_manager, response=police, answers=_full(world), submit=True
    )
    assert submitted.status == ResponseStatus.SUBMITTED
    assert submitted.submitted_by == world.police_manager
    with pytest.raises(PermissionDenied):
        response_save(
            by=world.police_manager,
            response=police,
            answers=_full(world, strategy=Given(choice="no")),
        )
    assert police.answers.get(question__key="strategy").choice == "yes"


def test_reminders_chase_only_who_has_not_submitted(world, django_capture_on_commit_callbacks):
    round_ = _send(world)
    police = round_.responses.get(agency=world.police)
    response_save(by=world.police_manager, response=police, answers=_full(world), submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        chased = round_remind(by=world.lead, round_=round_)
    assert [r.agency for r in chased] == [world.health]
    assert [email.to for email in mail.outbox] == [[world.health_manager.email]]
    assert "Reminder" in mail.outbox[0].subject
    assert round_.responses.get(agency=world.health).reminded_at is not None


def test_questionnaires_are_offered_to_an_agency_once_sent_one(world):
    assert not can_use_questionnaires(world.police_manager)
    _send(world, agencies=[world.police])
    assert can_use_questionnaires(world.police_manager)
    assert not can_use_questionnaires(world.health_manager)
    assert not can_use_questionnaires(StaffUserFactory(team=world.police_manager.team))
    assert can_use_questionnaires(world.lead)


def test_the_starter_questionnaire_asks_the_follow_up_questions(world):
    starter = starter_questionnaire_create(by=world.lead)
    texts = list(starter.questions.values_list("text", flat=True))
    assert len(texts) == len(QUESTIONS)
    assert "Do you have a CSE strategy?" in texts
    assert "Do all frontline staff have CSE training?" in texts
    assert "Do you have a problem profile refreshed in the last year?" in texts
    assert starter.questions.get(key="confidence").kind == QuestionKind.SCALE


def test_a_scale_must_go_up(world):
    q = questionnaire_create(by=world.lead, title="Scales")
    with pytest.raises(ValidationError):
        question_add(
            by=world.lead, questionnaire=q, text="How?", kind="scale", scale_low=5, scale_high=5
        )
    assert q.questions.count() == 0
