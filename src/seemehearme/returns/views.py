"""Pages for the national return (issue 10): the partnership's return and JSNA extract, the
national instance's import and picture, and the list for inspectors. Counts pages write one
access-log entry naming no child (ADR 0005); the list for inspectors one per child shown."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.returns import annex, picture
from seemehearme.returns.access import (
    can_list_for_inspectors,
    can_make_return,
    can_see_national_picture,
)
from seemehearme.returns.document import ReturnError, as_csv, as_json, build_return, file_name
from seemehearme.returns.forms import ImportForm, ReturnPeriodForm
from seemehearme.returns.imports import import_return
from seemehearme.returns.jsna import jsna_csv
from seemehearme.returns.preview import preview_tables
from seemehearme.sharing.policy import Decision, require

DOWNLOADS = ("json", "csv", "jsna")


def _user(request: HttpRequest) -> StaffUser:
    return request.user  # type: ignore[return-value]


def _log(request: HttpRequest, decision: Decision, subject: str, action: AccessAction) -> None:
    access_log_record(
        user=_user(request),
        child=None,
        action=action,
        decision=decision,
        subject=subject,
        request=request,
    )


@require_GET
def local_return(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    decision = require(can_make_return(user))
    assert user.agency is not None
    form = ReturnPeriodForm(request.GET or None, today=timezone.localdate())
    start, end = form.period()
    try:
        made = build_return(user.agency.area, start, end)
    except ReturnError as error:
        return render(
            request,
            "returns/local.html",
            {"form": form, "start": start, "end": end, "problems": error.problems},
        )
    _log(request, decision, f"national return, {start} to {end}: counts only", AccessAction.LISTED)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return render(
        request,
        "returns/local.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "document": made.document,
            "tables": preview_tables(made.tables),
            "query": query,
        },
    )


@require_GET
def download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in DOWNLOADS:
        raise Http404("No such download.")
    user = _user(request)
    decision = require(can_make_return(user))
    assert user.agency is not None
    form = ReturnPeriodForm(request.GET or None, today=timezone.localdate())
    start, end = form.period()
    try:
        made = build_return(user.agency.area, start, end)
    except ReturnError as error:
        messages.error(request, " ".join(error.problems))
        return redirect("returns:local")
    if kind == "json":
        body, content_type = as_json(made.document), "application/json"
        name = file_name(made.document, "json")
    elif kind == "csv":
        body, content_type = as_csv(made.document), "text/csv"
        name = file_name(made.document, "csv")
    else:
        body, content_type = jsna_csv(made.document), "text/csv"
        name = file_name(made.document, "csv", kind="jsna-extract")
    _log(request, decision, f"downloaded {name}: counts only", AccessAction.EXPORT)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    decision = require(can_see_national_picture(_user(request)))
    periods = picture.periods()
    chosen = request.GET.get("period", "")
    period = next(
        (p for p in periods if f"{p[0]}..{p[1]}" == chosen), periods[0] if periods else None
    )
    _log(request, decision, "national picture: areas' returns, counts only", AccessAction.LISTED)
    return render(
        request,
        "returns/national.html",
        {
            "periods": [(f"{p[0]}..{p[1]}", p) for p in periods],
            "period": period,
            "chosen": f"{period[0]}..{period[1]}" if period else "",
            "picture": picture.national_picture(*period) if period else None,
            "trend": picture.trends() if period else None,
        },
    )


@require_http_methods(["GET", "POST"])
def national_import(request: HttpRequest) -> HttpResponse:
    require(can_see_national_picture(_user(request)))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = import_return(form.cleaned_data["file"], user=_user(request))
        except ReturnError as error:
            problems = error.problems
        else:
            record = outcome.national_return
            what = (
                "was already held: nothing changed"
                if outcome.unchanged
                else "replaced the one held"
                if outcome.replaced
                else "imported"
            )
            messages.success(request, f"{record}: {what}.")
            return redirect(reverse("returns:national"))
    return render(request, "returns/import.html", {"form": form, "problems": problems})


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(can_list_for_inspectors(user))
    form = ReturnPeriodForm(request.GET or None, today=timezone.localdate())
    start, end = form.period()
    found = annex.inspection_list(user, start, end)
    wants_csv = request.GET.get("format") == "csv"
    access_log_record_many(
        user=user,
        shown=[(row.child, row.decision, "list for inspectors") for row in found.rows],
        action=AccessAction.EXPORT if wants_csv else AccessAction.LISTED,
        request=request,
    )
    if wants_csv:
        response = HttpResponse(annex.as_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="children-at-risk-of-exploitation-{start}-to-{end}.csv"'
        )
        return response
    return render(
        request,
        "returns/inspection_list.html",
        {
            "form": form,
            "found": found,
            "columns": annex.COLUMNS,
            "query": request.GET.urlencode(),
        },
    )
