"""Recording participation and family support. Each function checks the policy itself, so a
caller cannot forget to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.cases.models import Case
from seemehearme.participation.access import (
    can_record_family_support,
    can_record_participation,
)
from seemehearme.participation.models import (
    OUTCOMES_WITH_REASON,
    FamilySupportKind,
    FamilySupportOffer,
    ParticipationActivity,
    ParticipationChange,
    SupportOutcome,
)
from seemehearme.sharing.policy import require

COUNT_FIELDS = tuple(
    name for name, _label in ParticipationActivity.AGE_BANDS + ParticipationActivity.GENDERS
)


def _check_counts(values: dict[str, Any]) -> None:
    """The age bands, and the genders, may not add up to more than took part."""
    total = values["young_people"]
    errors: dict[str, str] = {}
    for group, first in (
        (ParticipationActivity.AGE_BANDS, "aged_under_13"),
        (ParticipationActivity.GENDERS, "girls"),
    ):
        counted = sum(values.get(name) or 0 for name, _label in group)
        if counted > total:
            errors[first] = (
                f"These add up to {counted}, more than the {total} young people who took part."
            )
    if errors:
        raise ValidationError(errors)


def activity_save(
    *, by: StaffUser, activity: ParticipationActivity | None = None, **values: Any
) -> ParticipationActivity:
    """Record a participation activity, or change one of the recorder's partnership."""
    require(can_record_participation(by))
    assert by.agency is not None
    if activity is not None and activity.area_id != by.agency.area_id:
        raise ValidationError("This activity belongs to a different partnership.")
    run_by = values.get("run_by")
    if run_by is not None and run_by.area_id != by.agency.area_id:
        raise ValidationError({"run_by": "Choose an agency of your partnership."})
    _check_counts(values)
    if activity is None:
        activity = ParticipationActivity(area=by.agency.area, recorded_by=by)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    return activity


def change_record(
    *,
    by: StaffUser,
    activity: ParticipationActivity,
    what_changed: str,
    changed_on: dt.date,
    link: str = "",
) -> ParticipationChange:
    """Record what changed because of what young people said ("we did")."""
    require(can_record_participation(by))
    assert by.agency is not None
    if activity.area_id != by.agency.area_id:
        raise ValidationError("This activity belongs to a different partnership.")
    if changed_on < activity.held_on:
        raise ValidationError(
            {"changed_on": "A change because of what they said comes after they said it."}
        )
    change = ParticipationChange(
        activity=activity,
        what_changed=what_changed,
        changed_on=changed_on,
        link=link,
        recorded_by=by,
    )
    change.full_clean()
    change.save()
    return change


def _check_offer(
    case: Case, agency: Agency, kind: FamilySupportKind, outcome: str, reason: str
) -> None:
    errors: dict[str, str] = {}
    if agency.area_id != case.child.area_id:
        errors["agency"] = "Choose an agency of the child's partnership."
    if outcome in OUTCOMES_WITH_REASON and not reason.strip():
        label = SupportOutcome(outcome).label.lower()
        errors["reason"] = f"Say why the support was {label}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def family_support_offer(
    *,
    by: StaffUser,
    case: Case,
    kind: FamilySupportKind,
    offered_to: str,
    offered_on: dt.date,
    agency: Agency,
    outcome: str = SupportOutcome.WAITING,
    reason: str = "",
    notes: str = "",
) -> FamilySupportOffer:
    """Record support offered to the family of the child on ``case``."""
    require(can_record_family_support(by, case))
    if not kind.is_active:
        raise ValidationError({"kind": "This kind of support is no longer offered."})
    _check_offer(case, agency, kind, outcome, reason)
    offer = FamilySupportOffer(
        case=case,
        kind=kind,
        offered_to=offered_to,
        offered_on=offered_on,
        agency=agency,
        outcome=outcome,
        reason=reason if outcome in OUTCOMES_WITH_REASON else "",
        notes=notes,
        recorded_by=by,
    )
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def family_support_outcome(
    *, by: StaffUser, offer: FamilySupportOffer, outcome: str, reason: str = ""
) -> FamilySupportOffer:
    """Record what became of an offer (accepted, declined or not possible, and why)."""
    require(can_record_family_support(by, offer.case))
    _check_offer(offer.case, offer.agency, offer.kind, outcome, reason)
    offer.outcome = outcome
    offer.reason = reason if outcome in OUTCOMES_WITH_REASON else ""
    offer.full_clean()
    offer.save()
    return offer
