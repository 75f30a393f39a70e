"""What happens after an import: resolve the new or changed agency persons to children, take the
adults linked to children in the events into the intelligence picture as persons of concern,
then re-run early warning for the children whose events changed. Set-based and incremental."""

from __future__ import annotations

from django.db.models import Q

from seemehearme.feeds.importer import ImportResult


def after_import(result: ImportResult) -> None:
    """Link the import's persons, record the adults linked in its events, then sweep the
    children whose events changed."""
    from seemehearme.earlywarning.sweep import sweep
    from seemehearme.feeds.models import AgencyEvent
    from seemehearme.identity.linking import link_persons
    from seemehearme.intelligence.adults import adults_from_events

    area = result.batch.agency.area
    children = set(result.child_ids)
    if result.person_ids:
        outcome = link_persons(area=area, person_ids=result.person_ids)
        children |= outcome.affected_child_ids
    # This import's events, and older ones whose child has only now been found.
    events = (
        AgencyEvent.objects.filter(Q(batch=result.batch) | Q(child_id__in=children))
        .exclude(linked_people=[])
        .values_list("pk", flat=True)
    )
    event_ids = list(events)
    if event_ids:
        adults_from_events(area, event_ids=event_ids)
    if children:
        sweep(area=area, child_ids=children)
