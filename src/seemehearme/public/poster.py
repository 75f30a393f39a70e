"""A printable A4 poster per business type with the partnership's numbers, drawn by WeasyPrint.

WeasyPrint gets a fetcher that refuses every URL: the poster is self-contained and the text a
partnership publishes can never make the server fetch anything.
"""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher

from seemehearme.areas.models import Area
from seemehearme.public.content import BusinessAdvice, published_text


def _no_fetching() -> URLFetcher:
    return URLFetcher(allowed_protocols=(), allow_redirects=False)


def poster_document(*, area: Area, advice: BusinessAdvice) -> str:
    published = published_text(area)
    return render_to_string(
        "public/poster.html",
        {
            "area": area,
            "advice": advice,
            "contacts": published.contacts,
            "notes": published.notes_for(advice.slug),
        },
    )


def render_document(html: str) -> weasyprint.Document:
    stylesheet = weasyprint.CSS(
        string=render_to_string("public/poster.css"), url_fetcher=_no_fetching()
    )
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching()).render(stylesheets=[stylesheet])


def poster_pdf(*, area: Area, advice: BusinessAdvice) -> bytes:
    return bytes(render_document(poster_document(area=area, advice=advice)).write_pdf())
