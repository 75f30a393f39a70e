"""Pages anyone can open without signing in: what child sexual exploitation is, its signs, where
to get help, and reporting a concern. They show nothing of any child, record or member of staff:
only the partnership's published words and contact details (docs/public-pages.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seemehearme.public.http import public_page
from seemehearme.public.partnership import public_area, public_areas


@public_page
def partnerships(request: HttpRequest) -> HttpResponse:
    """The partnerships this service publishes pages for; straight to the one if only one."""
    areas = public_areas()
    if len(areas) == 1:
        return redirect("public:home", area=areas[0].slug)
    return render(request, "public/partnerships.html", {"areas": areas})


@public_page
def home(request: HttpRequest, area: str) -> HttpResponse:
    return render(request, "public/home.html", {"area": public_area(area)})
