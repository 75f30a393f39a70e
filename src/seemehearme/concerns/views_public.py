"""The public "Report a concern" form and its confirmation.

Nothing the service holds is ever shown back: the confirmation shows only the new concern's
reference, carried from the POST to the GET in the session (never in the address), and a
robot's submission gets the same-looking confirmation with a reference that was never stored.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from seemehearme.areas.models import Area
from seemehearme.concerns.forms import ReportForm
from seemehearme.concerns.services import NoTriageTeam, concern_receive, reference_new
from seemehearme.concerns.spam import Timing, rate_limited, started_token, timing
from seemehearme.public.context import public_context
from seemehearme.public.http import public_form_page, public_page
from seemehearme.public.partnership import public_area

SENT_SESSION_KEY = "concern_sent"


def _page(
    request: HttpRequest, area: Area, form: ReportForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    extra.setdefault("started", started_token())
    return render(
        request, "concerns/report.html", public_context(area, form=form, **extra), status=status
    )


def _sent(request: HttpRequest, area: Area, reference: str) -> HttpResponse:
    request.session[SENT_SESSION_KEY] = {"area": area.slug, "reference": reference}
    return redirect("concerns:sent", area=area.slug)


@public_form_page
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, area: str) -> HttpResponse:
    partnership = public_area(area)
    if partnership.triage_team_id is None:
        return render(request, "concerns/not_taking.html", public_context(partnership))
    if request.method != "POST":
        return _page(request, partnership, ReportForm())
    if rate_limited(request, count=True):
        return render(request, "concerns/too_many.html", public_context(partnership), status=429)
    form = ReportForm(request.POST)
    token = request.POST.get("started", "")
    when = timing(token)
    if request.POST.get("website") or when is Timing.FORGED:
        # A robot: it is told the same as a person, and nothing is kept.
        return _sent(request, partnership, reference_new())
    if not form.is_valid():
        return _page(request, partnership, form, started=token)
    if when is not Timing.OK:
        # Too quick for a person to have typed it, or left open for hours: a person is asked,
        # kindly, to check and send it again (with everything they typed still there).
        return _page(request, partnership, form, send_again=when.value)
    try:
        concern = concern_receive(area=partnership, report=form.report())
    except NoTriageTeam:
        return render(request, "concerns/not_taking.html", public_context(partnership))
    return _sent(request, partnership, concern.reference)


@public_page
def sent(request: HttpRequest, area: str) -> HttpResponse:
    """Only the reference, what happens next and what to do in an emergency."""
    partnership = public_area(area)
    sent_here = request.session.get(SENT_SESSION_KEY) or {}
    if sent_here.get("area") != partnership.slug:
        return redirect("concerns:report", area=partnership.slug)
    return render(
        request,
        "concerns/sent.html",
        public_context(partnership, reference=sent_here["reference"]),
    )
