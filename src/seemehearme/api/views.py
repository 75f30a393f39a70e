"""Pages where the data protection lead registers agency systems and revokes their tokens.

Only the partnership's data protection lead sees them. A token is shown once, on the page
that answers the form; it is never stored, so it cannot be shown again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from seemehearme.api import selectors, tokens
from seemehearme.api.forms import AgencySystemForm
from seemehearme.areas.models import Area
from seemehearme.sharing.policy import data_protection_area
from seemehearme.web.requests import staff


def _lead_area(request: HttpRequest) -> Area:
    area = data_protection_area(staff(request))
    if area is None:
        raise PermissionDenied("Only the data protection lead can manage agency systems.")
    return area


def system_list(request: HttpRequest) -> HttpResponse:
    area = _lead_area(request)
    return render(
        request,
        "api/system_list.html",
        {"systems": selectors.agency_systems_for_area(area=area)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def system_create(request: HttpRequest) -> HttpResponse:
    area = _lead_area(request)
    form = AgencySystemForm(
        request.POST if request.method == "POST" else None,
        agencies=selectors.agencies_for_systems(area=area),
    )
    if request.method == "POST" and form.is_valid():
        try:
            system, token = tokens.agency_system_create(
                agency=form.cleaned_data["agency"],
                name=form.cleaned_data["name"],
                by=staff(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            # Rendered, not redirected to: the token exists only in this response.
            return render(request, "api/system_created.html", {"system": system, "token": token})
    return render(request, "api/system_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def system_revoke(request: HttpRequest, system_id: int) -> HttpResponse:
    area = _lead_area(request)
    system = get_object_or_404(selectors.agency_systems_for_area(area=area), pk=system_id)
    if request.method == "POST":
        if tokens.agency_system_revoke(system=system):
            messages.success(request, f"The token of {system.name} no longer works.")
        else:
            messages.info(request, f"The token of {system.name} had already been revoked.")
        return redirect("agency_systems:list")
    return render(request, "api/system_revoke.html", {"system": system})
