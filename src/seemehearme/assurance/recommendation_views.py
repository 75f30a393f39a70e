"""Recommendation pages: the list with each one's status across agencies, recording one, one
recommendation with every agency's response and actions, and an agency's response."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import Agency
from seemehearme.assurance import recommendations as rec
from seemehearme.assurance.access import can_act_for_agency, can_edit_assurance
from seemehearme.assurance.forms import RecommendationForm, ResponseForm
from seemehearme.assurance.models import Recommendation, RecommendationResponse
from seemehearme.assurance.pages import in_area, reader
from seemehearme.sharing.policy import require


@require_GET
def recommendations(request: HttpRequest) -> HttpResponse:
    user, area = reader(request)
    items = list(rec.recommendations_for(area))
    return render(
        request,
        "assurance/recommendations.html",
        {
            "statuses": rec.statuses(area, items),
            "can_edit": can_edit_assurance(user).allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest) -> HttpResponse:
    user, _ = reader(request)
    require(can_edit_assurance(user))
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = rec.recommendation_record(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{item.reference} recorded.")
            return redirect("assurance:recommendation", recommendation_id=item.pk)
    return render(request, "assurance/recommendation_create.html", {"form": form})


@require_GET
def recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(Recommendation, area, pk=recommendation_id)
    (status,) = rec.statuses(area, [item])
    rows = [(row, can_act_for_agency(user, row.agency).allowed) for row in status.agencies]
    return render(
        request,
        "assurance/recommendation.html",
        {"recommendation": item, "status": status, "rows": rows},
    )


@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, recommendation_id: int, agency_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(Recommendation, area, pk=recommendation_id)
    agency = in_area(Agency, area, pk=agency_id)
    require(can_act_for_agency(user, agency))
    existing = RecommendationResponse.objects.filter(recommendation=item, agency=agency).first()
    initial = (
        {"answer": existing.answer, "reasons": existing.reasons, "progress": existing.progress}
        if existing
        else {}
    )
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rec.response_record(user=user, recommendation=item, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{agency.name}'s response saved.")
            return redirect("assurance:recommendation", recommendation_id=item.pk)
    return render(
        request,
        "assurance/response_edit.html",
        {"form": form, "recommendation": item, "agency": agency},
    )
