"""``smh`` commands for this app (registered by ``seemehearme.cli``)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from seemehearme.cliutil import advance, console, fail, progress_bar


def intelligence_adults(
    area: Annotated[str, typer.Option("--area", help="The partnership's name or short name.")],
) -> None:
    """Take the adults linked to children in agencies' events into intelligence as persons of
    concern: one record per agency's adult, resolved across agencies, and a graded link to the
    child for each event. Running it again changes nothing unless the events changed."""
    from django.db.models import Q

    from seemehearme.areas.models import Area
    from seemehearme.feeds.models import AgencyEvent
    from seemehearme.intelligence.adults import adults_from_events

    found = Area.objects.filter(Q(name__iexact=area) | Q(slug__iexact=area)).first()
    if found is None:
        known = ", ".join(Area.objects.order_by("name").values_list("name", flat=True)[:20])
        raise fail(f"No partnership called {area!r}. Partnerships: {known or 'none yet'}.")
    total = AgencyEvent.objects.filter(agency__area=found).exclude(linked_people=[]).count()
    started = time.perf_counter()
    with progress_bar(f"Reading events with linked people in {found.name}", total) as bar:
        outcome = adults_from_events(found, progress=advance(bar))
    console.print(
        f"{found.name}: events read {outcome.events:,}; agency records of adults new "
        f"{outcome.records_created:,}, changed {outcome.records_updated:,}; persons of concern "
        f"new {outcome.persons_created:,}; records joined to a person {outcome.records_joined:,}; "
        f"pairs for review {outcome.sent_to_review:,}; links to children new "
        f"{outcome.associations_created:,}; linked people under 18 left out "
        f"{outcome.children_left_out:,}; waiting for their child to be matched "
        f"{outcome.waiting_for_child:,}; {time.perf_counter() - started:.1f} s."
    )


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.command("intelligence-adults")(intelligence_adults)
