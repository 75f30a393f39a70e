"""Identity review pages. The queue and a pair are for the triage team (policy:
``can_review_identity``); a child's agency records go through ``child_view``. Every page logs
each child it shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import Area, StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.identity.forms import SAME, DecisionForm, UndoForm
from seemehearme.identity.models import LinkCandidate
from seemehearme.identity.selectors import (
    PAGE_SIZE,
    candidate_get,
    candidate_view,
    child_links,
    children_of,
    link_for_child,
    review_counts,
    review_queue,
    unmatched_by_agency,
    unmatched_records,
)
from seemehearme.identity.services import (
    candidate_accept,
    candidate_reject,
    link_undo,
    merge_undo,
)
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_review_identity
from seemehearme.web.requests import staff


def _area(user: StaffUser) -> Area:
    if user.agency is None:
        raise PermissionDenied("Your account does not belong to an agency.")
    return user.agency.area


@require_GET
def review_queue_page(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    area = _area(user)
    decision = can_review_identity(user, area)
    if not decision:
        raise PermissionDenied(decision.reason)
    page = Paginator(review_queue(area=area), PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record_many(
        user=user,
        shown=[
            (child, decision, "Possible match in the identity review queue")
            for child in children_of(list(page.object_list))
        ],
        action=AccessAction.LISTED,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "identity/review_queue.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "counts": review_counts(area=area),
            "unmatched": unmatched_by_agency(area=area),
        },
    )


@require_GET
def unmatched_page(request: HttpRequest) -> HttpResponse:
    """The agency records that belong to no child, named, for the triage team to chase. They
    belong to no child, so the access log gets one entry for the page, naming no child, with
    how many records it showed (its address says which page)."""
    user = staff(request)
    area = _area(user)
    decision = can_review_identity(user, area)
    if not decision:
        _log_unmatched(request, user, decision, shown=0)
        raise PermissionDenied(decision.reason)
    page = Paginator(unmatched_records(area=area), PAGE_SIZE).get_page(request.GET.get("page"))
    _log_unmatched(request, user, decision, shown=len(page.object_list))
    return render(
        request,
        "identity/unmatched.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


def _log_unmatched(
    request: HttpRequest, user: StaffUser, decision: Decision, *, shown: int
) -> None:
    access_log_record(
        user=user,
        child=None,
        action=AccessAction.LISTED,
        decision=decision,
        subject=f"Agency records not matched to a child ({shown} shown)",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )


def _log_pair(
    request: HttpRequest, user: StaffUser, candidate: LinkCandidate, decision: Decision
) -> None:
    for person in (candidate.person_a, candidate.person_b):
        if person.child is not None:
            access_log_record(
                user=user,
                child=person.child,
                action=AccessAction.VIEW_RECORD,
                decision=decision,
                subject="Possible match: agency records side by side",
                purpose=SAFEGUARDING_PURPOSE,
                request=request,
            )


@require_http_methods(["GET", "POST"])
def candidate_page(request: HttpRequest, linkcandidate_id: int) -> HttpResponse:
    user = staff(request)
    area = _area(user)
    candidate = candidate_get(area=area, candidate_id=linkcandidate_id)
    if candidate is None:
        raise Http404
    decision = can_review_identity(user, area)
    _log_pair(request, user, candidate, decision)
    if not decision:
        raise PermissionDenied(decision.reason)

    action = request.POST.get("action") if request.method == "POST" else None
    form = DecisionForm(request.POST if action == "decide" else None)
    undo_form = UndoForm(request.POST if action == "undo" else None, prefix="undo")
    if action == "decide" and form.is_valid():
        same = form.cleaned_data["decision"] == SAME
        decide = candidate_accept if same else candidate_reject
        try:
            decide(candidate=candidate, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Recorded: the same child. Their agency records are now one child."
                if same
                else "Recorded: different children. They will not be linked.",
            )
            return redirect("identity:review-queue")
    elif action == "undo" and undo_form.is_valid():
        try:
            merge_undo(candidate=candidate, user=user, reason=undo_form.cleaned_data["reason"])
        except ValidationError as error:
            undo_form.add_service_errors(error)
        else:
            messages.success(request, "The merge was undone: the records are two children again.")
            return redirect("identity:candidate", linkcandidate_id=candidate.pk)
    if request.method == "POST":
        candidate = candidate_get(area=area, candidate_id=linkcandidate_id) or candidate
    return render(
        request,
        "identity/candidate.html",
        {
            "view": candidate_view(candidate),
            "form": form,
            "undo_form": undo_form,
            "errors_form": undo_form if undo_form.errors else form,
        },
        status=400 if form.errors or undo_form.errors else 200,
    )


@child_view(AccessAction.VIEW_RECORD, subject="Agency records that make up this child")
def child_links_page(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user = staff(request)
    reviewer = can_review_identity(user, child.area)
    form = UndoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied(reviewer.reason)
        if form.is_valid():
            link = link_for_child(child=child, link_id=form.cleaned_data["link"])
            if link is None:
                raise Http404
            try:
                link_undo(link=link, user=user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "The record was moved out of this child's record.")
                return redirect("identity:child-links", child_id=child.pk)
    return render(
        request,
        "identity/child_links.html",
        {
            "child": child,
            "access": access,
            "rows": child_links(child=child),
            "may_undo": reviewer.allowed,
            "form": form,
            "error_link": form.cleaned_data.get("link") if form.errors else None,
        },
        status=400 if form.errors else 200,
    )
