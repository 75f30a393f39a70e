"""The review form's "trained" and "supervised" answers suggested from the records."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.cases.models import ReflectiveAnswer, ReflectiveQuestion, Review
from seemehearme.workforce.models import TrainingCourse
from seemehearme.workforce.review import review_suggestions
from seemehearme.workforce.services import expiry_for
from tests.cases.test_case_pages import review_post, url
from tests.cases.test_casework import case_story
from tests.workforce.conftest import supervised, trained

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    story = case_story()
    today = timezone.localdate()
    for course in TrainingCourse.objects.filter(is_active=True):
        if "practitioner" in course.required_for:
            trained(story.worker, course, today - dt.timedelta(days=30))
            # The officer's training ran out last week.
            record = trained(story.officer, course, today - dt.timedelta(days=800))
            record.expires_on = today - dt.timedelta(days=7)
            record.save()
    story.expired_on = today - dt.timedelta(days=7)
    return story


def test_the_records_suggest_partly_trained_and_name_who_is_missing_what(story):
    suggestions = review_suggestions(story.case, timezone.localdate())
    trained_ = suggestions["trained"]
    assert trained_.answer == ReflectiveAnswer.Answer.PARTLY
    assert trained_.words.startswith("1 of 2 people working on the case have")
    assert "Missing: Dan Beat (" in trained_.words
    assert "expired" in trained_.words
    assert "Amara Hollins" not in trained_.words


def test_supervision_in_time_overdue_or_never_suggests_yes_partly_or_no(story):
    today = timezone.localdate()
    assert review_suggestions(story.case, today)["supervised"].answer == "no"
    supervised(story.worker, today - dt.timedelta(days=60), story.coordinator)
    overdue = review_suggestions(story.case, today)["supervised"]
    assert overdue.answer == "partly"
    assert "overdue" in overdue.words
    supervised(story.worker, today - dt.timedelta(days=3), story.coordinator)
    in_time = review_suggestions(story.case, today)["supervised"]
    assert in_time.answer == "yes"
    assert "The key worker, Amara Hollins, last had supervision on" in in_time.words


def test_everyone_in_date_suggests_yes(story):
    for record in story.officer.training_records.all():
        record.expires_on = expiry_for(record.course, timezone.localdate())
        record.save()
    assert review_suggestions(story.case, timezone.localdate())["trained"].answer == "yes"


def test_the_form_shows_and_preselects_the_suggestion_and_a_different_answer_needs_a_why(
    story, verified_client
):
    client = verified_client(story.worker)
    question = ReflectiveQuestion.objects.get(code="trained")
    page = BeautifulSoup(client.get(url(story.case, "reviews/new")).content, "html.parser")
    hint = page.select_one(f"#id_reflection_{question.pk}-hint").get_text(" ", strip=True)
    assert "What the training and supervision records say: 1 of 2 people" in hint
    assert "Suggested answer: partly." in hint
    checked = page.select_one(f"input[name=reflection_{question.pk}][checked]")
    assert checked["value"] == "partly"

    data = review_post(story.case)
    data[f"reflection_{question.pk}_note"] = ""
    response = client.post(url(story.case, "reviews/new"), data)
    assert response.status_code == 200
    assert "Say why your answer differs" in response.content.decode()
    assert not Review.objects.exists()

    data[f"reflection_{question.pk}"] = "partly"  # the suggestion: no note needed
    assert client.post(url(story.case, "reviews/new"), data).status_code == 302
    answer = Review.objects.get().reflections.get(question=question)
    assert answer.answer == "partly"


def test_a_supervision_note_naming_a_child_the_supervisee_works_with_is_refused(story):
    from django.core.exceptions import ValidationError

    from seemehearme.workforce.models import SupervisionKind
    from seemehearme.workforce.services import supervision_record

    def record(note: str):
        return supervision_record(
            by=story.coordinator,
            supervisee=story.worker,
            supervisor=story.coordinator,
            held_on=timezone.localdate(),
            kind=SupervisionKind.INDIVIDUAL,
            cases_discussed=1,
            note=note,
        )

    with pytest.raises(ValidationError) as refused:
        record("Talked through MAISIE  Testchild's plan.")
    assert list(refused.value.message_dict) == ["note"]
    assert "Maisie" not in str(refused.value)
    assert record("Talked through one plan; workload is high.").note
