"""What reviewers do: say whether two children are the same child, and undo a link.

Accepting a pair whose records belong to two children merges them into one; rejecting it
keeps them apart in every later run; undoing a link moves the agency record (and its events)
back out. Each is one transaction, checked with ``sharing.policy.can_review_identity``, and is
followed by early warning for the children whose records changed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.identity.casework import has_case_work
from seemehearme.identity.linking import (
    NHS_NUMBER_SCHEME,
    UPN_SCHEME,
    candidates_drop_moot,
    identifiers_record,
    normalised_numbers,
    persons_assign,
    thresholds,
)
from seemehearme.identity.models import (
    AgencyPerson,
    CandidateStatus,
    IdentityLink,
    LinkCandidate,
    LinkMethod,
    LinkRun,
    LinkRunStatus,
)
from seemehearme.people.models import AgencyIdentifier, Child, Ethnicity
from seemehearme.sharing.policy import can_review_identity, require

BOTH_HAVE_CASE_WORK = (
    "Both children have case work (referrals, cases, screenings, meetings or recorded "
    "information). Merging them means deciding what happens to each record, which this service "
    "cannot do safely: ask your system administrator to merge them by hand."
)
UNDOABLE = (
    LinkMethod.IDENTIFIER,
    LinkMethod.PROBABILISTIC,
    LinkMethod.CLERICAL,
    LinkMethod.MERGED,
)


def _reason_required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for your decision"})
    return reason


def _area_of(candidate: LinkCandidate) -> Area:
    return candidate.person_a.agency.area


def candidate_accept(*, candidate: LinkCandidate, user: StaffUser, reason: str) -> set[int]:
    """The two records are the same child. If they belong to two children, merge them: the
    one with case work (or more agency records) keeps everything. Returns the children whose
    records changed."""
    area = _area_of(candidate)
    require(can_review_identity(user, area))
    reason = _reason_required(reason)
    with transaction.atomic():
        locked = _pending(candidate)
        first, second = locked.person_a.child, locked.person_b.child
        affected: set[int] = set()
        if first is not None and second is not None and first.pk != second.pk:
            survivor, merged = _survivor(first, second)
            affected = child_merge(
                survivor=survivor,
                merged=merged,
                run=locked.run,
                user=user,
                probability=locked.match_probability,
            )
        _decide(locked, CandidateStatus.ACCEPTED, user, reason)
        candidates_drop_moot(area=area)
    _early_warning(area, affected)
    return affected


def candidate_reject(*, candidate: LinkCandidate, user: StaffUser, reason: str) -> set[int]:
    """The two records are different children: no later run will put them together."""
    require(can_review_identity(user, _area_of(candidate)))
    reason = _reason_required(reason)
    with transaction.atomic():
        _decide(_pending(candidate), CandidateStatus.REJECTED, user, reason)
    return set()


def _pending(candidate: LinkCandidate) -> LinkCandidate:
    locked = (
        LinkCandidate.objects.select_for_update(of=("self",))
        .select_related("person_a__child", "person_b__child", "run")
        .get(pk=candidate.pk)
    )
    if locked.status != CandidateStatus.PENDING:
        raise ValidationError(
            "Someone has already decided about this pair. Check what was decided below."
        )
    return locked


def _decide(candidate: LinkCandidate, status: str, user: StaffUser, reason: str) -> None:
    candidate.status = status
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.reason = reason
    candidate.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _survivor(first: Child, second: Child) -> tuple[Child, Child]:
    """(the child that stays, the child merged into it)."""
    first_work, second_work = has_case_work(first), has_case_work(second)
    if first_work and second_work:
        raise ValidationError(BOTH_HAVE_CASE_WORK)
    if first_work != second_work:
        return (first, second) if first_work else (second, first)
    counts = {child.pk: child.agency_persons.count() for child in (first, second)}
    ordered = sorted((first, second), key=lambda child: (-counts[child.pk], child.pk))
    return ordered[0], ordered[1]


def child_merge(
    *,
    survivor: Child,
    merged: Child,
    run: LinkRun,
    user: StaffUser | None,
    probability: float | None,
    method: str = LinkMethod.CLERICAL,
) -> set[int]:
    """Move ``merged``'s agency records, their events and its identifiers to ``survivor``, and
    mark ``merged`` as merged into it. Each moved record gets a link saying so (and which
    identifiers went with it), so the merge can be undone."""
    persons = list(AgencyPerson.objects.filter(child=merged))
    identifiers = list(AgencyIdentifier.objects.filter(child=merged))
    persons_assign({person.pk: survivor.pk for person in persons})
    AgencyIdentifier.objects.filter(child=merged).update(child=survivor)
    untied = [ident.pk for ident in identifiers if not any(_tied(ident, p) for p in persons)]
    IdentityLink.objects.bulk_create(
        [
            IdentityLink(
                person=person,
                child=survivor,
                previous_child=merged,
                run=run,
                method=method,
                match_probability=probability,
                created_by=user,
                identifiers=[i.pk for i in identifiers if _tied(i, person)] + untied,
            )
            for person in persons
        ]
    )
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    return {survivor.pk, merged.pk}


def _tied(identifier: AgencyIdentifier, person: AgencyPerson) -> bool:
    """Whether the identifier is this agency record's own number or reference."""
    if identifier.agency_id != person.agency_id:
        return False
    nhs, upn = normalised_numbers(person.nhs_number, person.upn)
    value = identifier.value.strip()
    return (
        value == person.source_person_id
        or (identifier.scheme == NHS_NUMBER_SCHEME and value == nhs)
        or (identifier.scheme == UPN_SCHEME and value.upper() == upn)
    )


def link_undo(*, link: IdentityLink, user: StaffUser, reason: str) -> set[int]:
    """This agency record is not this child: move it (and its events) back to the child it
    came from, or to a new child of its own, and record that it is a different child from
    each record left behind, so that no later run links them again."""
    area = link.child.area
    require(can_review_identity(user, area))
    reason = _reason_required(reason)
    with transaction.atomic():
        locked = (
            IdentityLink.objects.select_for_update(of=("self",))
            .select_related("child")
            .get(pk=link.pk)
        )
        affected = _undo(locked, user, reason)
        candidates_drop_moot(area=area)
    _early_warning(area, affected)
    return affected


def merge_undo(*, candidate: LinkCandidate, user: StaffUser, reason: str) -> set[int]:
    """Undo the merge that accepting ``candidate`` made: every record that came from the
    merged child goes back to it."""
    area = _area_of(candidate)
    require(can_review_identity(user, area))
    reason = _reason_required(reason)
    with transaction.atomic():
        links = list(merge_links(candidate).select_for_update(of=("self",)))
        if not links:
            raise ValidationError(
                "Accepting this pair did not merge two children, or the records have moved "
                "since, so there is no merge to undo. Undo single records from the child's "
                "list of agency records instead."
            )
        affected: set[int] = set()
        for link in links:
            affected |= _undo(link, user, reason)
        candidates_drop_moot(area=area)
    _early_warning(area, affected)
    return affected


def merge_links(candidate: LinkCandidate) -> QuerySet[IdentityLink]:
    """The current links that accepting ``candidate`` made by merging two children (none if
    it merged nothing, or the merge has been undone)."""
    if candidate.status != CandidateStatus.ACCEPTED:
        return IdentityLink.objects.none()
    via = (
        IdentityLink.objects.filter(
            person_id__in=[candidate.person_a_id, candidate.person_b_id],
            method=LinkMethod.CLERICAL,
            undone_at__isnull=True,
            previous_child__isnull=False,
            run=candidate.run,
        )
        .select_related("previous_child")
        .first()
    )
    if (
        via is None
        or via.previous_child is None
        or via.previous_child.merged_into_id != via.child_id
    ):
        return IdentityLink.objects.none()
    return IdentityLink.objects.filter(
        child_id=via.child_id,
        previous_child_id=via.previous_child_id,
        method=LinkMethod.CLERICAL,
        undone_at__isnull=True,
        person__child_id=F("child_id"),  # records merged on again since are not this merge's
    ).select_related("child", "previous_child")


def _undo(link: IdentityLink, user: StaffUser, reason: str) -> set[int]:
    if link.undone_at is not None:
        raise ValidationError("This link has already been undone.")
    if link.method not in UNDOABLE:
        raise ValidationError(
            "Only a link to a child made from another record can be undone: this record "
            "started a child of its own."
        )
    person = AgencyPerson.objects.select_for_update().get(pk=link.person_id)
    current = link.child
    if person.child_id != current.pk:
        raise ValidationError("This record has moved to another child since it was linked.")
    target = _undo_target(link, person)
    persons_assign({person.pk: target.pk})
    _identifiers_move_back(link, person, to=target)
    link.undone_at = timezone.now()
    link.undone_by = user
    link.undo_reason = reason
    link.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    IdentityLink.objects.create(
        person=person,
        child=target,
        previous_child=current,
        run=link.run,
        method=LinkMethod.UNDO,
        created_by=user,
    )
    left = AgencyPerson.objects.filter(child=current).exclude(pk=person.pk)
    for other in left:
        _pair_reject(person, other, run=link.run, user=user, reason=reason, area=current.area)
    return {current.pk, target.pk}


def _undo_target(link: IdentityLink, person: AgencyPerson) -> Child:
    previous = link.previous_child
    if previous is not None and previous.merged_into_id == link.child_id:
        previous.merged_into = None
        previous.save(update_fields=["merged_into", "updated_at"])
        return previous
    if previous is not None and previous.merged_into_id is None:
        return previous
    if person.date_of_birth is None:
        raise ValidationError(
            "This record has no date of birth, so it cannot become a child of its own. Ask "
            f"{person.agency.name} for the child's date of birth first."
        )
    child = Child.objects.create(
        area=link.child.area,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender,
        ethnicity=person.ethnicity if person.ethnicity in Ethnicity.values else Ethnicity.NOT_KNOWN,
        postcode=person.postcode.upper()[:10],
    )
    identifiers_record(
        [({"nhs_number": person.nhs_number, "upn": person.upn, "agency_id": person.agency_id},
          child.pk)]
    )  # fmt: skip
    return child


def _identifiers_move_back(link: IdentityLink, person: AgencyPerson, *, to: Child) -> None:
    """Identifiers that came with the record go with it: those a merge moved (listed on the
    link) and the record's own numbers."""
    own = [
        identifier.pk
        for identifier in AgencyIdentifier.objects.filter(child=link.child, agency=person.agency)
        if _tied(identifier, person)
    ]
    AgencyIdentifier.objects.filter(child=link.child, pk__in=[*link.identifiers, *own]).update(
        child=to
    )


def _pair_reject(
    first: AgencyPerson,
    second: AgencyPerson,
    *,
    run: LinkRun | None,
    user: StaffUser,
    reason: str,
    area: Area,
) -> None:
    a, b = sorted((first.pk, second.pk))
    LinkCandidate.objects.update_or_create(
        person_a_id=a,
        person_b_id=b,
        defaults={
            "status": CandidateStatus.REJECTED,
            "decided_by": user,
            "decided_at": timezone.now(),
            "reason": f"A link was undone: {reason}",
        },
        create_defaults={
            "status": CandidateStatus.REJECTED,
            "decided_by": user,
            "decided_at": timezone.now(),
            "reason": f"A link was undone: {reason}",
            "run": run or _clerical_run(area, user),
            "match_probability": 0.0,
            "match_weight": 0.0,
        },
    )


def _clerical_run(area: Area, user: StaffUser) -> LinkRun:
    """A run to hang a reviewer's decision on when the link undone had none."""
    match, review = thresholds()
    return LinkRun.objects.create(
        backend="clerical",
        started_by=user,
        status=LinkRunStatus.COMPLETED,
        finished_at=timezone.now(),
        match_threshold=match,
        review_threshold=review,
        model={"area": area.pk, "scope": "clerical"},
    )


def _early_warning(area: Area, child_ids: set[int]) -> None:
    """Early warning looks again at the children whose records changed."""
    if not child_ids:
        return
    from seemehearme.earlywarning.sweep import sweep

    sweep(area=area, child_ids=child_ids)
