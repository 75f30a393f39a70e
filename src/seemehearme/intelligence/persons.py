"""Persons of concern found to be the same, or not: the review of pairs of agencies' records
of adults, and merging and splitting persons with a history that undoes exactly one merge.

Only staff who work with intelligence (``can_use_intelligence``) and can see both persons
(``visible_entities``) review, merge or split. Every write runs in one transaction.

A merge moves the merged person's agency records of adults and re-points their associations
(as subject or as the other entity) to the person kept, so every page, network and count that
follows associations sees one person without knowing about merges; the merged person stays on
record with ``merged_into`` set, and ``PersonMerge`` remembers exactly what moved. Associations
between the two persons stay where they are (a person cannot be linked to themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.models import (
    AdultMatchCandidate,
    AdultRecord,
    Association,
    CandidateStatus,
    EntityKind,
    PersonMerge,
    PersonOfConcern,
)
from seemehearme.intelligence.selectors import visible_entities
from seemehearme.sharing.policy import can_use_intelligence, require

CANNOT_SEE = "You cannot see that person of concern."


def _why(why: str, field: str = "why") -> str:
    if not why.strip():
        raise ValidationError({field: "Say why."})
    return why.strip()


def visible_persons(user: StaffUser, *, include_merged: bool = False) -> QuerySet[PersonOfConcern]:
    """Persons of concern ``user`` may see (merged ones left out unless asked for)."""
    ids = visible_entities(user, EntityKind.PERSON, include_merged=include_merged).values("pk")
    return PersonOfConcern.objects.filter(pk__in=ids)


def visible_candidates(user: StaffUser) -> QuerySet[AdultMatchCandidate]:
    """Pending pairs whose records both belong to persons ``user`` may see."""
    persons = visible_entities(user, EntityKind.PERSON).values("pk")
    return (
        AdultMatchCandidate.objects.filter(
            status=CandidateStatus.PENDING,
            first__person__in=persons,
            second__person__in=persons,
        )
        .select_related("first__agency", "second__agency", "first__person", "second__person")
        .order_by("-probability", "pk")
    )


def person_merges(person: PersonOfConcern) -> QuerySet[PersonMerge]:
    """Merges into or of ``person``, latest first."""
    return (
        PersonMerge.objects.filter(Q(kept=person) | Q(merged=person))
        .select_related("kept", "merged", "merged_by", "split_by")
        .order_by("-merged_at", "-pk")
    )


@dataclass(frozen=True)
class RecordSummary:
    """What a reviewer sees of one agency's record of an adult: never a child."""

    record: AdultRecord
    children: int  # how many children the record's events link them to
    events: int


def record_summaries(records: list[AdultRecord]) -> dict[int, RecordSummary]:
    """How many children and events each record's person is linked to by its agency."""
    summaries = {}
    for record in records:
        if record.person_id is None:
            continue
        links = Association.objects.current().filter(
            entity_id=record.person_id, source_agency_id=record.agency_id, child__isnull=False
        )
        summaries[record.pk] = RecordSummary(
            record,
            children=links.values("child_id").distinct().count(),
            events=links.exclude(event__isnull=True).values("event_id").distinct().count(),
        )
    return summaries


# --- Reviewing pairs --------------------------------------------------------------------------


def _pending(user: StaffUser, candidate: AdultMatchCandidate) -> AdultMatchCandidate:
    require(can_use_intelligence(user))
    locked = (
        AdultMatchCandidate.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=candidate.pk)
    )
    if not visible_candidates(user).filter(pk=locked.pk).exists():
        if locked.status != CandidateStatus.PENDING:
            raise ValidationError("This pair has already been decided.")
        raise PermissionDenied("You cannot see both of these persons of concern.")
    return locked


@transaction.atomic
def candidate_accept(
    user: StaffUser, candidate: AdultMatchCandidate, reason: str
) -> PersonMerge | None:
    """The two records are the same adult: merge their persons (the one recorded first is kept)
    and remember the decision, so no later run separates them. Returns the merge, if one was
    needed."""
    reason = _why(reason, "reason")
    locked = _pending(user, candidate)
    _decide(locked, CandidateStatus.ACCEPTED, user, reason)
    first, second = locked.first.person, locked.second.person
    assert first is not None  # candidates join resolved records
    assert second is not None
    if first.pk == second.pk:
        return None
    keep, other = (first, second) if first.pk < second.pk else (second, first)
    return merge_persons(user, keep, other, reason, candidate=locked)


@transaction.atomic
def candidate_reject(user: StaffUser, candidate: AdultMatchCandidate, reason: str) -> None:
    """The two records are different adults: no later run puts them together."""
    reason = _why(reason, "reason")
    _decide(_pending(user, candidate), CandidateStatus.REJECTED, user, reason)


def _decide(candidate: AdultMatchCandidate, status: str, user: StaffUser, reason: str) -> None:
    candidate.status = status
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.reason = reason
    candidate.save(update_fields=["status", "decided_by", "decided_at", "reason"])


# --- Merging and splitting --------------------------------------------------------------------


@transaction.atomic
def merge_persons(
    user: StaffUser,
    keep: PersonOfConcern,
    other: PersonOfConcern,
    why: str,
    *,
    candidate: AdultMatchCandidate | None = None,
) -> PersonMerge:
    """Merge ``other`` into ``keep``: ``other``'s records of adults and associations move to
    ``keep``, ``other`` is marked merged into it, and a ``PersonMerge`` keeps what moved."""
    require(can_use_intelligence(user))
    why = _why(why)
    if keep.pk == other.pk:
        raise ValidationError("Choose two different persons of concern.")
    visible = visible_entities(user, EntityKind.PERSON)
    if visible.filter(pk__in=[keep.pk, other.pk]).count() != 2:
        raise PermissionDenied("You cannot see both of these persons of concern.")
    kept, merged = (
        PersonOfConcern.objects.select_for_update().get(pk=keep.pk),
        PersonOfConcern.objects.select_for_update().get(pk=other.pk),
    )
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError("One of them has already been merged into someone else.")
    if kept.area_id != merged.area_id:
        raise PermissionDenied("They are in different partnerships.")
    records = list(AdultRecord.objects.select_for_update().filter(person=merged))
    for record in records:
        record.person = kept
        record.save(update_fields=["person"])
    as_subject = list(
        Association.objects.select_for_update().filter(entity=merged).exclude(other=kept)
    )
    for association in as_subject:
        association.entity = kept
        association.save(update_fields=["entity"])
    as_other = list(
        Association.objects.select_for_update().filter(other=merged).exclude(entity=kept)
    )
    for association in as_other:
        association.other = kept
        association.save(update_fields=["other"])
    merged.merged_into = kept
    merged.save()
    return PersonMerge.objects.create(
        area_id=kept.area_id,
        kept=kept,
        merged=merged,
        candidate=candidate,
        merged_by=user,
        why=why,
        moved_records=[record.pk for record in records],
        moved_associations=[association.pk for association in as_subject],
        moved_associations_to=[association.pk for association in as_other],
    )


@transaction.atomic
def split_person(user: StaffUser, merge: PersonMerge, why: str) -> PersonOfConcern:
    """Undo exactly ``merge``: the merged person stands again with the records and associations
    the merge moved. A pair reviewed as the same is marked different, so no later run joins
    them again. Returns the person split off."""
    require(can_use_intelligence(user))
    why = _why(why)
    locked = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if locked.split_at is not None:
        raise ValidationError("This merge has already been split.")
    seen = visible_entities(user, EntityKind.PERSON, include_merged=True)
    if seen.filter(pk__in=[locked.kept_id, locked.merged_id]).count() != 2:
        raise PermissionDenied("You cannot see both of these persons of concern.")
    kept = PersonOfConcern.objects.select_for_update().get(pk=locked.kept_id)
    merged = PersonOfConcern.objects.select_for_update().get(pk=locked.merged_id)
    if kept.merged_into_id is not None:
        raise ValidationError(
            "The person kept has since been merged into someone else: split that merge first."
        )
    for record in AdultRecord.objects.select_for_update().filter(
        pk__in=locked.moved_records, person=kept
    ):
        record.person = merged
        record.save(update_fields=["person"])
    for association in Association.objects.select_for_update().filter(
        pk__in=locked.moved_associations, entity=kept
    ):
        association.entity = merged
        association.save(update_fields=["entity"])
    for association in Association.objects.select_for_update().filter(
        pk__in=locked.moved_associations_to, other=kept
    ):
        association.other = merged
        association.save(update_fields=["other"])
    merged.merged_into = None
    merged.save()
    locked.split_by = user
    locked.split_at = timezone.now()
    locked.split_why = why
    locked.save(update_fields=["split_by", "split_at", "split_why"])
    if locked.candidate is not None:
        _decide(locked.candidate, CandidateStatus.REJECTED, user, why)
    return merged
