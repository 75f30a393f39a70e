"""The minutes, and their PDF, are offered only once someone has written them; the PDF starts
on page 1."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.meetings import pdf
from seemehearme.meetings.models import AgendaChild, Meeting
from seemehearme.meetings.selectors import meeting_page

pytestmark = pytest.mark.django_db

LONG_DISCUSSION = "\n\n".join(
    ["Robyn spoke about the bus station and the older friends who give her lifts home."] * 40
)


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ")


def _write_minutes(meeting: Meeting, minutes: str = "The park was discussed.") -> None:
    Meeting.objects.filter(pk=meeting.pk).update(minutes=minutes)
    meeting.refresh_from_db()


def test_a_meeting_without_minutes_offers_neither_the_minutes_nor_a_pdf(story, verified_client):
    response = verified_client(story.chair).get(
        reverse("meetings:meeting", args=[story.meeting.pk])
    )
    text = _text(response)
    assert "No minutes have been written yet." in text
    assert "Read the minutes" not in text
    assert "Download the minutes (PDF)" not in text


def test_a_meeting_with_minutes_offers_them_and_the_pdf(story, verified_client):
    _write_minutes(story.meeting)
    text = _text(
        verified_client(story.chair).get(reverse("meetings:meeting", args=[story.meeting.pk]))
    )
    assert "Read the minutes" in text
    assert "Download the minutes (PDF)" in text
    assert "No minutes have been written yet." not in text


def test_the_pdf_of_no_minutes_is_a_plain_not_found_page(story, verified_client):
    response = verified_client(story.chair).get(
        reverse("meetings:minutes-pdf", args=[story.meeting.pk])
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert not response.content.startswith(b"%PDF")
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def _page_texts(document) -> list[str]:
    """The words WeasyPrint laid out on each page, in order."""

    def walk(box, out: list[str]) -> list[str]:
        if getattr(box, "text", None):
            out.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, out)
        return out

    return [" ".join(walk(page._page_box, [])) for page in document.pages]


def test_page_one_of_the_pdf_carries_the_heading_and_the_first_child(story):
    """A long first section used to be kept whole, so it and its heading moved to later pages
    and page 1 held only the heading and the attendance."""
    _write_minutes(story.meeting)
    AgendaChild.objects.filter(pk=story.robyn_item.pk).update(discussion=LONG_DISCUSSION)
    page = meeting_page(user=story.chair, meeting=story.meeting)
    pages = _page_texts(pdf.render_document(pdf.minutes_document(page=page)))
    assert len(pages) >= 2
    first = pages[0]
    for expected in [
        "Child-focused MACE panel",
        "Attendance",
        "Children discussed",
        "Robyn Eastmere, born",
        "Robyn spoke about the bus station",
    ]:
        assert expected in first
