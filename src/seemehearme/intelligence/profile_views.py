"""Pages for places and trends and for the problem profile (issue 9, parts 6 and 7).

Each page is for those who work with the partnership's intelligence (``can_use_intelligence``)
and shows counts only: no child is named or listed. A view writes one access-log entry naming
no child, as the pseudonymised workspace does (ADR 0005).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.intelligence import figures
from seemehearme.intelligence.models import ProblemProfile, ProfileVersion
from seemehearme.intelligence.places import places_and_trends
from seemehearme.intelligence.profile import build_profile, profile_save, published
from seemehearme.intelligence.profile_forms import PeriodForm, ProfileForm
from seemehearme.meetings.pdf import render_pdf
from seemehearme.sharing.policy import Decision, can_use_intelligence, require

CHART = {
    "width": figures.CHART_WIDTH,
    "label_width": figures.CHART_LABEL_WIDTH,
    "bar_height": figures.CHART_BAR_HEIGHT,
}


def _allowed(request: HttpRequest) -> tuple[StaffUser, Decision]:
    user: StaffUser = request.user  # type: ignore[assignment]
    return user, require(can_use_intelligence(user))


def _log(
    request: HttpRequest,
    decision: Decision,
    subject: str,
    action: AccessAction = AccessAction.LISTED,
) -> None:
    """One entry naming no child: the page shows counts, not children (ADR 0005)."""
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        child=None,
        action=action,
        decision=decision,
        subject=subject,
        request=request,
    )


@require_GET
def places(request: HttpRequest) -> HttpResponse:
    user, decision = _allowed(request)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    figures_ = places_and_trends(user=user, start=start, end=end)
    _log(request, decision, f"places and trends, {start} to {end}: counts only, no child named")
    return render(
        request,
        "intelligence/places.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "tables": [table.shown(suppressed=False) for table in figures_.tables],
            "chart": CHART,
        },
    )


def _profile_context(
    *, start: Any, end: Any, version: str, publication: dict[str, Any]
) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "version": version,
        "version_label": ProfileVersion(version).label,
        "board": version == ProfileVersion.BOARD,
        "sections": publication["sections"],
        "findings": publication["findings"],
        "chart": CHART,
    }


def _with_version(request: HttpRequest) -> Any:
    """The address's parameters, the restricted version if none is chosen (so it is ticked)."""
    data = request.GET.copy()
    data.setdefault("version", ProfileVersion.RESTRICTED)
    return data


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user, decision = _allowed(request)
    form = ProfileForm(_with_version(request))
    start, end = form.period()
    version = form.chosen_version()
    publication = published(build_profile(user=user, start=start, end=end), version)
    _log(request, decision, f"problem profile ({version}), {start} to {end}: counts only")
    context = _profile_context(start=start, end=end, version=version, publication=publication)
    query = request.GET.urlencode()
    context |= {
        "form": form,
        "pdf_url": reverse("intelligence:profile-pdf") + (f"?{query}" if query else ""),
        "saved": ProblemProfile.objects.filter(area=user.agency.area)[:10],  # type: ignore[union-attr]
    }
    return render(request, "intelligence/profile.html", context)


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def profile_document(
    *, start: Any, end: Any, version: str, publication: dict[str, Any], saved: Any = None
) -> str:
    """The HTML the profile's PDF is drawn from."""
    context = _profile_context(start=start, end=end, version=version, publication=publication)
    context |= {"printed_at": timezone.now(), "saved_profile": saved}
    return render_to_string("intelligence/profile_pdf.html", context)


@require_GET
def profile_pdf(request: HttpRequest) -> HttpResponse:
    user, decision = _allowed(request)
    form = ProfileForm(request.GET or None)
    start, end = form.period()
    version = form.chosen_version()
    publication = published(build_profile(user=user, start=start, end=end), version)
    _log(
        request,
        decision,
        f"problem profile PDF ({version}), {start} to {end}: counts only",
        AccessAction.EXPORT,
    )
    html = profile_document(start=start, end=end, version=version, publication=publication)
    return _pdf_response(html, f"problem-profile-{version}-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf")


@require_POST
def profile_keep(request: HttpRequest) -> HttpResponse:
    user, _ = _allowed(request)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The profile could not be saved: check the dates and try again.")
        return redirect("intelligence:profile")
    saved = profile_save(
        user=user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        version=form.chosen_version(),
    )
    messages.success(
        request, f"Problem profile {saved.pk} saved. Plan actions can cite its findings."
    )
    return redirect("intelligence:profile-saved", profile_id=saved.pk)


def _saved(request: HttpRequest, profile_id: int) -> tuple[ProblemProfile, Decision]:
    user, decision = _allowed(request)
    saved = get_object_or_404(ProblemProfile, pk=profile_id)
    if user.agency is None or saved.area_id != user.agency.area_id:
        raise Http404("No such problem profile in your partnership.")
    return saved, decision


@require_GET
def profile_saved(request: HttpRequest, profile_id: int) -> HttpResponse:
    saved, decision = _saved(request, profile_id)
    _log(request, decision, f"saved problem profile {saved.pk}: counts only")
    context = _profile_context(
        start=saved.period_start,
        end=saved.period_end,
        version=saved.version,
        publication={"sections": saved.sections, "findings": saved.findings},
    )
    context |= {"saved_profile": saved}
    return render(request, "intelligence/profile_saved.html", context)


@require_GET
def profile_saved_pdf(request: HttpRequest, profile_id: int) -> HttpResponse:
    saved, decision = _saved(request, profile_id)
    _log(
        request, decision, f"saved problem profile {saved.pk} PDF: counts only", AccessAction.EXPORT
    )
    html = profile_document(
        start=saved.period_start,
        end=saved.period_end,
        version=saved.version,
        publication={"sections": saved.sections, "findings": saved.findings},
        saved=saved,
    )
    return _pdf_response(html, f"problem-profile-{saved.pk}.pdf")
