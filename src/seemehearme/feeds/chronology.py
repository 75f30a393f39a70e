"""Agency events in the child's chronology (registered from FeedsConfig.ready).

Each event is held by the agency that sent it and sits in its own information category, so the
chronology's policy check shows it only where that agency and category are shared with the
viewer's agency. Others involved (a linked person) are part of the event and share its category.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seemehearme.cases.chronology import Entry
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import Child


def _linked(person: dict[str, Any]) -> str:
    name = " ".join(filter(None, [person.get("given_name"), person.get("family_name")]))
    described = name or (f"reference {person['person_id']}" if person.get("person_id") else "")
    if person.get("age_at_event") is not None:
        described += f", aged {person['age_at_event']}"
    role = person.get("role") or "Also involved"
    return f"{role[:1].upper()}{role[1:]}: {described}" if described else role


def event_entries(child: Child) -> Iterable[Entry]:
    events = AgencyEvent.objects.filter(child=child).select_related(
        "agency", "category", "event_type"
    )
    for event in events:
        where = ", ".join(filter(None, [event.location, event.postcode]))
        title = f"{event.event_type.name}: {where}" if where else event.event_type.name
        parts = [event.detail] if event.detail else []
        parts.extend(_linked(person) for person in event.linked_people or [])
        yield Entry(
            when=event.occurred_on,
            title=title,
            detail="\n".join(parts),
            source_agency=event.agency,
            category=event.category,
            ref=f"agency event {event.pk}",
        )
