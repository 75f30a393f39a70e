"""The report of what changed, against a hand-built pair of rounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seemehearme.areas.models import Role
from seemehearme.questionnaires.models import QuestionKind
from seemehearme.questionnaires.report import change_report, previous_round
from seemehearme.questionnaires.services import (
    Given,
    question_add,
    questionnaire_create,
    questionnaire_new_version,
    response_save,
    round_send,
)
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _answer(round_, agency, by, strategy, trained, confidence, changed, submit=True):
    questions = {q.key: q.pk for q in round_.questionnaire.questions.all()}
    given = {
        questions["strategy"]: Given(choice=strategy),
        questions["trained"]: Given(number=Decimal(trained)),
        questions["confidence"]: Given(number=Decimal(confidence)),
        questions["changed"]: Given(text=changed),
    }
    if "children-involved" in questions:
        given[questions["children-involved"]] = Given(choice="yes")
    response_save(by=by, response=round_.responses.get(agency=agency), answers=given, submit=submit)


@pytest.fixture
def rounds(world):
    everyone = [world.social_care, world.police, world.health]
    first = round_send(
        by=world.lead,
        questionnaire=world.questionnaire,
        name="Spring",
        due_on=world.due,
        agencies=everyone,
    )
    _answer(first, world.police, world.police_manager, "no", 10, 2, "Nothing yet.")
    _answer(first, world.health, world.health_manager, "partly", 20, 3, "Training started.")
    _answer(first, world.social_care, world.lead, "yes", 30, 4, "Strategy agreed.")
    # Another partnership's round of a questionnaire with the same title in between.
    stranger = StaffUserFactory(
        role=Role.STRATEGIC_LEAD,
        team=TeamFactory(agency=AgencyFactory(area=AreaFactory(slug="otherton", name="O"))),
    )
    theirs = questionnaire_create(by=stranger, title="Progress")
    question_add(by=stranger, questionnaire=theirs, key="strategy", text="?", kind="yes_no_partly")
    round_send(
        by=stranger,
        questionnaire=theirs,
        name="Theirs",
        due_on=world.due,
        agencies=[stranger.agency],
    )
    version_2 = questionnaire_new_version(by=world.lead, questionnaire=world.questionnaire)
    question_add(
        by=world.lead,
        questionnaire=version_2,
        key="children-involved",
        text="Are children involved?",
        kind=QuestionKind.YES_NO_PARTLY,
    )
    second = round_send(
        by=world.lead, questionnaire=version_2, name="Autumn", due_on=world.due, agencies=everyone
    )
    _answer(second, world.police, world.police_manager, "yes", 40, 4, "A lead was appointed.")
    _answer(second, world.health, world.health_manager, "partly", 20, 3, "Training started.")
    _answer(second, world.social_care, world.lead, "no", 0, 1, "Draft only.", submit=False)
    return first, second


def _question(report, key):
    return next(entry for entry in report.questions if entry.question.key == key)


def test_the_previous_round_is_this_partnerships_of_any_version(rounds):
    first, second = rounds
    assert previous_round(second) == first
    assert previous_round(first) is None


def test_changes_are_said_in_words(rounds):
    report = change_report(rounds[1])
    assert _question(report, "strategy").changes == ["Police: no → yes"]
    assert _question(report, "trained").changes == ["Police: 10 → 40 (up 30)"]
    assert _question(report, "confidence").changes == ["Police: 2 → 4 (up 2)"]
    assert _question(report, "changed").changes == ["Police: changed their answer"]
    # And two agencies answered the new question for the first time.
    assert report.change_count == 6


def test_the_rows_set_this_round_against_the_last(rounds):
    rows = {row.agency: row for row in _question(change_report(rounds[1]), "strategy").rows}
    assert set(rows) == {"Police", "Health"}  # social care's draft is not an answer yet
    assert (rows["Police"].before, rows["Police"].now, rows["Police"].changed) == (
        "no",
        "yes",
        True,
    )
    assert (rows["Health"].before, rows["Health"].now, rows["Health"].changed) == (
        "partly",
        "partly",
        False,
    )


def test_numbers_and_choices_are_summarised(rounds):
    report = change_report(rounds[1])
    assert _question(report, "trained").summary == (
        "This round: average 30 from 2 agencies (lowest 20, highest 40). "
        "Last round: average 20 from 3 agencies (lowest 10, highest 30)."
    )
    assert _question(report, "strategy").summary == (
        "This round: Yes 1, Partly 1. Last round: Yes 1, Partly 1, No 1."
    )


def test_a_new_question_and_who_has_not_answered(rounds):
    report = change_report(rounds[1])
    new = _question(report, "children-involved")
    assert new.is_new
    assert new.changes == [
        "Health: answered for the first time (yes)",
        "Police: answered for the first time (yes)",
    ]
    assert report.not_answered == ["Social Care"]
    assert sorted(report.answered) == ["Health", "Police"]


def test_the_first_round_compares_with_nothing(rounds):
    report = change_report(rounds[0])
    assert report.previous is None
    assert all(
        entry.changes
        == [f"{row.agency}: answered for the first time ({row.now})" for row in entry.rows]
        for entry in report.questions
    )
