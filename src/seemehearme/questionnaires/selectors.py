"""Reading questionnaires, rounds and responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from seemehearme.areas.models import Area, StaffUser
from seemehearme.questionnaires.access import ANSWERING_ROLES
from seemehearme.questionnaires.models import (
    Answer,
    Questionnaire,
    Response,
    ResponseStatus,
    Round,
)


def questionnaires(area: Area) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(area=area).annotate(
        questions_count=Count("questions", distinct=True)
    )


def rounds(area: Area) -> QuerySet[Round]:
    """The partnership's rounds, newest first, with how many agencies were asked and answered."""
    return (
        Round.objects.filter(questionnaire__area=area)
        .select_related("questionnaire")
        .annotate(
            asked=Count("responses", distinct=True),
            answered=Count(
                "responses",
                filter=Q(responses__status=ResponseStatus.SUBMITTED),
                distinct=True,
            ),
        )
    )


def for_my_agency(user: StaffUser) -> QuerySet[Response]:
    """The questionnaires sent to ``user``'s agency, waiting ones first (managing staff only)."""
    if user.agency_id is None or user.role not in ANSWERING_ROLES:
        return Response.objects.none()
    return (
        Response.objects.filter(agency_id=user.agency_id)
        .select_related("round__questionnaire")
        .order_by("submitted_at", "round__due_on")
    )


@dataclass(frozen=True)
class Chase:
    response: Response
    overdue: bool


def round_responses(round_: Round, *, today: dt.date) -> tuple[list[Response], list[Chase]]:
    """Who has answered, and who to chase (not submitted; overdue if past the due date)."""
    responses = list(round_.responses.select_related("agency", "submitted_by"))
    answered = [r for r in responses if r.is_submitted]
    chase = [Chase(r, round_.due_on < today) for r in responses if not r.is_submitted]
    return answered, chase


def answers_by_question(response: Response) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in response.answers.select_related("question")}
