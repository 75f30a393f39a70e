"""What a user may see of the partnership's intelligence, as querysets, and how children are
shown in it: by name to those with a working relationship, by pseudonym to everyone else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.models import Association, Entity
from seemehearme.people.models import Child
from seemehearme.sharing.policy import (
    Decision,
    intelligence_grants,
    relationships_to_children,
)
from seemehearme.sharing.pseudonyms import pseudonyms


def _visible(user: StaffUser) -> Q | None:
    """The filter for items the policy's ``intelligence_decision`` allows, or None for none.

    The same rule as the policy, as a query: the user's own agency's items, and those of
    (agency, category) pairs an agreement in force shares for their role's purpose."""
    grants = intelligence_grants(user)
    if grants is None or user.agency is None:
        return None
    allowed = Q(area_id=user.agency.area_id) & Q(source_agency_id=user.agency.pk)
    for source, category in grants.shared_pairs():
        allowed |= Q(area_id=user.agency.area_id, source_agency_id=source, category_id=category)
    return allowed


def visible_entities(
    user: StaffUser, kind: str | None = None, *, include_merged: bool = False
) -> QuerySet[Entity]:
    """Entities ``user`` may see, merged records left out (their survivor stands for them)
    unless ``include_merged`` (for a merge's history)."""
    allowed = _visible(user)
    if allowed is None:
        return Entity.objects.none()
    entities = Entity.objects.filter(allowed)
    if not include_merged:
        entities = entities.filter(merged_into__isnull=True)
    return entities.filter(kind=kind) if kind else entities


def visible_associations(user: StaffUser) -> QuerySet[Association]:
    """Current associations ``user`` may see. An association also needs its entities to be
    visible to be shown; views use ``visible_entities`` for that."""
    allowed = _visible(user)
    if allowed is None:
        return Association.objects.none()
    return Association.objects.current().filter(allowed)


@dataclass(frozen=True)
class ChildShown:
    """How one child appears in intelligence pages: a name only if ``named``."""

    child_id: int
    label: str
    named: bool
    access: Decision


def children_shown(user: StaffUser, children: Iterable[Child]) -> dict[int, ChildShown]:
    """How each child appears to ``user``: by name through a working relationship or
    break-glass (``relationships_to_children``), otherwise as the partnership's pseudonym."""
    children = list(children)
    if not children:
        return {}
    decisions = relationships_to_children(user, children)
    shown: dict[int, ChildShown] = {}
    by_area: dict[int, list[Child]] = {}
    for child in children:
        by_area.setdefault(child.area_id, []).append(child)
    for area_children in by_area.values():
        codes = pseudonyms(area_children[0].area, [child.pk for child in area_children])
        for child in area_children:
            access = decisions[child.pk]
            if access.allowed:
                name = f"{child.given_name} {child.family_name}"
                shown[child.pk] = ChildShown(child.pk, name, True, access)
            else:
                shown[child.pk] = ChildShown(child.pk, codes[child.pk], False, access)
    return shown
