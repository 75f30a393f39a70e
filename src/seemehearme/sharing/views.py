"""Pages for information-sharing agreements and the data protection lead's break-glass reviews.

Every member of staff may read the agreements (they explain why something is or is not shown);
only the data protection lead may change them or review break-glass access.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seemehearme.areas.models import Area
from seemehearme.audit.models import AccessAction
from seemehearme.audit.selectors import DATA_PROTECTION_REVIEW
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.people.models import Child
from seemehearme.sharing import selectors, services, workspace
from seemehearme.sharing.forms import (
    AgreementForm,
    BreakGlassReviewForm,
    SignatoryForm,
    WorkspaceFilterForm,
)
from seemehearme.sharing.policy import Decision, can_see_pseudonymised, data_protection_area
from seemehearme.web.requests import staff

# Showing a child's name in the review queue is a view of the child's data, so it is logged.
BREAK_GLASS_REVIEW = Decision(
    True, DATA_PROTECTION_REVIEW, "Reviewing break-glass access as data protection lead."
)


def _area(request: HttpRequest) -> Area:
    """The partnership the signed-in member of staff works in."""
    user = staff(request)
    if user.agency is None:
        raise PermissionDenied("Your account is not linked to an agency.")
    return user.agency.area


def _is_data_protection_lead(request: HttpRequest) -> bool:
    return data_protection_area(staff(request)) is not None


def _data_protection_lead_area(request: HttpRequest) -> Area:
    if not _is_data_protection_lead(request):
        raise PermissionDenied("Only the data protection lead can see this page.")
    return _area(request)


def _log_review_view(request: HttpRequest, children: Iterable[Child]) -> None:
    distinct = {child.pk: child for child in children}
    access_log_record_many(
        user=staff(request),
        shown=[(child, BREAK_GLASS_REVIEW, "break-glass review") for child in distinct.values()],
        action=AccessAction.VIEW_HISTORY,
        request=request,
    )


# --- Agreements -------------------------------------------------------------------------------


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = selectors.agreement_list(area=_area(request))
    return render(
        request,
        "sharing/agreement_list.html",
        {"agreements": agreements, "can_manage": _is_data_protection_lead(request)},
    )


def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_object_or_404(selectors.agreement_detail(area=_area(request)), pk=agreement_id)
    return render(
        request,
        "sharing/agreement_detail.html",
        {
            "agreement": agreement,
            "unsigned_parties": selectors.agreement_unsigned_parties(agreement=agreement),
            "can_manage": _is_data_protection_lead(request),
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    area = _data_protection_lead_area(request)
    form = AgreementForm(request.POST if request.method == "POST" else None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(by=staff(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Agreement {agreement.reference} saved.")
            return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(request, "sharing/agreement_form.html", {"form": form, "agreement": None})


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    area = _data_protection_lead_area(request)
    agreement = get_object_or_404(selectors.agreement_detail(area=area), pk=agreement_id)
    form = AgreementForm(
        request.POST if request.method == "POST" else None, area=area, agreement=agreement
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(agreement=agreement, by=staff(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Agreement {agreement.reference} updated.")
            return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(
        request,
        "sharing/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "unsigned_parties": selectors.agreement_unsigned_parties(agreement=agreement),
        },
    )


@require_http_methods(["GET", "POST"])
def signatory_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    area = _data_protection_lead_area(request)
    agreement = get_object_or_404(selectors.agreement_detail(area=area), pk=agreement_id)
    form = SignatoryForm(request.POST if request.method == "POST" else None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            signatory = services.agreement_signatory_add(
                agreement=agreement, by=staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{signatory.name} added as a signatory for {signatory.agency.name}."
            )
            return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(request, "sharing/signatory_form.html", {"form": form, "agreement": agreement})


# --- Break-glass reviews ----------------------------------------------------------------------


def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    area = _data_protection_lead_area(request)
    rows = selectors.break_glass_review_queue(area=area)
    _log_review_view(request, (row.access.child for row in rows))
    return render(
        request, "sharing/break_glass_reviews.html", {"rows": rows, "now": timezone.now()}
    )


@require_http_methods(["GET", "POST"])
def break_glass_review(request: HttpRequest, access_id: int) -> HttpResponse:
    area = _data_protection_lead_area(request)
    access = get_object_or_404(selectors.break_glass_accesses(area=area), pk=access_id)
    form = BreakGlassReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and access.reviewed_at is None and form.is_valid():
        try:
            services.break_glass_review_record(
                access=access,
                by=staff(request),
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("sharing:break-glass-reviews")
    _log_review_view(request, [access.child])
    return render(
        request,
        "sharing/break_glass_review.html",
        {
            "access": access,
            "views_logged": selectors.break_glass_views_logged(access=access),
            "form": form,
            "now": timezone.now(),
        },
    )


@require_POST
def break_glass_end(request: HttpRequest, access_id: int) -> HttpResponse:
    area = _data_protection_lead_area(request)
    access = get_object_or_404(selectors.break_glass_accesses(area=area), pk=access_id)
    try:
        services.break_glass_end(access=access, by=staff(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"Break-glass access for {access.user.display_name} ended.")
    return redirect("sharing:break-glass-review", access_id=access.pk)


# --- The analyst's workspace ------------------------------------------------------------------

WORKSPACE_PAGE_SIZE = 50


def _workspace_area(request: HttpRequest) -> tuple[Decision, Area]:
    decision = can_see_pseudonymised(staff(request))
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    return decision, _area(request)


def _workspace_children(request: HttpRequest, area: Area) -> tuple[WorkspaceFilterForm, list]:
    form = WorkspaceFilterForm(request.GET, area=area)
    filters = form.cleaned_data if form.is_valid() else {}
    children = workspace.workspace_children(
        area=area,
        age_band_code=filters.get("age_band", ""),
        gender=filters.get("gender", ""),
        risk=filters.get("risk", ""),
    )
    return form, children  # type: ignore[return-value]


def _log_listing(
    request: HttpRequest, decision: Decision, *, action: AccessAction, subject: str
) -> None:
    """One entry per page view or download, naming no child: the rows are pseudonymised, so
    the entry records that the listing was seen, not who was in it (ADR 0005)."""
    access_log_record(
        user=staff(request),
        child=None,
        action=action,
        decision=decision,
        subject=subject,
        request=request,
    )


@require_GET
def workspace_children(request: HttpRequest) -> HttpResponse:
    """Children known to the partnership, as pseudonyms with broad details."""
    decision, area = _workspace_area(request)
    form, children = _workspace_children(request, area)
    page = Paginator(children, WORKSPACE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = workspace.workspace_rows(area=area, children=list(page.object_list))
    _log_listing(
        request,
        decision,
        action=AccessAction.LISTED,
        subject=f"analyst's workspace: {len(rows)} pseudonymised children (page {page.number})",
    )
    return render(
        request,
        "sharing/workspace_children.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "event_days": workspace.EVENT_DAYS,
        },
    )


@require_GET
def workspace_children_csv(request: HttpRequest) -> HttpResponse:
    """The same columns for every child matching the filters, as CSV."""
    decision, area = _workspace_area(request)
    _, children = _workspace_children(request, area)
    rows = workspace.workspace_rows(area=area, children=list(children))
    _log_listing(
        request,
        decision,
        action=AccessAction.EXPORT,
        subject=f"analyst's workspace download: {len(rows)} pseudonymised children",
    )
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="children-pseudonymised-{today:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(workspace.CSV_COLUMNS)
    writer.writerows(workspace.csv_cells(row) for row in rows)
    return response
