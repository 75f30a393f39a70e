"""Reads about children, always filtered through the access policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Role, StaffUser
from seemehearme.people.models import (
    Child,
    InformationItem,
    RelationshipKind,
    WorkingRelationship,
)
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import (
    Decision,
    SharingGrants,
    item_decision,
    may_name_agency_involvement,
    relationship_to_child,
)
from seemehearme.sharing.selectors import Withheld, withheld_counts

SEARCH_LIMIT = 50
CHILD_VOICE = "child-voice"  # the InformationCategory code for the child's own words


def children_worked_with(user: StaffUser) -> QuerySet[Child]:
    """A first cut of the children ``user`` may see, from their working relationships (their
    own, their panels', their team's referrals and, for a team manager, their team's cases),
    by name. The policy still decides for each one; this only keeps the number of checks
    small, for pickers that offer children to choose from."""
    if user.agency is None:
        return Child.objects.none()
    holders = Q(user=user) | Q(panel__members=user)
    if user.team_id:
        holders |= Q(kind=RelationshipKind.REFERRAL_HOLDER, team_id=user.team_id)
        if user.role == Role.TEAM_MANAGER:
            holders |= Q(
                kind__in=[RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM],
                user__team_id=user.team_id,
            )
    related = WorkingRelationship.objects.current().filter(holders).values("child_id")
    return Child.objects.filter(area_id=user.agency.area_id, pk__in=related).order_by(
        "family_name", "given_name", "date_of_birth"
    )


def child_search(
    *, user: StaffUser, name: str, date_of_birth: dt.date | None = None
) -> QuerySet[Child]:
    """Children in the user's area whose names contain every word of ``name`` (not those merged
    into another child by identity resolution: the child they were merged into is found)."""
    if user.agency is None:
        return Child.objects.none()
    children = Child.objects.filter(area_id=user.agency.area_id, merged_into__isnull=True)
    for word in name.split():
        children = children.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(known_as__icontains=word)
        )
    if date_of_birth is not None:
        children = children.filter(date_of_birth=date_of_birth)
    return children.order_by("family_name", "given_name", "date_of_birth")[:SEARCH_LIMIT]


# Logged for a child shown by name and date of birth only: the record stays closed, but those
# details were shown, so the access log must not call it a refusal.
EXACT_MATCH_SHOWN = "exact_date_of_birth_match"


@dataclass
class SearchOutcome:
    """What the user may be shown: full matches, and matches they may only be told exist."""

    shown: list[tuple[Child, Decision]] = field(default_factory=list)
    known_elsewhere: list[tuple[Child, Decision]] = field(default_factory=list)
    hidden_count: int = 0


def child_search_outcome(
    *, user: StaffUser, name: str, date_of_birth: dt.date | None
) -> SearchOutcome:
    """Split search matches by the policy.

    Children the user works with are shown in full. Others are shown as "known to the
    partnership" (name and date of birth only, so the user can ask for access or break glass)
    only when the user typed the exact date of birth; otherwise they are only counted, so a
    name alone cannot be used to browse the partnership's children.
    """
    outcome = SearchOutcome()
    for child in child_search(user=user, name=name, date_of_birth=date_of_birth):
        decision = relationship_to_child(user, child)
        if decision.allowed:
            outcome.shown.append((child, decision))
        elif date_of_birth is not None:
            shown = Decision(
                True,
                EXACT_MATCH_SHOWN,
                "Shown by name and date of birth only: the exact date of birth was typed. "
                f"The record itself stays closed ({decision.reason})",
            )
            outcome.known_elsewhere.append((child, shown))
        else:
            outcome.hidden_count += 1
    return outcome


@dataclass
class ChildRecord:
    """A child's record as one user may see it."""

    child: Child
    access: Decision
    items: list[tuple[InformationItem, Decision]]
    withheld: list[Withheld]
    relationships: list[WorkingRelationship]
    # Others working with the child whose agency's involvement is itself sensitive.
    unnamed_relationships: int = 0


def child_record(
    *, user: StaffUser, child: Child, access: Decision, purpose: str = SAFEGUARDING_PURPOSE
) -> tuple[ChildRecord, list[tuple[InformationItem, Decision]]]:
    """The record filtered by the policy, and every item's decision (for the access log)."""
    assert user.agency is not None  # relationship_to_child refuses users without an agency
    grants = SharingGrants(user.agency, purpose, timezone.localdate())
    items = InformationItem.objects.filter(child=child).select_related("source_agency", "category")
    decisions = [
        (
            item,
            item_decision(
                access=access,
                viewer_agency=user.agency,
                source_agency=item.source_agency,
                category=item.category,
                grants=grants,
            ),
        )
        for item in items
    ]
    withheld = withheld_counts(
        (item.source_agency, item.category, decision) for item, decision in decisions
    )
    relationships = _once_per_holder(
        WorkingRelationship.objects.current()
        .filter(child=child)
        .order_by("started_on", "pk")
        .select_related("user__agency", "team__agency", "panel")
    )
    named = [
        r for r in relationships if may_name_agency_involvement(_holder_agency(r), viewer=user)
    ]
    record = ChildRecord(
        child=child,
        access=access,
        items=[(item, decision) for item, decision in decisions if decision.allowed],
        withheld=withheld,
        relationships=named,
        unnamed_relationships=len(relationships) - len(named),
    )
    return record, decisions


def _once_per_holder(relationships: Iterable[WorkingRelationship]) -> list[WorkingRelationship]:
    """Each person, team or panel once per kind of work, however many grants put them there.

    A panel lists a child once for the area and again for each case it discusses; the record
    says who is working with the child, so it names the panel once (the earliest grant).
    """
    seen: set[tuple[str, int | None, int | None, int | None]] = set()
    kept = []
    for relationship in relationships:
        key = (
            relationship.kind,
            relationship.user_id,
            relationship.team_id,
            relationship.panel_id,
        )
        if key not in seen:
            seen.add(key)
            kept.append(relationship)
    return kept


def _holder_agency(relationship: WorkingRelationship) -> Agency | None:
    holder = relationship.user or relationship.team
    return holder.agency if holder is not None else None
