"""The data protection lead's pages, and the practitioner's decisions to share on a child's
record. Views check, log and render; the work is in the modules beside them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seemehearme.areas.models import Area
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.dataprotection import agreements, coverage, decisions, retention, subject_access
from seemehearme.dataprotection.access import (
    DECISIONS_LISTING,
    can_handle_subject_access,
    can_use_data_protection,
)
from seemehearme.dataprotection.forms import (
    DecisionFilterForm,
    ItemReviewForm,
    RetentionRuleForm,
    SharingDecisionForm,
    SubjectAccessRequestForm,
)
from seemehearme.dataprotection.models import (
    RecordType,
    RequestStatus,
    RetentionRule,
    SubjectAccessItem,
    SubjectAccessRequest,
)
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_record, require
from seemehearme.sharing.pseudonyms import pseudonym
from seemehearme.web.requests import staff


def _lead_area(request: HttpRequest) -> tuple[Decision, Area]:
    decision = require(can_use_data_protection(staff(request)))
    user = staff(request)
    assert user.agency is not None
    return decision, user.agency.area


# --- Agreements register and coverage ---------------------------------------------------------


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    _, area = _lead_area(request)
    rows = agreements.agreement_register(area=area)
    return render(
        request,
        "dataprotection/register.html",
        {
            "rows": rows,
            "attention": [row for row in rows if row.attention_words],
            "soon_days": agreements.SOON_DAYS,
        },
    )


@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    _, area = _lead_area(request)
    today = timezone.localdate()
    pairs = coverage.coverage(area=area, on=today)
    return render(
        request,
        "dataprotection/coverage.html",
        {
            "pairs": pairs,
            "gaps": [pair for pair in pairs if not pair.has_agreement],
            "today": today,
        },
    )


# --- Decisions to share -------------------------------------------------------------------------


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    """The partnership's decisions to share, children as pseudonyms: one log entry, no child."""
    _decision, area = _lead_area(request)
    form = DecisionFilterForm(request.GET, area=area)
    filters = form.cleaned_data if form.is_valid() else {}
    shared = {"yes": True, "no": False}.get(filters.get("shared", ""))
    found = decisions.partnership_sharing_decisions(
        area=area,
        shared=shared,
        overridden_only=bool(filters.get("overridden")),
        agency=filters.get("agency"),
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    rows = decisions.listed_decisions(area=area, decisions=page.object_list)
    access_log_record(
        user=staff(request),
        child=None,
        action=AccessAction.LISTED,
        decision=Decision(True, DECISIONS_LISTING, "Decisions to share, children pseudonymised."),
        subject=f"decisions to share: {len(rows)} decisions, children pseudonymised",
        request=request,
    )
    return render(
        request,
        "dataprotection/decision_list.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@require_GET
@child_view(AccessAction.VIEW_ITEM, subject="Decisions to share")
def child_decisions(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user = staff(request)
    found = decisions.child_sharing_decisions(user=user, child=child, access=access)
    access_log_record_many(
        user=user,
        shown=found.log_rows(child),
        action=AccessAction.VIEW_ITEM,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "dataprotection/child_decisions.html",
        {"child": child, "found": found, "can_record": can_record(user, child).allowed},
    )


@require_http_methods(["GET", "POST"])
@child_view(AccessAction.VIEW_RECORD, subject="Record a decision to share")
def child_decision_new(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user = staff(request)
    require(can_record(user, child))
    form = SharingDecisionForm(
        request.POST if request.method == "POST" else None,
        area=child.area,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.sharing_decision_record(by=user, child=child, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("dataprotection:child-decisions", child_id=child.pk)
    return render(
        request, "dataprotection/child_decision_form.html", {"child": child, "form": form}
    )


# --- Subject access -----------------------------------------------------------------------------


def _sar(request: HttpRequest, request_id: int) -> tuple[SubjectAccessRequest, Decision]:
    _, area = _lead_area(request)
    sar = get_object_or_404(
        SubjectAccessRequest.objects.select_related("child", "child__area"),
        pk=request_id,
        area=area,
    )
    return sar, require(can_handle_subject_access(staff(request), sar.child))


def _log_sar(
    request: HttpRequest,
    sar: SubjectAccessRequest,
    decision: Decision,
    action: AccessAction,
    what: str,
) -> None:
    access_log_record(
        user=staff(request),
        child=sar.child,
        action=action,
        decision=decision,
        subject=f"Subject access request SAR-{sar.pk}: {what}",
        request=request,
    )


@require_GET
def sar_list(request: HttpRequest) -> HttpResponse:
    """Requests, children as pseudonyms (the name is on each request's page, logged there)."""
    _, area = _lead_area(request)
    requests = list(SubjectAccessRequest.objects.filter(area=area).order_by("-received_on", "-pk"))
    rows = [(sar, pseudonym(area, sar.child_id)) for sar in requests]
    return render(request, "dataprotection/sar_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def sar_new(request: HttpRequest) -> HttpResponse:
    _, area = _lead_area(request)
    form = SubjectAccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = subject_access.child_for_request(
            area_id=area.pk,
            given_name=data["given_name"],
            family_name=data["family_name"],
            dob=data["date_of_birth"],
        )
        if len(found) != 1:
            form.add_error(
                None,
                "No child in this partnership has that name and date of birth"
                if not found
                else "More than one child has that name and date of birth: ask the system "
                "administrator to check for duplicate records",
            )
        else:
            try:
                sar = subject_access.request_create(
                    by=staff(request),
                    child=found[0],
                    requester_name=data["requester_name"],
                    requester_kind=data["requester_kind"],
                    received_on=data["received_on"],
                    notes=data["notes"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Request SAR-{sar.pk} recorded.")
                return redirect("dataprotection:sar", request_id=sar.pk)
    return render(request, "dataprotection/sar_new.html", {"form": form})


@require_GET
def sar_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    sar, decision = _sar(request, request_id)
    items = list(sar.items.all())
    _log_sar(request, sar, decision, AccessAction.VIEW_ITEM, f"review of {len(items)} items")
    return render(
        request,
        "dataprotection/sar_detail.html",
        {
            "sar": sar,
            "items": items,
            "undecided": sum(1 for item in items if not item.decision),
            "staff_redacted": subject_access.redact_staff_names(),
        },
    )


@require_POST
def sar_gather(request: HttpRequest, request_id: int) -> HttpResponse:
    sar, decision = _sar(request, request_id)
    try:
        count = subject_access.request_gather(request=sar, by=staff(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        _log_sar(request, sar, decision, AccessAction.EXPORT, f"gathered {count} items")
        messages.success(request, f"{count} items gathered for review.")
    return redirect("dataprotection:sar", request_id=sar.pk)


@require_http_methods(["GET", "POST"])
def sar_item(request: HttpRequest, request_id: int, item_id: int) -> HttpResponse:
    sar, decision = _sar(request, request_id)
    item = get_object_or_404(SubjectAccessItem, pk=item_id, request=sar)
    form = ItemReviewForm(
        request.POST if request.method == "POST" else None,
        initial={
            "decision": item.decision or None,
            "redacted_text": item.redacted_text or item.text,
            "reason": item.decision_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            subject_access.item_review(item=item, by=staff(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Decision saved for “{item.title}”.")
            return redirect("dataprotection:sar", request_id=sar.pk)
    _log_sar(request, sar, decision, AccessAction.VIEW_ITEM, f"item {item.ref or item.pk}")
    return render(request, "dataprotection/sar_item.html", {"sar": sar, "item": item, "form": form})


@require_POST
def sar_release(request: HttpRequest, request_id: int) -> HttpResponse:
    sar, decision = _sar(request, request_id)
    try:
        subject_access.request_release(request=sar, by=staff(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("dataprotection:sar", request_id=sar.pk)
    _log_sar(request, sar, decision, AccessAction.EXPORT, "released")
    messages.success(request, f"Request SAR-{sar.pk} released.")
    return redirect("dataprotection:sar-release", request_id=sar.pk)


def _released(request: HttpRequest, request_id: int) -> tuple[SubjectAccessRequest, Decision]:
    sar, decision = _sar(request, request_id)
    if sar.status != RequestStatus.RELEASED:
        raise PermissionDenied("This request has not been released yet.")
    return sar, decision


@require_GET
def sar_release_page(request: HttpRequest, request_id: int) -> HttpResponse:
    sar, decision = _released(request, request_id)
    _log_sar(request, sar, decision, AccessAction.EXPORT, "release viewed")
    return render(
        request,
        "dataprotection/sar_release.html",
        {"sar": sar, "document": subject_access.release_document(sar)},
    )


@require_GET
def sar_release_zip(request: HttpRequest, request_id: int) -> HttpResponse:
    sar, decision = _released(request, request_id)
    _log_sar(request, sar, decision, AccessAction.EXPORT, "release downloaded (JSON and PDF)")
    body = subject_access.release_zip(subject_access.release_document(sar))
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-SAR-{sar.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


# --- Retention ----------------------------------------------------------------------------------


@require_GET
def retention_page(request: HttpRequest) -> HttpResponse:
    _, area = _lead_area(request)
    today = timezone.localdate()
    return render(
        request,
        "dataprotection/retention.html",
        {"reports": retention.dry_run(area=area, today=today), "today": today},
    )


@require_http_methods(["GET", "POST"])
def retention_rule_edit(request: HttpRequest, record_type: str) -> HttpResponse:
    _, area = _lead_area(request)
    if record_type not in RecordType.values:
        raise PermissionDenied("There is no such kind of record.")
    retention.retention_rules(area)
    rule = get_object_or_404(RetentionRule, area=area, record_type=record_type)
    form = RetentionRuleForm(
        request.POST if request.method == "POST" else None,
        initial={
            "years": rule.years,
            "days": rule.days,
            "action": rule.action,
            "source": rule.source,
        },
    )
    if request.method == "POST" and form.is_valid():
        retention.retention_rule_update(rule=rule, by=staff(request), **form.cleaned_data)
        messages.success(request, f"Rule for {rule.get_record_type_display().lower()} saved.")
        return redirect("dataprotection:retention")
    return render(
        request,
        "dataprotection/retention_rule.html",
        {"rule": rule, "form": form, "anchor": retention.ANCHORS[rule.record_type]},
    )
