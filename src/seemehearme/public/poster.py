"""A printable A4 poster per business type with the partnership's numbers, drawn by WeasyPrint
through the project's one PDF renderer (``meetings.pdf``), which fetches nothing: the poster is
self-contained and the text a partnership publishes can never make the server fetch anything.
"""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string

from seemehearme.areas.models import Area
from seemehearme.meetings import pdf
from seemehearme.public.content import BusinessAdvice, published_text

POSTER_STYLESHEET = "public/poster.css"


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
    return pdf.render_document(html, POSTER_STYLESHEET)


def poster_pdf(*, area: Area, advice: BusinessAdvice) -> bytes:
    return pdf.render_pdf(poster_document(area=area, advice=advice), POSTER_STYLESHEET)
