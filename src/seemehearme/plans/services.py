"""Writes for the protection plan: starting it, its aims and review date, and its actions.

Every write checks the access policy (``can_manage_case`` to start the plan or change its aims
and review date, ``can_record`` for actions), runs in one transaction and leaves history behind
(django-simple-history records who changed what). Nothing is deleted: actions are done or
cancelled, with a note saying what happened.

Changes to the plan and to an action carry the version the person loaded. A save based on an
out-of-date copy is refused with a plain message and changes nothing (django-concurrency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.cases.models import Case
from seemehearme.intelligence.models import Entity, ProfileFinding
from seemehearme.plans.models import (
    ActionStatus,
    DisruptionTactic,
    PendingAction,
    PlanAction,
    ProtectionPlan,
)
from seemehearme.plans.selectors import case_team_staff, disruption_subject_choices, plan_team
from seemehearme.sharing.policy import can_manage_case, can_record, require

CASE_CLOSED = "This case is closed: its plan can no longer be changed."
PLAN_CONFLICT = (
    "Someone else changed this plan while you were editing it. Check their change and try again."
)
ACTION_CONFLICT = (
    "Someone else changed this action while you were editing it. Check their change and try again."
)
NOTE_NEEDED = {
    ActionStatus.DONE: "Say what was done",
    ActionStatus.CANCELLED: "Say why the action was cancelled",
}


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


def _review_date_errors(review_due: dt.date | None, errors: dict[str, str]) -> None:
    if review_due is None:
        errors["review_due"] = "Enter the date the plan will be reviewed by"
    elif review_due < timezone.localdate():
        errors["review_due"] = "The review date must be today or in the future"


def _save_versioned(
    record: models.Model, *, by: StaffUser, expected_version: int, conflict: str
) -> None:
    """Save ``record`` only if nobody has saved it since ``expected_version`` was loaded.

    The comparison and the save run in their own savepoint, so a refused save leaves the
    caller's transaction usable (for example to show the form again with the message).
    """
    record._history_user = by  # type: ignore[attr-defined]  # simple-history's "changed by"
    with transaction.atomic():
        if record.version != expected_version:  # type: ignore[attr-defined]
            raise ValidationError(conflict)
        try:
            # The version field makes this UPDATE ... WHERE version = expected_version, so a
            # change saved since this copy was loaded makes it fail rather than overwrite.
            record.save()
        except RecordModifiedError:
            raise ValidationError(conflict) from None


@transaction.atomic
def plan_create(
    *, case: Case, by: StaffUser, aims: str, review_due: dt.date | None
) -> ProtectionPlan:
    """Start the case's protection plan: what it is for, and when it will be reviewed.

    A case has one plan; a CSE coordinator or team manager working with the child starts it.
    """
    require(can_manage_case(by, case.child))
    _require_open(case)
    if ProtectionPlan.objects.filter(case=case).exists():
        raise ValidationError("This case already has a protection plan.")
    errors: dict[str, str] = {}
    if not aims.strip():
        errors["aims"] = "Enter what the plan is for"
    _review_date_errors(review_due, errors)
    if errors or review_due is None:
        raise ValidationError(errors)
    plan = ProtectionPlan(case=case, aims=aims.strip(), review_due=review_due, created_by=by)
    plan._history_user = by  # type: ignore[attr-defined]
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: ProtectionPlan,
    by: StaffUser,
    aims: str,
    review_due: dt.date | None,
    expected_version: int,
) -> ProtectionPlan:
    """Change the plan's aims or review date, refusing a change based on an out-of-date copy."""
    require(can_manage_case(by, plan.case.child))
    _require_open(plan.case)
    errors: dict[str, str] = {}
    if not aims.strip():
        errors["aims"] = "Enter what the plan is for"
    if review_due != plan.review_due:
        _review_date_errors(review_due, errors)
    if errors or review_due is None:
        raise ValidationError(errors)
    if aims.strip() == plan.aims and review_due == plan.review_due:
        return plan  # it already says this: no new version, nothing in the history
    plan.aims = aims.strip()
    plan.review_due = review_due
    plan.full_clean()
    _save_versioned(plan, by=by, expected_version=expected_version, conflict=PLAN_CONFLICT)
    return plan


def _action_errors(
    *,
    child_name: str,
    team: QuerySet[StaffUser],
    agency: Agency,
    owner: StaffUser,
    description: str,
    due_on: dt.date | None,
    disruption_tactic: DisruptionTactic | None,
    target: str,
    subjects: int = 0,
    past_due_allowed: bool = False,
) -> dict[str, str]:
    """What is wrong with an action: the same rules on the plan and on the case before it."""
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter what will be done"
    if not team.filter(pk=owner.pk).exists():
        errors["owner"] = (
            f"{owner.display_name} is not on {child_name}'s case team: choose someone "
            "who is, or ask the coordinator to add them"
        )
    elif owner.agency_id != agency.pk:
        errors["owner"] = f"{owner.display_name} does not work for {agency.name}"
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due by"
    elif due_on < timezone.localdate() and not past_due_allowed:
        errors["due_on"] = "The due date must be today or in the future"
    if disruption_tactic is not None:
        if not disruption_tactic.is_active:
            errors["disruption_tactic"] = "Choose one of the disruption tactics in use"
        if not target and not subjects:
            errors["disruption_target"] = "Enter who or where the disruption is aimed at"
    elif target or subjects:
        errors["disruption_tactic"] = (
            "Choose the disruption tactic, or leave 'aimed at' blank if this is not disruption"
        )
    return errors


@transaction.atomic
def plan_action_add(
    *,
    plan: ProtectionPlan,
    by: StaffUser,
    agency: Agency,
    owner: StaffUser,
    description: str,
    due_on: dt.date | None,
    disruption_tactic: DisruptionTactic | None = None,
    disruption_target: str = "",
    disruption_subjects: Iterable[Entity] = (),
    cites_finding: ProfileFinding | None = None,
) -> PlanAction:
    """Add a specific action for one agency, owned by a named person, due by a date.

    The owner must be on the child's case team (or be their key worker) and work for the
    action's agency. A disruption action names its tactic and who or where it is aimed at: in
    words, or as persons of concern, places or vehicles from the intelligence register that
    ``by`` may see (``disruption_subjects``), or both. It may cite a finding of one of the
    partnership's saved problem profiles. Meetings call this to put the actions they agree on
    the child's plan.
    """
    child = plan.case.child
    require(can_record(by, child))
    _require_open(plan.case)
    target = disruption_target.strip()
    subjects = list(disruption_subjects)
    errors = _action_errors(
        child_name=child.full_name,
        team=plan_team(plan=plan),
        agency=agency,
        owner=owner,
        description=description,
        due_on=due_on,
        disruption_tactic=disruption_tactic,
        target=target,
        subjects=len(subjects),
    )
    allowed = set(
        disruption_subject_choices(by)
        .filter(pk__in=[s.pk for s in subjects])
        .values_list("pk", flat=True)
    )
    if any(subject.pk not in allowed for subject in subjects):
        errors["disruption_subjects"] = (
            "Choose persons of concern, places or vehicles from the register that you can see"
        )
    if cites_finding is not None and cites_finding.profile.area_id != plan.case.area_id:
        errors["cites_finding"] = "Choose a finding of one of the partnership's profiles"
    if errors or due_on is None:
        raise ValidationError(errors)
    action = PlanAction(
        plan=plan,
        agency=agency,
        owner=owner,
        description=description.strip(),
        due_on=due_on,
        disruption_tactic=disruption_tactic,
        disruption_target=target,
        cites_finding=cites_finding,
        created_by=by,
    )
    action._history_user = by  # type: ignore[attr-defined]
    action.full_clean()
    action.save()
    if subjects:
        action.disruption_subjects.set(subjects)
    return action


@transaction.atomic
def pending_action_add(
    *,
    case: Case,
    by: StaffUser,
    agency: Agency,
    owner: StaffUser,
    description: str,
    due_on: dt.date | None,
    agreed_on: dt.date,
    disruption_tactic: DisruptionTactic | None = None,
    disruption_target: str = "",
) -> PendingAction:
    """Keep an action agreed for a child whose case has no protection plan yet (a panel can
    agree one at its meeting). The same rules as an action on the plan apply; it waits on the
    case and is offered into the plan when the plan is written."""
    child = case.child
    require(can_record(by, child))
    _require_open(case)
    if ProtectionPlan.objects.filter(case=case).exists():
        raise ValidationError("This case has a protection plan now: add the action to it.")
    target = disruption_target.strip()
    errors = _action_errors(
        child_name=child.full_name,
        team=case_team_staff(child_id=child.pk),
        agency=agency,
        owner=owner,
        description=description,
        due_on=due_on,
        disruption_tactic=disruption_tactic,
        target=target,
    )
    if errors or due_on is None:
        raise ValidationError(errors)
    pending = PendingAction(
        case=case,
        agency=agency,
        owner=owner,
        description=description.strip(),
        due_on=due_on,
        disruption_tactic=disruption_tactic,
        disruption_target=target,
        agreed_on=agreed_on,
        created_by=by,
    )
    pending._history_user = by  # type: ignore[attr-defined]
    pending.full_clean()
    pending.save()
    return pending


def pending_actions_carry(
    *, plan: ProtectionPlan, by: StaffUser, pending: Iterable[PendingAction]
) -> list[tuple[PendingAction, str]]:
    """Put actions agreed before the plan into it, each as an action on the plan with the same
    agency, owner, due date (even if it has passed since) and disruption. One that cannot go in
    (its owner has left the case team, say) stays on the case, and comes back with the reason.
    Call inside the caller's transaction: each action is carried in its own savepoint."""
    require(can_record(by, plan.case.child))
    _require_open(plan.case)
    team = plan_team(plan=plan)
    refused: list[tuple[PendingAction, str]] = []
    for item in pending:
        if item.case_id != plan.case_id or item.plan_action_id is not None:
            continue
        errors = _action_errors(
            child_name=plan.case.child.full_name,
            team=team,
            agency=item.agency,
            owner=item.owner,
            description=item.description,
            due_on=item.due_on,
            disruption_tactic=item.disruption_tactic,
            target=item.disruption_target,
            past_due_allowed=True,
        )
        if errors:
            refused.append((item, " ".join(errors.values())))
            continue
        with transaction.atomic():
            action = PlanAction(
                plan=plan,
                agency=item.agency,
                owner=item.owner,
                description=item.description,
                due_on=item.due_on,
                disruption_tactic=item.disruption_tactic,
                disruption_target=item.disruption_target,
                created_by=by,
            )
            action._history_user = by  # type: ignore[attr-defined]
            action.full_clean()
            action.save()
            item.plan_action = action
            item._history_user = by  # type: ignore[attr-defined]
            item.save(update_fields=["plan_action"])
    return refused


@transaction.atomic
def plan_action_update(
    *,
    action: PlanAction,
    by: StaffUser,
    status: str,
    status_note: str,
    due_on: dt.date | None,
    expected_version: int,
) -> PlanAction:
    """Record progress on an action: its status, a note, and a new due date if it has moved.

    Done and cancelled need a note saying what was done or why. A change based on an
    out-of-date copy of the action is refused and changes nothing.
    """
    require(can_record(by, action.plan.case.child))
    _require_open(action.plan.case)
    errors: dict[str, str] = {}
    note = status_note.strip()
    if status not in ActionStatus.values:
        errors["status"] = "Choose the action's status"
    elif status in NOTE_NEEDED and not note:
        errors["status_note"] = NOTE_NEEDED[ActionStatus(status)]
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due by"
    elif due_on != action.due_on and due_on < timezone.localdate():
        errors["due_on"] = "A new due date must be today or in the future"
    if errors or due_on is None:
        raise ValidationError(errors)
    if status == action.status and note == action.status_note and due_on == action.due_on:
        return action  # it already says this: no new version, nothing in the history
    action.status = status
    action.status_note = note
    action.due_on = due_on
    action.full_clean()
    _save_versioned(action, by=by, expected_version=expected_version, conflict=ACTION_CONFLICT)
    return action
