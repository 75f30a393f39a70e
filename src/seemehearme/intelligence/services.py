"""Recording intelligence: entities and graded associations. Every write checks the policy and
runs in one transaction; nothing is deleted (associations are withdrawn with a reason)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.feeds.models import AgencyEvent
from seemehearme.intelligence.models import (
    INTELLIGENCE_CATEGORY,
    KIND_MODELS,
    Association,
    Entity,
    HandlingCode,
)
from seemehearme.intelligence.selectors import visible_entities
from seemehearme.people.models import Child
from seemehearme.sharing.models import InformationCategory
from seemehearme.sharing.policy import can_use_intelligence, require


@transaction.atomic
def record_entity(user: StaffUser, kind: str, **details: Any) -> Entity:
    """Record a new person of concern, group, place, vehicle, phone or account, held by the
    user's agency in the police intelligence category."""
    require(can_use_intelligence(user))
    assert user.agency is not None  # checked by the policy
    model = KIND_MODELS[kind]
    many = _many_to_many(model, details)
    entity = model(
        area_id=user.agency.area_id,
        source_agency=user.agency,
        category=InformationCategory.objects.get(code=INTELLIGENCE_CATEGORY),
        recorded_by=user,
        **details,
    )
    entity.full_clean(exclude=["category", "merged_into"])
    entity.save()
    for name, values in many.items():
        getattr(entity, name).set(values)
    return entity


def _many_to_many(model: type[Entity], details: dict[str, Any]) -> dict[str, Any]:
    """Take the many-to-many details (a group's patterns) out of ``details``: they are set
    after the entity is saved."""
    names = {field.name for field in model._meta.many_to_many}
    return {name: details.pop(name) for name in list(details) if name in names}


@transaction.atomic
def update_entity(user: StaffUser, entity: Entity, **details: Any) -> Entity:
    """Change an entity's details. Only the agency that recorded it may: the others see it
    under an agreement and correct it by telling that agency. The history of its details is
    kept (simple_history), so a change can be traced to who made it."""
    require(can_use_intelligence(user))
    if user.agency is None or entity.source_agency_id != user.agency.pk:
        raise PermissionDenied("Only the agency that recorded it can change it.")
    model = KIND_MODELS[entity.kind]
    locked = model.objects.select_for_update().get(pk=entity.pk)
    if locked.merged_into_id is not None:
        raise ValidationError("It has been merged into another record: change that one.")
    many = _many_to_many(model, details)
    for name, value in details.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["category", "merged_into"])
    locked.save()
    for name, values in many.items():
        getattr(locked, name).set(values)
    return locked


@transaction.atomic
def record_association(
    user: StaffUser,
    *,
    entity: Entity,
    relationship: str,
    reported_on: dt.date,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    handling_conditions: str = "",
    other: Entity | None = None,
    child: Child | None = None,
    source_reference: str = "",
    event: AgencyEvent | None = None,
) -> Association:
    """Record that ``entity`` is linked to ``other`` or to ``child``, graded 3x5x2.

    The user must be able to see both entities; a child must be of the same partnership. The
    association is held by the user's agency, so the policy shares it as it does their other
    intelligence."""
    require(can_use_intelligence(user))
    assert user.agency is not None
    visible = visible_entities(user)
    for subject in (entity, other):
        if subject is not None and not visible.filter(pk=subject.pk).exists():
            raise PermissionDenied("You cannot see that person, group, place or object.")
    if (other is None) == (child is None):
        raise ValidationError("Link the subject to one other subject or to one child.")
    if child is not None and child.area_id != user.agency.area_id:
        raise PermissionDenied("That child is known to a different partnership.")
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": "The date cannot be in the future."})
    if handling_code == HandlingCode.PERMITTED:
        handling_conditions = ""
    elif not handling_conditions.strip():
        raise ValidationError(
            {"handling_conditions": "Say what the conditions are for handling code C."}
        )
    association = Association(
        area_id=user.agency.area_id,
        entity=entity,
        other=other,
        child=child,
        relationship=relationship,
        event=event,
        source_agency=user.agency,
        category=InformationCategory.objects.get(code=INTELLIGENCE_CATEGORY),
        source_reference=source_reference.strip(),
        reported_on=reported_on,
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions.strip(),
        recorded_by=user,
    )
    association.full_clean(exclude=["category"])
    association.save()
    return association


@transaction.atomic
def withdraw_association(user: StaffUser, association: Association, why: str) -> Association:
    """Withdraw an association found to be wrong: it stays on record, out of every picture.
    Only its own agency may withdraw it."""
    require(can_use_intelligence(user))
    if user.agency is None or association.source_agency_id != user.agency.pk:
        raise PermissionDenied("Only the agency that recorded it can withdraw it.")
    if not why.strip():
        raise ValidationError({"why": "Say why it is being withdrawn."})
    locked = Association.objects.select_for_update().get(pk=association.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError("It has already been withdrawn.")
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = user
    locked.withdrawn_why = why.strip()
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_why"])
    return locked
