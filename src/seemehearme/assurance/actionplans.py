"""Action plans as objects: the partnership's strategy plan and each agency's own plan.

Every action has a description, an owner, an agency, a due date, a status and dated progress
notes, and may answer a self-assessment finding, a problem-profile finding and a
recommendation. A plan's progress counts its actions done, on track and overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.assurance.access import (
    can_edit_plan,
    can_see_finding_text,
    can_update_action,
    user_area,
)
from seemehearme.assurance.models import (
    Action,
    ActionPlan,
    ActionStatus,
    AssessmentEntry,
    PlanKind,
    ProgressNote,
    Recommendation,
)
from seemehearme.intelligence.models import ProfileFinding
from seemehearme.sharing.policy import require


def plans_of(area: Area) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(area=area).select_related("agency")


def actions_of(plan: ActionPlan) -> QuerySet[Action]:
    return plan.actions.select_related(
        "owner",
        "agency",
        "entry__expectation",
        "entry__assessment",
        "finding__profile",
        "recommendation",
    ).prefetch_related("notes__written_by")


def findings_of(area: Area) -> QuerySet[ProfileFinding]:
    """Problem-profile findings of ``area`` an action may answer."""
    return ProfileFinding.objects.filter(profile__area=area).select_related("profile")


def plan_create(
    *, user: StaffUser, kind: str, title: str, agency: Agency | None = None
) -> ActionPlan:
    """Start the strategy plan or an agency's plan in ``user``'s partnership."""
    area = user_area(user)
    if area is None:
        raise PermissionDenied("Your account is not linked to an agency.")
    if kind == PlanKind.STRATEGY:
        agency = None
    elif agency is None:
        raise ValidationError({"agency": "Choose the agency whose plan this is"})
    plan = ActionPlan(area=area, kind=kind, agency=agency, title=title.strip(), created_by=user)
    require(can_edit_plan(user, plan))
    if not plan.title:
        raise ValidationError({"title": "Enter a name for the plan"})
    plan.save()
    return plan


def _same_area(area_id: int, **linked: object) -> None:
    """Refuse links to anything of another partnership."""
    errors: dict[str, str] = {}
    for name, item in linked.items():
        if item is None:
            continue
        if isinstance(item, StaffUser):
            ok = item.agency is not None and item.agency.area_id == area_id
        elif isinstance(item, Agency):
            ok = item.area_id == area_id
        elif isinstance(item, AssessmentEntry):
            ok = item.assessment.area_id == area_id
        elif isinstance(item, ProfileFinding):
            ok = item.profile.area_id == area_id
        elif isinstance(item, Recommendation):
            ok = item.area_id in (None, area_id)
        else:  # pragma: no cover
            ok = False
        if not ok:
            errors[name] = "Choose one from your own partnership"
    if errors:
        raise ValidationError(errors)


def action_add(
    *,
    user: StaffUser,
    plan: ActionPlan,
    description: str,
    owner: StaffUser,
    agency: Agency,
    due_on: dt.date,
    entry: AssessmentEntry | None = None,
    finding: ProfileFinding | None = None,
    recommendation: Recommendation | None = None,
) -> Action:
    """Add an action to ``plan``. An agency's plan holds only its own agency's actions."""
    require(can_edit_plan(user, plan))
    if not description.strip():
        raise ValidationError({"description": "Enter what will be done"})
    if plan.agency_id is not None and agency.pk != plan.agency_id:
        raise ValidationError({"agency": f"An action in this plan is {plan.agency}'s"})
    _same_area(
        plan.area_id,
        owner=owner,
        agency=agency,
        entry=entry,
        finding=finding,
        recommendation=recommendation,
    )
    action = Action(
        plan=plan,
        description=description.strip(),
        owner=owner,
        agency=agency,
        due_on=due_on,
        entry=entry,
        finding=finding,
        recommendation=recommendation,
    )
    action._history_user = user  # type: ignore[attr-defined]
    action.save()
    return action


def action_update(
    *, user: StaffUser, action: Action, status: str, note: str, on: dt.date | None = None
) -> Action:
    """Change an action's status and, if given, add a dated progress note."""
    require(can_update_action(user, action))
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose the action's status"})
    with transaction.atomic():
        if status != action.status:
            action.status = status
            action._history_user = user  # type: ignore[attr-defined]
            action.save(update_fields=["status"])
        if note.strip():
            ProgressNote.objects.create(
                action=action,
                text=note.strip(),
                written_by=user,
                written_on=on or timezone.localdate(),
            )
    return action


# --- Progress --------------------------------------------------------------------------------


DONE, ON_TRACK, OVERDUE = "done", "on_track", "overdue"
STATE_WORDS = {DONE: "Done", ON_TRACK: "On track", OVERDUE: "Overdue"}


def action_state(action: Action, today: dt.date | None = None) -> str:
    """Done; overdue if not done and its due date has passed; otherwise on track."""
    if action.status == ActionStatus.DONE:
        return DONE
    return OVERDUE if action.due_on < (today or timezone.localdate()) else ON_TRACK


@dataclass(frozen=True)
class Progress:
    done: int
    on_track: int
    overdue: int

    @property
    def total(self) -> int:
        return self.done + self.on_track + self.overdue


def progress_of(actions: QuerySet[Action] | list[Action], today: dt.date | None = None) -> Progress:
    today = today or timezone.localdate()
    states = [action_state(action, today) for action in actions]
    return Progress(states.count(DONE), states.count(ON_TRACK), states.count(OVERDUE))


def plan_progress(plans: QuerySet[ActionPlan], today: dt.date | None = None) -> dict[int, Progress]:
    """Each plan's progress, by plan id, in one query."""
    today = today or timezone.localdate()
    rows = Action.objects.filter(plan__in=plans).values_list("plan_id", "status", "due_on")
    counts: dict[int, list[int]] = {plan.pk: [0, 0, 0] for plan in plans}
    for plan_id, status, due_on in rows:
        if status == ActionStatus.DONE:
            counts[plan_id][0] += 1
        elif due_on < today:
            counts[plan_id][2] += 1
        else:
            counts[plan_id][1] += 1
    return {pk: Progress(*numbers) for pk, numbers in counts.items()}


def finding_words(finding: ProfileFinding, user: StaffUser) -> str:
    """A problem-profile finding as ``user`` may see it: its words only for those who use the
    partnership's intelligence, otherwise which profile's finding it is."""
    if can_see_finding_text(user):
        return f"Problem profile {finding.profile_id}, F{finding.number}: {finding.text}"
    return f"A finding of problem profile {finding.profile_id}"


def actions_answering(recommendation: Recommendation, area: Area) -> QuerySet[Action]:
    """The actions in ``area``'s plans that answer ``recommendation``."""
    return Action.objects.filter(
        Q(recommendation=recommendation) & Q(plan__area=area)
    ).select_related("agency", "owner", "plan")
