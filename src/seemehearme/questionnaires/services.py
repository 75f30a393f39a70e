"""Writing, sending, answering and chasing progress questionnaires. Each function checks the
policy itself (``questionnaires.access``), so no caller can forget to."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.dates import long_date
from seemehearme.questionnaires.access import (
    ANSWERING_ROLES,
    can_answer,
    can_send_questionnaires,
)
from seemehearme.questionnaires.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    ResponseStatus,
    Round,
)
from seemehearme.sharing.policy import require

logger = logging.getLogger(__name__)

FROZEN = "This questionnaire has been sent, so its questions cannot change. Make a new version."


def _unique_slug(text: str, taken: Iterable[str], limit: int = 50) -> str:
    base = slugify(text)[:limit].strip("-") or "question"
    taken = set(taken)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def questionnaire_create(*, by: StaffUser, title: str, introduction: str = "") -> Questionnaire:
    """Start a new questionnaire (version 1) for the sender's partnership."""
    require(can_send_questionnaires(by))
    assert by.agency is not None
    area = by.agency.area
    series = _unique_slug(
        title, Questionnaire.objects.filter(area=area).values_list("series", flat=True)
    )
    questionnaire = Questionnaire(
        area=area, title=title, introduction=introduction, series=series, created_by=by
    )
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def question_add(
    *,
    by: StaffUser,
    questionnaire: Questionnaire,
    text: str,
    kind: str,
    hint: str = "",
    key: str = "",
    scale_low: int = 1,
    scale_high: int = 5,
    scale_low_means: str = "",
    scale_high_means: str = "",
) -> Question:
    """Add a question at the end of a questionnaire that has not been sent yet."""
    require(can_send_questionnaires(by, questionnaire.area))
    if questionnaire.is_frozen:
        raise ValidationError(FROZEN)
    if kind == QuestionKind.SCALE and scale_high <= scale_low:
        raise ValidationError({"scale_high": "The top of the scale must be above the bottom."})
    keys = questionnaire.questions.values_list("key", flat=True)
    if key and key in keys:
        raise ValidationError({"key": "Another question of this questionnaire has this key."})
    last = questionnaire.questions.order_by("-order").values_list("order", flat=True).first()
    question = Question(
        questionnaire=questionnaire,
        key=key or _unique_slug(text, keys),
        order=(last or 0) + 1,
        text=text,
        hint=hint,
        kind=kind,
        scale_low=scale_low,
        scale_high=scale_high,
        scale_low_means=scale_low_means,
        scale_high_means=scale_high_means,
    )
    question.full_clean()
    question.save()
    return question


def question_remove(*, by: StaffUser, question: Question) -> None:
    """Take a question out of a questionnaire that has not been sent yet."""
    require(can_send_questionnaires(by, question.questionnaire.area))
    if question.questionnaire.is_frozen:
        raise ValidationError(FROZEN)
    question.delete()


@transaction.atomic
def questionnaire_new_version(*, by: StaffUser, questionnaire: Questionnaire) -> Questionnaire:
    """A copy of the latest version, with the same questions (and keys), to change and send."""
    require(can_send_questionnaires(by, questionnaire.area))
    if not questionnaire.is_latest:
        raise ValidationError("Only the latest version can be copied into a new one.")
    copy = Questionnaire.objects.create(
        area=questionnaire.area,
        title=questionnaire.title,
        series=questionnaire.series,
        introduction=questionnaire.introduction,
        version=questionnaire.version + 1,
        previous_version=questionnaire,
        created_by=by,
    )
    Question.objects.bulk_create(
        [
            Question(
                questionnaire=copy,
                key=question.key,
                order=question.order,
                text=question.text,
                hint=question.hint,
                kind=question.kind,
                scale_low=question.scale_low,
                scale_high=question.scale_high,
                scale_low_means=question.scale_low_means,
                scale_high_means=question.scale_high_means,
            )
            for question in questionnaire.questions.all()
        ]
    )
    return copy


# --- Sending and chasing ----------------------------------------------------------------


def _managing_staff(agency_ids: Iterable[int]) -> dict[int, list[str]]:
    """The email addresses of each agency's managing staff, by agency id."""
    addresses: dict[int, list[str]] = {}
    staff = StaffUser.objects.filter(
        agency_id__in=list(agency_ids), role__in=ANSWERING_ROLES, is_active=True
    ).exclude(email="")
    for user in staff:
        assert user.agency_id is not None
        addresses.setdefault(user.agency_id, []).append(user.email)
    return addresses


def _email_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Send once the transaction commits; a failed send is logged (no addresses), not raised."""
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(subject, body, None, sorted(set(recipients)))
        except Exception as error:
            logger.warning("Could not send the email %r: %s", subject, type(error).__name__)

    transaction.on_commit(send)


def _waiting_email(round_: Round, agency_ids: Iterable[int], *, reminder: bool) -> int:
    """Email the managing staff of these agencies that a questionnaire waits for them; returns
    how many agencies had someone to email."""
    link = f"{settings.SMH_SITE_URL}{reverse('questionnaires:index')}"
    area = round_.questionnaire.area
    subject = (
        f"Reminder: {round_.questionnaire.title} is due {long_date(round_.due_on)}"
        if reminder
        else f"{area.name} has sent your agency a questionnaire"
    )
    body = (
        f"{area.name} asks your agency to answer '{round_.questionnaire.title}' "
        f"({round_.name}) by {long_date(round_.due_on)}.\n\n"
        f"Sign in to answer it: {link}\n"
    )
    emailed = 0
    for addresses in _managing_staff(agency_ids).values():
        _email_on_commit(subject, body, addresses)
        emailed += 1
    return emailed


@transaction.atomic
def round_send(
    *,
    by: StaffUser,
    questionnaire: Questionnaire,
    name: str,
    due_on: dt.date,
    agencies: Iterable[Agency],
    on: dt.date | None = None,
) -> Round:
    """Send ``questionnaire`` to ``agencies`` of the sender's partnership, due ``due_on``; their
    managing staff are emailed (with no detail, only a link)."""
    require(can_send_questionnaires(by, questionnaire.area))
    agencies = list(agencies)
    errors: dict[str, str] = {}
    if not agencies:
        errors["agencies"] = "Choose at least one agency to send it to."
    elif any(agency.area_id != questionnaire.area_id for agency in agencies):
        errors["agencies"] = "Choose agencies of your partnership."
    if due_on <= (on or timezone.localdate()):
        errors["due_on"] = "The date it is due must be in the future."
    if not questionnaire.questions.exists():
        errors["__all__"] = "Add at least one question before sending it."
    if not questionnaire.is_latest:
        errors["__all__"] = "Send the latest version of the questionnaire."
    if errors:
        raise ValidationError(errors)
    round_ = Round.objects.create(questionnaire=questionnaire, name=name, due_on=due_on, sent_by=by)
    Response.objects.bulk_create([Response(round=round_, agency=agency) for agency in agencies])
    _waiting_email(round_, [agency.pk for agency in agencies], reminder=False)
    return round_


@transaction.atomic
def round_remind(*, by: StaffUser, round_: Round) -> list[Response]:
    """Chase the agencies that have not submitted: email their managing staff again and note
    when. Returns the responses chased."""
    require(can_send_questionnaires(by, round_.questionnaire.area))
    waiting = list(
        round_.responses.exclude(status=ResponseStatus.SUBMITTED).select_related("agency")
    )
    _waiting_email(round_, [response.agency_id for response in waiting], reminder=True)
    round_.responses.filter(pk__in=[response.pk for response in waiting]).update(
        reminded_at=timezone.now()
    )
    return waiting


# --- Answering ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """One answer as typed: the value in the question's form and an optional comment."""

    choice: str = ""
    number: Decimal | None = None
    text: str = ""
    comment: str = ""


def _answered(question: Question, given: Given) -> bool:
    if question.kind == QuestionKind.YES_NO_PARTLY:
        return bool(given.choice)
    if question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
        return given.number is not None
    return bool(given.text.strip())


def _check(question: Question, given: Given) -> str | None:
    """What is wrong with ``given`` as an answer to ``question``, if anything."""
    if question.kind == QuestionKind.YES_NO_PARTLY and given.choice not in ("", *Choice.values):
        return "Choose yes, partly or no."
    if (
        question.kind == QuestionKind.SCALE
        and given.number is not None
        and not question.scale_low <= given.number <= question.scale_high
    ):
        return f"Choose from {question.scale_low} to {question.scale_high}."
    if question.kind == QuestionKind.NUMBER and given.number is not None and given.number < 0:
        return "Enter a number of 0 or more."
    return None


@transaction.atomic
def response_save(
    *, by: StaffUser, response: Response, answers: dict[int, Given], submit: bool = False
) -> Response:
    """Save an agency's answers as a draft, or submit them (then they are locked). Submitting
    needs every question answered. ``answers`` is by question id."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    require(can_answer(by, response))
    questions = list(response.round.questionnaire.questions.all())
    errors: dict[str, str] = {}
    for question in questions:
        given = answers.get(question.pk, Given())
        problem = _check(question, given)
        if problem is None and submit and not _answered(question, given):
            problem = "Answer this question before sending your answers."
        if problem:
            errors[f"q{question.pk}"] = problem
    if errors:
        raise ValidationError(errors)
    for question in questions:
        given = answers.get(question.pk, Given())
        Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={
                "choice": given.choice if question.kind == QuestionKind.YES_NO_PARTLY else "",
                "number": given.number
                if question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE)
                else None,
                "text": given.text if question.kind == QuestionKind.TEXT else "",
                "comment": given.comment,
            },
        )
    now = timezone.now()
    response.updated_at, response.updated_by = now, by
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at, response.submitted_by = now, by
    else:
        response.status = ResponseStatus.DRAFT
    response.save()
    return response
