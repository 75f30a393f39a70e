"""Self-assessment pages: the list, starting one, an assessment with its changes since last
time, an entry, completing, and the board report in HTML and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.access import can_edit_assurance
from seemehearme.assurance.forms import AssessmentStartForm, EntryForm
from seemehearme.assurance.models import Assessment, AssessmentEntry
from seemehearme.assurance.pages import in_area, reader
from seemehearme.meetings.pdf import render_pdf
from seemehearme.sharing.policy import require


@require_GET
def assessments(request: HttpRequest) -> HttpResponse:
    user, area = reader(request)
    return render(
        request,
        "assurance/assessments.html",
        {
            "assessments": sa.assessments_of(area),
            "can_edit": can_edit_assurance(user).allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest) -> HttpResponse:
    user, _ = reader(request)
    require(can_edit_assurance(user))
    form = AssessmentStartForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = sa.assessment_start(
                user=user,
                title=form.cleaned_data["title"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{assessment.title} started.")
            return redirect("assurance:assessment", assessment_id=assessment.pk)
    return render(request, "assurance/assessment_start.html", {"form": form})


@require_GET
def assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(Assessment, area, pk=assessment_id)
    return render(
        request,
        "assurance/assessment.html",
        {
            "report": sa.assessment_report(item),
            "assessment": item,
            "can_edit": can_edit_assurance(user).allowed and not item.is_complete,
        },
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    user, area = reader(request)
    entry = in_area(AssessmentEntry, area, "assessment__area", pk=entry_id)
    require(can_edit_assurance(user))
    if entry.assessment.is_complete:
        messages.error(request, sa.LOCKED)
        return redirect("assurance:assessment", assessment_id=entry.assessment_id)
    form = EntryForm(
        request.POST or None,
        area=area,
        initial={
            "rating": entry.rating,
            "evidence": entry.evidence,
            "owner": entry.owner_id,
            "actions": entry.actions,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            sa.entry_update(user=user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Saved.")
            return redirect("assurance:assessment", assessment_id=entry.assessment_id)
    return render(
        request,
        "assurance/entry_edit.html",
        {
            "form": form,
            "entry": entry,
            "change": sa.changes_since_last(entry.assessment)[entry.pk],
            "earlier": sa.earlier_entries(entry.assessment)[entry.pk],
            "history": sa.rating_history(entry),
        },
    )


@require_POST
def assessment_complete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(Assessment, area, pk=assessment_id)
    try:
        sa.assessment_complete(user=user, assessment=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{item.title} is complete and can no longer be changed.")
    return redirect("assurance:assessment", assessment_id=item.pk)


def _report_context(item: Assessment) -> dict[str, object]:
    return {"report": sa.assessment_report(item), "assessment": item}


@require_GET
def assessment_report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    _, area = reader(request)
    item = in_area(Assessment, area, pk=assessment_id)
    return render(request, "assurance/report.html", _report_context(item))


def report_document(item: Assessment) -> str:
    """The HTML the board report's PDF is drawn from."""
    context = _report_context(item) | {"printed_at": timezone.now()}
    return render_to_string("assurance/report_pdf.html", context)


@require_GET
def assessment_report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    _, area = reader(request)
    item = in_area(Assessment, area, pk=assessment_id)
    response = HttpResponse(render_pdf(report_document(item)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{item.pk}.pdf"'
    return response
