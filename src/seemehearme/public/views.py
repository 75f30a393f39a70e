"""Pages anyone can open without signing in: what child sexual exploitation is, its signs, where
to get help, and advice for young people, parents and carers, and local businesses. They show
nothing of any child, record or member of staff: only the partnership's published words and
contact details (docs/public-pages.md).

The back-office pages at the end let the partnership's CSE coordinators and strategic lead
change those words, preview them and publish them (``public.access``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.i18n import set_language as django_set_language

from seemehearme.areas.models import Area
from seemehearme.public import content
from seemehearme.public.access import can_edit_public_pages
from seemehearme.public.context import public_context
from seemehearme.public.forms import PublicTextForm
from seemehearme.public.http import public_page
from seemehearme.public.models import EDITABLE_FIELDS, PublicText
from seemehearme.public.partnership import public_area, public_areas
from seemehearme.public.poster import poster_pdf
from seemehearme.public.selectors import versions
from seemehearme.public.services import public_text_publish
from seemehearme.sharing.policy import require
from seemehearme.web.requests import staff


@public_page
def partnerships(request: HttpRequest) -> HttpResponse:
    """The partnerships this service publishes pages for; straight to the one if only one."""
    areas = public_areas()
    if len(areas) == 1:
        return redirect("public:home", area=areas[0].slug)
    return render(request, "public/partnerships.html", {"areas": areas})


@public_page
def home(request: HttpRequest, area: str) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        public_context(public_area(area), signs=content.warning_signs()),
    )


@public_page
def young_people(request: HttpRequest, area: str) -> HttpResponse:
    return render(
        request,
        "public/young_people.html",
        public_context(public_area(area), signs=content.warning_signs()),
    )


@public_page
def parents(request: HttpRequest, area: str) -> HttpResponse:
    return render(
        request,
        "public/parents.html",
        public_context(
            public_area(area),
            signs=content.warning_signs(),
            vulnerabilities=content.vulnerabilities(),
        ),
    )


@public_page
def businesses(request: HttpRequest, area: str) -> HttpResponse:
    return render(request, "public/businesses.html", public_context(public_area(area)))


def _advice(business: str) -> content.BusinessAdvice:
    advice = content.business_advice(business)
    if advice is None:
        raise Http404("No such kind of business")
    return advice


@public_page
def business(request: HttpRequest, area: str, business: str) -> HttpResponse:
    return render(
        request,
        "public/business.html",
        public_context(public_area(area), advice=_advice(business)),
    )


@public_page
def poster(request: HttpRequest, area: str, business: str) -> HttpResponse:
    """The business type's one-page A4 poster with the partnership's numbers, as a PDF."""
    the_area, advice = public_area(area), _advice(business)
    response = HttpResponse(
        poster_pdf(area=the_area, advice=advice), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="poster-{advice.slug}.pdf"'
    return response


@public_page
def get_help(request: HttpRequest, area: str) -> HttpResponse:
    return render(request, "public/help.html", public_context(public_area(area)))


@public_page
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a form post; works without JavaScript), open to everyone."""
    return django_set_language(request)


# --- Back office: the partnership changes its public text ----------------------------------


def _language(value: str | None) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    return value if value in codes else settings.LANGUAGE_CODE


def edit(request: HttpRequest) -> HttpResponse:
    """Change the public text: fill in, preview with the unsaved words, then publish.

    Three steps in plain form posts (no JavaScript): ``preview`` shows the public pages' parts
    with the posted words and carries them in hidden fields; ``publish`` saves them; ``change``
    goes back to the form with them.
    """
    user = staff(request)
    require(can_edit_public_pages(user))
    assert user.agency is not None
    area = user.agency.area
    language = _language(request.POST.get("language") or request.GET.get("language"))
    current = PublicText.objects.filter(area=area, language=language).first()
    context: dict[str, Any] = {
        "area": area,
        "language": language,
        "languages": settings.LANGUAGES,
        "current": current,
    }
    if request.method != "POST":
        form = PublicTextForm(instance=current)
        return render(request, "public/edit.html", {**context, "form": form})
    form = PublicTextForm(request.POST, instance=current)
    action = request.POST.get("action")
    if not form.is_valid() or action == "change":
        return render(request, "public/edit.html", {**context, "form": form})
    values = {name: form.cleaned_data.get(name) or "" for name in EDITABLE_FIELDS}
    if action == "publish":
        public_text_publish(user=user, language=language, values=values)
        messages.success(request, "Published. The public pages now show these words.")
        return redirect(f"{request.path}?language={language}")
    unsaved = content.resolve([values, *_default_row(area, language)])
    return render(
        request,
        "public/edit_preview.html",
        {
            **context,
            **public_context(area, unsaved),
            "form": form,
            "signs": content.warning_signs(),
        },
    )


def _default_row(area: Area, language: str) -> list[dict[str, Any]]:
    """The default language's published values, which a blank field in another language
    falls back to."""
    if language == settings.LANGUAGE_CODE:
        return []
    row = PublicText.objects.filter(area=area, language=settings.LANGUAGE_CODE).first()
    return [{name: getattr(row, name) for name in EDITABLE_FIELDS}] if row else []


def history(request: HttpRequest) -> HttpResponse:
    """Every published version of the partnership's public text: who, when, what changed."""
    user = staff(request)
    require(can_edit_public_pages(user))
    assert user.agency is not None
    area = user.agency.area
    return render(
        request,
        "public/history.html",
        {"area": area, "versions": versions(area), "languages": dict(settings.LANGUAGES)},
    )
