"""Screening pages. Every one goes through ``child_view``, which checks and logs the access."""

from __future__ import annotations

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.cases.models import Case, Referral
from seemehearme.people.models import Child
from seemehearme.screening import scoring
from seemehearme.screening.forms import OverrideForm, ScreeningForm
from seemehearme.screening.models import Screening
from seemehearme.screening.selectors import (
    RiskReviewPrompt,
    current_indicators,
    partnership_agencies,
    schemes_in_use,
    screening_risk_review,
    screening_view,
    screenings_for_child,
)
from seemehearme.screening.services import screening_override, screening_record
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_manage_case, can_record
from seemehearme.web.requests import staff


def _cannot_record(request: HttpRequest, child: Child, decision: Decision) -> HttpResponse:
    return render(
        request,
        "screening/cannot_record.html",
        {"child": child, "decision": decision},
        status=403,
    )


def _linked(model: type[Case] | type[Referral], raw: str | None, child: Child):  # type: ignore[no-untyped-def]
    """The case or referral named in the query string, which must be about this child."""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(model, pk=int(raw), child=child)


@child_view(AccessAction.VIEW_RECORD, subject="Screenings")
def child_screenings(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    screenings = screenings_for_child(child=child)
    return render(
        request,
        "screening/child_screenings.html",
        {
            "child": child,
            "screenings": screenings,
            "latest_id": screenings[0].pk if screenings else None,
            "may_record": can_record(staff(request), child).allowed,
        },
    )


@child_view(AccessAction.VIEW_RECORD, subject="New screening")
def screening_new(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user = staff(request)
    allowed = can_record(user, child)
    if not allowed:
        return _cannot_record(request, child, allowed)
    case = _linked(Case, request.GET.get("case"), child)
    referral = _linked(Referral, request.GET.get("referral"), child)
    form = ScreeningForm(
        request.POST if request.method == "POST" else None,
        indicators=current_indicators(),
        agencies=partnership_agencies(child=child),
        schemes=schemes_in_use(),
        own_agency=user.agency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = screening_record(
                child=child,
                by=user,
                scheme=form.cleaned_data["scheme"],
                answers=form.answers(),
                case=case,
                referral=referral,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_answer_errors(error.message_dict)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, f"Screening recorded: {screening.final_label}")
            return redirect("screening:detail", screening_id=screening.pk)
    return render(
        request,
        "screening/new.html",
        {"child": child, "form": form, "case": case, "referral": referral},
    )


def _after_judgement(
    request: HttpRequest, *, user: StaffUser, screening: Screening
) -> HttpResponse:
    """Say the judgement is recorded; if it is above the score and the case's risk level, say
    so plainly and take whoever may change the level to the form to review it."""
    prompt = screening_risk_review(screening=screening)
    if prompt is None:
        messages.success(request, f"Professional judgement recorded: {screening.final_label}")
        return redirect("screening:detail", screening_id=screening.pk)
    said = (
        f"Professional judgement recorded: {prompt.judged.label}. It is higher than the score "
        f"({prompt.scored.label}), and the case's risk level is {prompt.case.risk_level.name}"
    )
    if can_manage_case(user, screening.child):
        messages.warning(request, f"{said}. Review the case's risk level now.")
        return redirect("cases:case-risk", case_id=prompt.case.pk)
    messages.warning(
        request,
        f"{said}. The case now shows that its risk level is due for review by a CSE "
        "coordinator or team manager.",
    )
    return redirect("screening:detail", screening_id=screening.pk)


@child_view(AccessAction.VIEW_RECORD, subject="Screening", via=Screening)
def screening_detail(
    request: HttpRequest, *, child: Child, access: Decision, screening: Screening
) -> HttpResponse:
    user = staff(request)
    may_record = can_record(user, child)
    if request.method == "POST" and not may_record:
        return _cannot_record(request, child, may_record)
    bands = scoring.bands(screening.scheme.rules)
    form = OverrideForm(
        request.POST if request.method == "POST" else None,
        bands=bands,
        initial={"version": screening.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening_override(
                screening=screening,
                by=user,
                band=form.cleaned_data["band"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RecordModifiedError:
            # Keep what they typed, against the copy that is there now.
            current = Screening.objects.get(pk=screening.pk)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = OverrideForm(data, bands=bands)
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this screening while you had it open. Check what it "
                "says now, then record your judgement again.",
            )
        else:
            return _after_judgement(request, user=user, screening=screening)
    if request.method == "POST":
        # Show the record as saved, not as the refused change left it in memory.
        screening = Screening.objects.select_related("child__area", "scheme").get(pk=screening.pk)
    shown = screening_view(user=user, screening=screening, access=access)
    access_log_record_many(
        user=user,
        shown=[
            (
                child,
                decision,
                f"Screening {screening.pk} evidence: {answer.indicator.text[:60]}",
            )
            for answer, decision in shown.decisions
        ],
        action=AccessAction.VIEW_ITEM,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "screening/detail.html",
        {
            "child": child,
            "view": shown,
            "screening": screening,
            "form": form,
            "may_record": may_record.allowed,
            "risk_review": _risk_review_due(screening),
            "may_manage_case": can_manage_case(user, child).allowed,
        },
    )


def _risk_review_due(screening: Screening) -> RiskReviewPrompt | None:
    """The case whose risk review this screening's judgement asked for, while it is due."""
    prompt = screening_risk_review(screening=screening)
    return prompt if prompt is not None and prompt.case.risk_review_due else None
