"""Import pages: the agency's imports, uploading a file, one import's counts and problems, and
the CSV template. None of them shows a child's data: counts, lines, columns and reasons only."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.feeds import schema
from seemehearme.feeds.forms import UploadForm, max_upload_mb
from seemehearme.feeds.importer import rows_not_listed
from seemehearme.feeds.models import ImportBatch, ImportStatus
from seemehearme.feeds.selectors import (
    event_types_in_use,
    import_problems,
    imports_for_agency,
    listed_rows,
)
from seemehearme.feeds.services import can_import, can_see_import, upload_import
from seemehearme.sharing.policy import Decision
from seemehearme.web.requests import staff

IMPORTS_PER_PAGE = 25
PROBLEMS_PER_PAGE = 100


def _refused(request: HttpRequest, decision: Decision) -> HttpResponse:
    return render(request, "feeds/cannot_import.html", {"decision": decision}, status=403)


def summary(batch: ImportBatch) -> str:
    """The counts of an import in words."""
    rows = "row" if batch.rows_read == 1 else "rows"
    return (
        f"{batch.rows_read:,} {rows} read, {batch.rows_created:,} new, "
        f"{batch.rows_updated:,} updated, {batch.rows_unchanged:,} unchanged and "
        f"{batch.rows_rejected:,} rejected"
    )


def _page(request: HttpRequest, items, per_page: int):  # type: ignore[no-untyped-def]
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2)


@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    decision = can_import(user)
    if not decision:
        return _refused(request, decision)
    assert user.agency is not None
    page, page_range = _page(request, imports_for_agency(agency=user.agency), IMPORTS_PER_PAGE)
    return render(
        request,
        "feeds/imports.html",
        {"agency": user.agency, "page_obj": page, "page_range": page_range},
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    decision = can_import(user)
    if not decision:
        return _refused(request, decision)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    failed: ImportBatch | None = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        result, warning = upload_import(user=user, file=uploaded, filename=uploaded.name)
        batch = result.batch
        if batch.status == ImportStatus.COMPLETED:
            messages.success(request, f"File imported: {summary(batch)}")
            if warning:
                messages.warning(request, warning)
            return redirect("feeds:import-detail", batch_id=batch.pk)
        failed = batch
        form.add_error("file", batch.error)
    return render(
        request,
        "feeds/upload.html",
        {
            "form": form,
            "failed": failed,
            "max_mb": max_upload_mb(),
            "columns": schema.COLUMNS,
            "event_types": event_types_in_use(),
        },
    )


@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    user = staff(request)
    decision = can_import(user)
    if not decision:
        return _refused(request, decision)
    batch = get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by", "system"), pk=batch_id
    )
    if not can_see_import(user, batch):
        raise Http404  # another agency's import: not even its existence is shown
    page, page_range = _page(request, import_problems(batch=batch), PROBLEMS_PER_PAGE)
    return render(
        request,
        "feeds/import_detail.html",
        {
            "batch": batch,
            "page_obj": page,
            "page_range": page_range,
            "not_listed": rows_not_listed(batch, listed_rows(batch=batch)),
        },
    )


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    """A CSV file with the header row only, to fill in."""
    decision = can_import(staff(request))
    if not decision:
        return _refused(request, decision)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agency-events-template.csv"'
    csv.writer(response, lineterminator="\r\n").writerow(schema.COLUMN_NAMES)
    return response
