"""Pages for progress questionnaires: write, send, answer, chase and see what changed.

Every page asks ``questionnaires.access`` before it answers; objects of another partnership
(or, for answering, another agency) are refused or not found. No page shows a child.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from seemehearme.areas.models import StaffUser
from seemehearme.questionnaires import selectors, services
from seemehearme.questionnaires.access import (
    can_answer,
    can_see_response,
    can_send_questionnaires,
    can_use_questionnaires,
)
from seemehearme.questionnaires.forms import (
    AnswersForm,
    QuestionForm,
    QuestionnaireForm,
    SendForm,
)
from seemehearme.questionnaires.models import Question, Questionnaire, Response, Round
from seemehearme.questionnaires.report import change_report
from seemehearme.questionnaires.starter import starter_questionnaire_create
from seemehearme.sharing.policy import require
from seemehearme.web.requests import posted, staff


def _own_area_id(user: StaffUser) -> int:
    if user.agency is None:
        raise Http404
    return user.agency.area_id


def _questionnaire(request: HttpRequest, questionnaire_id: int) -> Questionnaire:
    """A questionnaire of the sender's own partnership; another's is not found."""
    user = staff(request)
    require(can_send_questionnaires(user))
    return get_object_or_404(Questionnaire, pk=questionnaire_id, area_id=_own_area_id(user))


def _round(request: HttpRequest, round_id: int) -> Round:
    user = staff(request)
    require(can_send_questionnaires(user))
    return get_object_or_404(
        Round.objects.select_related("questionnaire"),
        pk=round_id,
        questionnaire__area_id=_own_area_id(user),
    )


def index(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_use_questionnaires(user))
    sender = can_send_questionnaires(user)
    context: dict[str, Any] = {"sender": sender, "mine": selectors.for_my_agency(user)}
    if sender:
        area = user.agency.area  # type: ignore[union-attr]  # a sender has an agency
        context["questionnaires"] = selectors.questionnaires(area)
        context["rounds"] = selectors.rounds(area)
    return render(request, "questionnaires/index.html", context)


def questionnaire_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_send_questionnaires(user))
    form = QuestionnaireForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The questionnaire has been made. Now add its questions.")
            return redirect("questionnaires:questionnaire", questionnaire_id=questionnaire.pk)
    return render(request, "questionnaires/questionnaire_form.html", {"form": form})


@require_POST
def starter(request: HttpRequest) -> HttpResponse:
    """Make the starter questionnaire from the inquiry's follow-up themes."""
    questionnaire = starter_questionnaire_create(by=staff(request))
    messages.success(request, "The suggested questionnaire has been made: change it, then send it")
    return redirect("questionnaires:questionnaire", questionnaire_id=questionnaire.pk)


def questionnaire_detail(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id)
    return render(
        request,
        "questionnaires/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.all(),
            "rounds": questionnaire.rounds.all(),
        },
    )


def question_new(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    user = staff(request)
    questionnaire = _questionnaire(request, questionnaire_id)
    form = QuestionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(by=user, questionnaire=questionnaire, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The question has been added")
            return redirect("questionnaires:questionnaire", questionnaire_id=questionnaire.pk)
    return render(
        request,
        "questionnaires/question_form.html",
        {"form": form, "questionnaire": questionnaire},
    )


@require_POST
def question_remove(request: HttpRequest, question_id: int) -> HttpResponse:
    user = staff(request)
    require(can_send_questionnaires(user))
    question = get_object_or_404(
        Question, pk=question_id, questionnaire__area_id=_own_area_id(user)
    )
    try:
        services.question_remove(by=user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The question has been taken out")
    return redirect("questionnaires:questionnaire", questionnaire_id=question.questionnaire_id)


@require_POST
def new_version(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    user = staff(request)
    questionnaire = _questionnaire(request, questionnaire_id)
    try:
        copy = services.questionnaire_new_version(by=user, questionnaire=questionnaire)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("questionnaires:questionnaire", questionnaire_id=questionnaire.pk)
    messages.success(request, f"Version {copy.version} has been made: change it, then send it")
    return redirect("questionnaires:questionnaire", questionnaire_id=copy.pk)


def send(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    user = staff(request)
    questionnaire = _questionnaire(request, questionnaire_id)
    form = SendForm(posted(request), questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_send(by=user, questionnaire=questionnaire, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"The questionnaire has been sent to {round_.responses.count()} agencies"
            )
            return redirect("questionnaires:round", round_id=round_.pk)
    return render(
        request, "questionnaires/send.html", {"form": form, "questionnaire": questionnaire}
    )


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    answered, chase = selectors.round_responses(round_, today=timezone.localdate())
    return render(
        request,
        "questionnaires/round.html",
        {"round": round_, "answered": answered, "chase": chase},
    )


@require_POST
def remind(request: HttpRequest, round_id: int) -> HttpResponse:
    user = staff(request)
    round_ = _round(request, round_id)
    chased = services.round_remind(by=user, round_=round_)
    if chased:
        messages.success(
            request,
            f"A reminder has been sent to {len(chased)} agenc{'y' if len(chased) == 1 else 'ies'}",
        )
    else:
        messages.success(request, "Every agency has answered: nobody needed a reminder")
    return redirect("questionnaires:round", round_id=round_.pk)


def report(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    return render(request, "questionnaires/report.html", {"report": change_report(round_)})


def response_page(request: HttpRequest, response_id: int) -> HttpResponse:
    """An agency's answers: a form for its managing staff until submitted, then read only (also
    for the sender)."""
    user = staff(request)
    response = get_object_or_404(
        Response.objects.select_related("round__questionnaire", "agency__area"), pk=response_id
    )
    seeing = can_see_response(user, response)
    if not seeing and seeing.basis == "other_area":
        raise Http404
    require(seeing)
    questions = list(response.round.questionnaire.questions.all())
    answers = selectors.answers_by_question(response)
    answering = can_answer(user, response)
    if not answering:
        if request.method == "POST":
            require(answering)
        return render(
            request,
            "questionnaires/response.html",
            {
                "response": response,
                "rows": [(question, answers.get(question.pk)) for question in questions],
                "answering": answering,
            },
        )
    form = AnswersForm(posted(request), questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.response_save(by=user, response=response, answers=form.given(), submit=submit)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Your agency's answers have been sent"
                if submit
                else "Your answers have been saved",
            )
            if submit:
                return redirect("questionnaires:index")
            return redirect("questionnaires:response", response_id=response.pk)
    return render(request, "questionnaires/answer.html", {"response": response, "form": form})
