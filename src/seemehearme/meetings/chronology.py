"""Meetings in the child's chronology (registered from MeetingsConfig.ready).

The entry says that the child was discussed and what was said about them; the link leads to
the meeting, whose own pages check who may see each child on its agenda.
"""

from __future__ import annotations

from collections.abc import Iterable

from seemehearme.cases.chronology import Entry, page_link
from seemehearme.meetings.models import AgendaChild, MeetingStatus
from seemehearme.people.models import Child


def meeting_entries(child: Child) -> Iterable[Entry]:
    link = page_link("meetings:meeting", "meeting_id")
    agenda = (
        AgendaChild.objects.filter(child=child)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__meeting_type", "meeting__chair__agency")
    )
    for entry in agenda:
        meeting = entry.meeting
        if meeting.chair.agency is None:  # a chair always has one (meeting_plan checks)
            continue
        state = "held" if meeting.status == MeetingStatus.HELD else "planned"
        yield Entry(
            when=meeting.held_at,
            title=f"{meeting.meeting_type.name} ({state})",
            detail=entry.discussion,
            source_agency=meeting.chair.agency,
            category="social-care",
            ref=f"meeting {meeting.pk}, agenda entry {entry.pk}",
            link=link(meeting.pk),
        )
