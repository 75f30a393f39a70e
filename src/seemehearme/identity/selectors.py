"""Reads for reviewing identity matches: the queue, one pair side by side, and the agency records
that make up a child. Callers check the policy and write the access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When

from seemehearme.areas.models import Area
from seemehearme.identity.likeness import QUEUE_ORDER
from seemehearme.identity.models import (
    AgencyPerson,
    CandidateStatus,
    IdentityLink,
    LinkCandidate,
    LinkMethod,
)
from seemehearme.identity.services import merge_links
from seemehearme.people.models import Child

PAGE_SIZE = 25


def review_queue(*, area: Area) -> QuerySet[LinkCandidate]:
    """Pairs waiting for a reviewer: those that could be one child first, then those that look
    like twins, then brothers or sisters (``likeness``); the most likely first in each."""
    order = Case(
        *(When(likeness=kind, then=Value(rank)) for rank, kind in enumerate(QUEUE_ORDER)),
        default=Value(len(QUEUE_ORDER)),
    )
    return (
        LinkCandidate.objects.filter(status=CandidateStatus.PENDING, person_a__agency__area=area)
        .exclude(person_a__child_id=F("person_b__child_id"))
        .select_related(
            "person_a__agency", "person_b__agency", "person_a__child", "person_b__child"
        )
        .order_by(order, "-match_probability", "pk")
    )


def review_counts(*, area: Area) -> dict[str, int]:
    """How many pairs are waiting, and how many have been judged each way."""
    counts = LinkCandidate.objects.filter(person_a__agency__area=area).aggregate(
        pending=Count("pk", filter=Q(status=CandidateStatus.PENDING)),
        accepted=Count("pk", filter=Q(status=CandidateStatus.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=CandidateStatus.REJECTED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


@dataclass(frozen=True)
class Unmatched:
    """One agency's records that belong to no child yet: their events are not part of early
    warning until they do."""

    agency: str
    records: int
    without_birth_date: int


def unmatched_by_agency(*, area: Area) -> list[Unmatched]:
    """Counts only: these records have no child, so no one has a relationship that would
    let them see who they are."""
    rows = (
        AgencyPerson.objects.filter(agency__area=area, child__isnull=True)
        .values("agency__name")
        .annotate(
            records=Count("pk"),
            without_birth_date=Count("pk", filter=Q(date_of_birth__isnull=True)),
        )
        .order_by("agency__name")
    )
    return [
        Unmatched(row["agency__name"], row["records"], row["without_birth_date"]) for row in rows
    ]


def unmatched_records(*, area: Area) -> QuerySet[AgencyPerson]:
    """The area's agency records that belong to no child, for the triage team to follow up
    with the agencies: those without a date of birth first, then by agency and name."""
    return (
        AgencyPerson.objects.filter(agency__area=area, child__isnull=True)
        .select_related("agency")
        .order_by(
            F("date_of_birth").asc(nulls_first=True),
            "agency__name",
            "family_name",
            "given_name",
            "pk",
        )
    )


def candidate_get(*, area: Area, candidate_id: int) -> LinkCandidate | None:
    """The candidate, if its records belong to ``area``."""
    return (
        LinkCandidate.objects.filter(pk=candidate_id, person_a__agency__area=area)
        .select_related(
            "person_a__agency",
            "person_b__agency",
            "person_a__child__area",
            "person_b__child__area",
            "decided_by",
            "run",
        )
        .first()
    )


def masked(number: str) -> str:
    """An NHS number or pupil number shown by its last four characters only."""
    value = "".join(ch for ch in number if ch.isalnum())
    return f"ending {value[-4:]}" if value else ""


@dataclass(frozen=True)
class Reason:
    """One field's part in the score, in words."""

    label: str
    level: str
    weight: float

    @property
    def effect(self) -> str:
        if self.level.startswith("missing"):
            return "Not compared"
        if self.weight >= 4:
            return "Strongly towards the same child"
        if self.weight >= 1:
            return "Towards the same child"
        if self.weight > -1:
            return "Makes little difference"
        if self.weight > -4:
            return "Towards different children"
        return "Strongly towards different children"

    @property
    def tag(self) -> str:
        """GOV.UK tag colour for the effect."""
        if self.level.startswith("missing") or -1 < self.weight < 1:
            return "grey"
        return "green" if self.weight > 0 else "red"


@dataclass
class Side:
    """One child in a pair, with every agency record that makes it up."""

    child: Child
    records: list[AgencyPerson]
    compared: AgencyPerson


@dataclass
class CandidateView:
    candidate: LinkCandidate
    first: Side
    second: Side
    reasons: list[Reason]
    can_undo_merge: bool

    @property
    def same_child(self) -> bool:
        return self.first.child.pk == self.second.child.pk

    @property
    def compared_ids(self) -> set[int]:
        return {self.candidate.person_a_id, self.candidate.person_b_id}


def candidate_view(candidate: LinkCandidate) -> CandidateView:
    """The pair side by side: each child's agency records, and why the two compared records
    scored as they did."""
    first_child = candidate.person_a.child
    second_child = candidate.person_b.child
    # Candidates are only made between records that belong to children.
    assert first_child is not None
    assert second_child is not None
    records = _records_by_child({first_child.pk, second_child.pk})
    reasons = [
        Reason(row["label"], row["level"], float(row["weight"]))
        for row in candidate.explanation
        if isinstance(row, dict)
    ]
    return CandidateView(
        candidate=candidate,
        first=Side(first_child, records.get(first_child.pk, []), candidate.person_a),
        second=Side(second_child, records.get(second_child.pk, []), candidate.person_b),
        reasons=reasons,
        can_undo_merge=merge_links(candidate).exists(),
    )


def _records_by_child(child_ids: set[int]) -> dict[int, list[AgencyPerson]]:
    found: dict[int, list[AgencyPerson]] = {}
    persons = (
        AgencyPerson.objects.filter(child_id__in=child_ids)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )
    for person in persons:
        assert person.child_id is not None
        found.setdefault(person.child_id, []).append(person)
    return found


def children_of(candidates: list[LinkCandidate]) -> list[Child]:
    """The children a page of candidates shows (for the access log)."""
    children: dict[int, Child] = {}
    for candidate in candidates:
        for person in (candidate.person_a, candidate.person_b):
            if person.child is not None:
                children[person.child.pk] = person.child
    return list(children.values())


@dataclass
class RecordLinks:
    """One agency record of a child, how it came to be there, and what happened before."""

    person: AgencyPerson
    current: IdentityLink | None
    history: list[IdentityLink]

    @property
    def undoable(self) -> bool:
        return self.current is not None and self.current.method in (
            LinkMethod.IDENTIFIER,
            LinkMethod.PROBABILISTIC,
            LinkMethod.CLERICAL,
            LinkMethod.MERGED,
        )


def child_links(*, child: Child) -> list[RecordLinks]:
    """The agency records that make up ``child``, each with its current link and history."""
    links = IdentityLink.objects.select_related("created_by", "undone_by", "previous_child")
    persons = (
        AgencyPerson.objects.filter(child=child)
        .select_related("agency")
        .prefetch_related(Prefetch("links", queryset=links))
        .order_by("agency__name", "pk")
    )
    rows = []
    for person in persons:
        history = list(person.links.all())
        current = next(
            (link for link in history if link.child_id == child.pk and link.undone_at is None),
            None,
        )
        rows.append(RecordLinks(person, current, history))
    return rows


def link_for_child(*, child: Child, link_id: Any) -> IdentityLink | None:
    """One current link of a record of ``child`` (for undoing it)."""
    try:
        pk = int(link_id)
    except (TypeError, ValueError):
        return None
    return (
        IdentityLink.objects.filter(pk=pk, child=child, person__child=child, undone_at__isnull=True)
        .select_related("child__area")
        .first()
    )
