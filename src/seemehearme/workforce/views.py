"""Training and supervision pages: your own records, your team's (team managers), recording
training and supervision, and the partnership's compliance with the staff behind each figure.
Each page asks its check in ``workforce.access`` and refuses with the reason; the work is in
``selectors`` and ``services``. No child is shown, so nothing is written to the access log."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import Role, StaffUser
from seemehearme.feeds.parsing import FileRefused
from seemehearme.sharing.policy import require
from seemehearme.web.requests import staff
from seemehearme.workforce import selectors, services
from seemehearme.workforce.access import (
    can_manage_team,
    can_record_any,
    can_see_compliance,
    can_see_own,
)
from seemehearme.workforce.forms import (
    FiguresDateForm,
    SupervisionForm,
    TrainingImportForm,
    TrainingRecordForm,
)
from seemehearme.workforce.importing import COLUMNS, training_import
from seemehearme.workforce.models import TrainingCourse


def _after_recording(user: StaffUser) -> HttpResponse:
    if user.role == Role.TEAM_MANAGER:
        return redirect("workforce:team")
    return redirect("workforce:compliance")


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_see_own(user))
    standing = selectors.standings([user], timezone.localdate())[0]
    return render(
        request,
        "workforce/mine.html",
        {
            "standing": standing,
            "training": selectors.training_records_for(user),
            "supervisions": selectors.supervisions_for(user),
        },
    )


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_manage_team(user))
    assert user.team is not None
    return render(
        request,
        "workforce/team.html",
        {"team": user.team, "standings": selectors.team_standings(user.team, timezone.localdate())},
    )


def _initial_staff(request: HttpRequest) -> dict[str, str]:
    chosen = request.GET.get("staff", "")
    return {"staff": chosen, "supervisee": chosen} if chosen.isdigit() else {}


@require_http_methods(["GET", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_record_any(user))
    form = TrainingRecordForm(
        request.POST if request.method == "POST" else None,
        staff=selectors.recordable_staff(user),
        initial=_initial_staff(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.training_record(
                by=user,
                staff=data["staff"],
                course=data["course"],
                completed_on=data["completed_on"],
                provider=data["provider"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{record.course.name} recorded for {record.staff.display_name}"
            )
            return _after_recording(user)
    return render(request, "workforce/training_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def supervision_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_record_any(user))
    assert user.agency is not None
    initial = {**_initial_staff(request), "supervisor": user.pk}
    form = SupervisionForm(
        request.POST if request.method == "POST" else None,
        supervisees=selectors.recordable_staff(user),
        supervisors=selectors.staff_in_area(user.agency.area),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.supervision_record(
                by=user,
                supervisee=data["supervisee"],
                supervisor=data["supervisor"],
                held_on=data["held_on"],
                kind=data["kind"],
                cases_discussed=data["cases_discussed"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Supervision recorded for {session.supervisee.display_name}")
            return _after_recording(user)
    return render(request, "workforce/supervision_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def training_import_page(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_record_any(user))
    form = TrainingImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = training_import(by=user, stream=form.cleaned_data["file"])
        except FileRefused as refused:
            form.add_error("file", str(refused))
    return render(
        request,
        "workforce/training_import.html",
        {
            "form": form,
            "outcome": outcome,
            "columns": COLUMNS,
            "courses": TrainingCourse.objects.filter(is_active=True),
        },
    )


def _figures_date(request: HttpRequest) -> tuple[FiguresDateForm, dt.date]:
    form = FiguresDateForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return form, on or timezone.localdate()


@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_see_compliance(user))
    assert user.agency is not None
    form, on = _figures_date(request)
    on_query = urlencode({"on_day": on.day, "on_month": on.month, "on_year": on.year})
    return render(
        request,
        "workforce/compliance.html",
        {
            "form": form,
            "report": selectors.compliance(user.agency.area, on),
            "on_query": on_query,
            "can_record": can_record_any(user).allowed,
        },
    )


@require_GET
def compliance_staff(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(can_see_compliance(user))
    assert user.agency is not None
    _, on = _figures_date(request)
    group = request.GET.get("group", "all")
    report = selectors.compliance(user.agency.area, on)
    figure = report.figure(group, request.GET.get("key", ""))
    if figure is None:
        raise Http404("No such figure")
    return render(
        request,
        "workforce/compliance_staff.html",
        {"figure": figure, "group": selectors.GROUPS.get(group, ""), "on": on},
    )
