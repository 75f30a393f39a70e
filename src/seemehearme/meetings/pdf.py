"""Meeting minutes as a PDF, drawn by WeasyPrint from the same minutes template as the page.

The PDF is made from a ``MeetingPage`` that has already been filtered for the person asking,
so it holds only the children they may see. WeasyPrint is given a fetcher that refuses every
URL: the document is self-contained, and text typed into the minutes can never make the server
fetch anything.
"""

from __future__ import annotations

import weasyprint
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher

from seemehearme.meetings.selectors import MeetingPage


def _no_fetching() -> URLFetcher:
    return URLFetcher(allowed_protocols=(), allow_redirects=False)


def minutes_document(*, page: MeetingPage, request: HttpRequest | None = None) -> str:
    """The HTML the PDF is drawn from: the minutes template in a print document."""
    return render_to_string(
        "meetings/minutes_pdf.html",
        {"page": page, "meeting": page.meeting, "printed_at": timezone.now(), "for_pdf": True},
        request=request,
    )


MINUTES_STYLESHEET = "meetings/minutes_pdf.css"


def render_document(
    html: str, stylesheet_template: str = MINUTES_STYLESHEET
) -> weasyprint.Document:
    """Lay ``html`` out in pages with a print stylesheet (the minutes', unless another template
    is named), fetching nothing."""
    stylesheet = weasyprint.CSS(
        string=render_to_string(stylesheet_template), url_fetcher=_no_fetching()
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching())
    return document.render(stylesheets=[stylesheet])


def render_pdf(html: str, stylesheet_template: str = MINUTES_STYLESHEET) -> bytes:
    """Draw ``html`` as a PDF with a print stylesheet (the minutes', unless another is named)."""
    return bytes(render_document(html, stylesheet_template).write_pdf())


def minutes_pdf(*, page: MeetingPage, request: HttpRequest | None = None) -> bytes:
    """The minutes of ``page.meeting`` as the person who asked may see them, as a PDF."""
    return render_pdf(minutes_document(page=page, request=request))
