"""Pages for young people's participation ("you said, we did") and the support offered to each
child's family.

Participation pages ask ``participation.access`` and show nothing about any one child. Family
support pages go through ``child_view(..., via=Case)``, which checks the relationship and logs
the visit; writes ask ``can_record_family_support`` again in the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.cases.models import Case
from seemehearme.participation import selectors, services
from seemehearme.participation.access import (
    can_record_family_support,
    can_record_participation,
    can_see_participation,
)
from seemehearme.participation.forms import (
    ActivityForm,
    ChangeForm,
    FamilySupportForm,
    OutcomeForm,
)
from seemehearme.participation.models import FamilySupportOffer, ParticipationActivity
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.policy import Decision, require
from seemehearme.web.requests import posted, staff


def _activity(user: StaffUser, activity_id: int) -> ParticipationActivity:
    """One activity of the user's own partnership (another's is not found)."""
    assert user.agency is not None
    return get_object_or_404(ParticipationActivity, pk=activity_id, area_id=user.agency.area_id)


# --- Participation --------------------------------------------------------------------------


def activity_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_see_participation(user))
    assert user.agency is not None
    return render(
        request,
        "participation/list.html",
        {
            "activities": selectors.activities(user.agency.area),
            "can_record": can_record_participation(user),
        },
    )


def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    user = staff(request)
    require(can_see_participation(user))
    activity = _activity(user, activity_id)
    return render(
        request,
        "participation/detail.html",
        {
            "activity": activity,
            "breakdowns": selectors.breakdowns(activity),
            "changes": activity.changes.all(),
            "can_record": can_record_participation(user),
        },
    )


def _activity_form(request: HttpRequest, activity: ParticipationActivity | None) -> HttpResponse:
    user = staff(request)
    require(can_record_participation(user))
    assert user.agency is not None
    initial = ActivityForm.initial_from(activity) if activity is not None else None
    form = ActivityForm(posted(request), area=user.agency.area, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(by=user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The activity has been saved")
            return redirect("participation:activity", activity_id=saved.pk)
    return render(request, "participation/activity_form.html", {"form": form, "activity": activity})


def activity_new(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, None)


def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    return _activity_form(request, _activity(staff(request), activity_id))


def change_new(request: HttpRequest, activity_id: int) -> HttpResponse:
    user = staff(request)
    require(can_record_participation(user))
    activity = _activity(user, activity_id)
    form = ChangeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_record(by=user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "What changed has been recorded")
            return redirect("participation:activity", activity_id=activity.pk)
    return render(request, "participation/change_form.html", {"form": form, "activity": activity})


# --- Family support (child data) -----------------------------------------------------------


def _refused(request: HttpRequest, *, case: Case, child: Child, decision: Decision) -> HttpResponse:
    return render(
        request,
        "cases/case/refused.html",
        {
            "case": case,
            "child": child,
            "what": "record support for the family",
            "decision": decision,
        },
        status=403 if request.method == "POST" else 200,
    )


@child_view(AccessAction.VIEW_RECORD, subject="Support for the family", via=Case)
def family_support(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "participation/family_support.html",
        {
            "case": case,
            "child": child,
            "access": access,
            "offers": selectors.family_support(case),
            "can_record": can_record_family_support(user, case),
        },
    )


@child_view(AccessAction.VIEW_RECORD, subject="Support for the family (form)", via=Case)
def family_support_new(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    allowed = can_record_family_support(user, case)
    if not allowed:
        return _refused(request, case=case, child=child, decision=allowed)
    form = FamilySupportForm(posted(request), area=child.area, initial={"agency": user.agency_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.family_support_offer(by=user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The support offered to the family has been recorded")
            return redirect("participation:family-support", case_id=case.pk)
    return render(
        request,
        "participation/family_support_form.html",
        {"form": form, "case": case, "child": child},
    )


@child_view(
    AccessAction.VIEW_RECORD, subject="Support for the family (outcome)", via=FamilySupportOffer
)
def family_support_outcome(
    request: HttpRequest, *, child: Child, access: Decision, familysupportoffer: FamilySupportOffer
) -> HttpResponse:
    user = staff(request)
    offer = familysupportoffer
    case = offer.case
    allowed = can_record_family_support(user, case)
    if not allowed:
        return _refused(request, case=case, child=child, decision=allowed)
    form = OutcomeForm(posted(request), initial={"outcome": offer.outcome, "reason": offer.reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.family_support_outcome(by=user, offer=offer, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "What became of the offer has been recorded")
            return redirect(reverse("participation:family-support", kwargs={"case_id": case.pk}))
    return render(
        request,
        "participation/family_support_outcome.html",
        {"form": form, "offer": offer, "case": case, "child": child},
    )
