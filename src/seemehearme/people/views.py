"""Pages about children. Every page that takes a child goes through ``child_view``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seemehearme.audit.history import access_log_for_child
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.cases.selectors import child_words
from seemehearme.people.forms import BreakGlassForm, ChildSearchForm
from seemehearme.people.models import Child
from seemehearme.people.selectors import child_record, child_search_outcome
from seemehearme.people.services import break_glass_start as start_break_glass
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_break_glass, can_do_case_work
from seemehearme.web.requests import staff


def child_search(request: HttpRequest) -> HttpResponse:
    """Search by POST, so a child's name never appears in a URL, a server log or history."""
    allowed = can_do_case_work(staff(request))
    if not allowed:
        raise PermissionDenied(allowed.reason)
    form = ChildSearchForm(request.POST if request.method == "POST" else None)
    outcome = None
    if form.is_valid():
        user = staff(request)
        outcome = child_search_outcome(
            user=user,
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        shown = [(c, d, "Search result: full details") for c, d in outcome.shown]
        shown += [
            (c, d, "Search result: name and date of birth only") for c, d in outcome.known_elsewhere
        ]
        access_log_record_many(
            user=user,
            shown=shown,
            action=AccessAction.SEARCH_RESULT,
            purpose=SAFEGUARDING_PURPOSE,
            request=request,
        )
    return render(request, "people/search.html", {"form": form, "outcome": outcome})


@child_view(AccessAction.VIEW_RECORD)
def child_detail(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    user = staff(request)
    record, decisions = child_record(user=user, child=child, access=access)
    words = child_words(user=user, child=child, access=access)
    access_log_record_many(
        user=user,
        shown=[
            *words.log_rows(child),
            *(
                (
                    child,
                    decision,
                    f"Item {item.pk} ({item.category.code}, {item.source_agency.name})",
                )
                for item, decision in decisions
            ),
        ],
        action=AccessAction.VIEW_ITEM,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request, "people/child_detail.html", {"record": record, "child": child, "words": words}
    )


@child_view(AccessAction.VIEW_HISTORY, subject="Who has looked at this record")
def child_access_history(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    page = Paginator(access_log_for_child(child=child), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/child_access_history.html",
        {
            "child": child,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@child_view(AccessAction.BREAK_GLASS, subject="Break-glass request page", refuse=False)
def break_glass_start(request: HttpRequest, *, child: Child, access: Decision) -> HttpResponse:
    """Ask for emergency access. Reached without a relationship, so it shows no child details."""
    user = staff(request)
    if access.allowed and access.break_glass is None:
        return redirect("people:child", child_id=child.pk)  # the record page logs the view
    allowed = can_break_glass(user, child)
    if not allowed:
        access_log_record(
            user=user,
            child=child,
            action=AccessAction.BREAK_GLASS,
            decision=allowed,
            subject="Break-glass request page",
            purpose=SAFEGUARDING_PURPOSE,
            request=request,
        )
        return render(request, "web/403.html", {"reason": allowed.reason}, status=403)
    # Opening the form shows nothing about the child and refuses nothing: only the grant (in
    # the service) is logged, so the log is not filled with refusals beside it.
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            start_break_glass(
                user=user,
                child=child,
                reason=form.cleaned_data["reason"],
                hours=form.cleaned_data["hours"],
                request=request,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.warning(
                request,
                "You have break-glass access to this record. The data protection lead will "
                "review why you needed it.",
            )
            return redirect("people:child", child_id=child.pk)
    return render(request, "people/break_glass.html", {"form": form, "child_id": child.pk})
