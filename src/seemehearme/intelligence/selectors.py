"""What a user may see of the partnership's intelligence, as querysets, and how children are
shown in it: by name to those with a working relationship, by pseudonym to everyone else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seemehearme.areas.models import Area, StaffUser
from seemehearme.intelligence.models import KIND_MODELS, Association, Entity
from seemehearme.people.models import Child
from seemehearme.people.selectors import children_worked_with
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


# --- The register's pages ----------------------------------------------------------------------


def visible_entity(user: StaffUser, entity_id: int) -> Entity | None:
    """One entity ``user`` may see, as its own kind (a ``PersonOfConcern``, a ``Place``...),
    or None if there is none they may see."""
    entity = visible_entities(user).filter(pk=entity_id).first()
    if entity is None:
        return None
    return KIND_MODELS[entity.kind].objects.select_related("source_agency").get(pk=entity.pk)


def associations_of(user: StaffUser, entity: Entity) -> QuerySet[Association]:
    """The current associations ``user`` may see that ``entity`` is at either end of, whose
    other end (if an entity) they may also see. Newest first."""
    entities = visible_entities(user).values("pk")
    return (
        visible_associations(user)
        .filter(Q(entity=entity) | Q(other=entity))
        .filter(entity__in=entities)
        .filter(Q(other__isnull=True) | Q(other__in=entities))
        .select_related("entity", "other", "child", "child__area", "source_agency")
    )


def register_associations(user: StaffUser) -> QuerySet[Association]:
    """Every current association ``user`` may see whose entities they may also see."""
    entities = visible_entities(user).values("pk")
    return (
        visible_associations(user)
        .filter(entity__in=entities)
        .filter(Q(other__isnull=True) | Q(other__in=entities))
        .select_related("entity", "other", "child", "child__area")
        .order_by("pk")
    )


def children_to_link(user: StaffUser) -> list[tuple[Child, Decision]]:
    """The children ``user`` may name in an association, each with the decision that lets
    them (for the access log): those the policy lets them see through a working relationship
    (not break-glass, which is for emergencies, not for recording intelligence). Empty for
    analysts, who give a child's pseudonym instead."""
    candidates = list(children_worked_with(user).filter(merged_into__isnull=True))
    decisions = relationships_to_children(user, candidates)
    return [
        (child, decisions[child.pk])
        for child in candidates
        if decisions[child.pk].allowed and decisions[child.pk].basis != "break_glass"
    ]


def child_with_pseudonym(area: Area, code: str) -> Child | None:
    """The partnership's child whose pseudonym is ``code`` today, or None.

    There is no lookup table by design (ADR 0015), so this works out every child's code in the
    partnership: one HMAC per child, a few milliseconds for thousands of children, which is
    fine for one form submission. A partnership of hundreds of thousands of children would want
    a keyed index instead."""
    code = code.strip().upper()
    ids = Child.objects.filter(area=area, merged_into__isnull=True).values_list("pk", flat=True)
    for child_id, child_code in pseudonyms(area, ids).items():
        if child_code == code:
            return Child.objects.get(pk=child_id)
    return None
