"""The access log, searched and downloaded by the data protection lead.

The log names children, so reading it is itself a view of their data: each page of results and
each download is written back to the log, one entry per child shown.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import Area, StaffUser
from seemehearme.audit.forms import AccessLogFilterForm, ChildNameForm
from seemehearme.audit.models import AccessAction
from seemehearme.audit.selectors import (
    DATA_PROTECTION_REVIEW,
    access_log_search,
    children_named,
)
from seemehearme.audit.services import access_log_record_many
from seemehearme.people.models import Child
from seemehearme.sharing.models import SharingPurpose
from seemehearme.sharing.policy import Decision, data_protection_area

PAGE_SIZE = 50
REVIEWING_LOG = Decision(
    True, DATA_PROTECTION_REVIEW, "Reviewing the access log as data protection lead."
)
CSV_COLUMNS = [
    "When",
    "Member of staff",
    "Agency",
    "Child ID",
    "Child",
    "Action",
    "What",
    "Purpose",
    "Outcome",
    "Break-glass",
    "Basis",
    "Reason",
    "Page",
    "Basis code",
]


def _data_protection_lead(request: HttpRequest) -> tuple[StaffUser, Area]:
    user: StaffUser = request.user  # type: ignore[assignment]
    area = data_protection_area(user)
    if area is None:
        raise PermissionDenied("Only the data protection lead can see the access log.")
    return user, area


def _log_children_shown(
    request: HttpRequest,
    user: StaffUser,
    children: Iterable[Child | None],
    *,
    action: AccessAction,
    subject: str,
) -> None:
    distinct = {child.pk: child for child in children if child is not None}
    access_log_record_many(
        user=user,
        shown=[(child, REVIEWING_LOG, subject) for child in distinct.values()],
        action=action,
        request=request,
    )


@require_http_methods(["GET", "POST"])
def access_log(request: HttpRequest) -> HttpResponse:
    """The log, filtered by the GET form. A child's name comes by POST (``ChildNameForm``):
    one matching child is shown at once as a filter by their ID, several are listed to choose
    from, so the name is never in the page's address."""
    user, area = _data_protection_lead(request)
    form = AccessLogFilterForm(request.GET)
    name_form = ChildNameForm(request.POST if request.method == "POST" else None)
    name_matches: list[Child] | None = None
    if name_form.is_valid():
        name_matches = list(children_named(area=area, name=name_form.cleaned_data["name"]))
        _log_children_shown(
            request,
            user,
            name_matches,
            action=AccessAction.SEARCH_RESULT,
            subject="access log: children matching a name",
        )
        if len(name_matches) == 1:
            return redirect(_filtered_by_child(request, name_matches[0]))
    page = None
    if form.is_valid():
        entries = access_log_search(area=area, **form.search_arguments())
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        _log_children_shown(
            request,
            user,
            (entry.child for entry in page.object_list),
            action=AccessAction.VIEW_HISTORY,
            subject="access log",
        )
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "name_form": name_form,
            "name_matches": name_matches,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2)
            if page
            else [],
        },
        status=400 if name_form.errors else 200,
    )


def _filtered_by_child(request: HttpRequest, child: Child) -> str:
    """This page's address with the current filters, showing one child's entries."""
    query = request.GET.copy()
    query["child"] = str(child.pk)
    query.pop("page", None)
    return f"{reverse('audit:log')}?{query.urlencode()}"


def _csv_cell(value: object) -> str:
    """Text for one cell, made safe to open in a spreadsheet.

    Names are typed by people; one starting with = or + would run as a formula, so such cells
    are prefixed with an apostrophe.
    """
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return f"'{text}"
    return text


@require_GET
def access_log_csv(request: HttpRequest) -> HttpResponse:
    """Every entry matching the filters, as CSV. The download is logged as an export."""
    user, area = _data_protection_lead(request)
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "audit/access_log.html",
            {"form": form, "name_form": ChildNameForm(), "page_obj": None, "page_range": []},
            status=400,
        )
    # Read the rows before logging the export, so the file does not contain its own entries.
    entries = list(access_log_search(area=area, **form.search_arguments()))
    _log_children_shown(
        request,
        user,
        (entry.child for entry in entries),
        action=AccessAction.EXPORT,
        subject="access log download",
    )

    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    purposes = dict(SharingPurpose.objects.values_list("code", "name"))
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    timezone.localtime(entry.occurred_at).isoformat(timespec="seconds"),
                    entry.username,
                    entry.agency_name,
                    entry.child_id,
                    entry.child.full_name if entry.child else "",
                    entry.get_action_display(),
                    entry.subject,
                    purposes.get(entry.purpose, entry.purpose),
                    "Allowed" if entry.allowed else "Refused",
                    "Yes" if entry.break_glass else "No",
                    entry.basis_words,
                    entry.reason,
                    entry.path,
                    entry.basis,
                )
            ]
        )
    return response
