"""Reads for the protection plan: the plan page, who may own an action, and the plan's history
in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.dates import long_date
from seemehearme.intelligence.models import Entity, EntityKind
from seemehearme.intelligence.selectors import visible_entities
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.plans.models import (
    ActionStatus,
    DisruptionTactic,
    PendingAction,
    PlanAction,
    ProtectionPlan,
)

# How each status is drawn (GOV.UK tag colours).
STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.IN_PROGRESS: "govuk-tag--light-blue",
    ActionStatus.DONE: "govuk-tag--green",
    ActionStatus.CANCELLED: "govuk-tag--orange",
}


def plan_for_case(*, case_id: int) -> ProtectionPlan | None:
    """The case's protection plan, if it has one yet."""
    return ProtectionPlan.objects.filter(case_id=case_id).first()


def plan_team(*, plan: ProtectionPlan) -> QuerySet[StaffUser]:
    """Who may own an action on the plan: the child's key worker and case team, today."""
    return case_team_staff(child_id=plan.case.child_id)


def case_team_staff(*, child_id: int) -> QuerySet[StaffUser]:
    """The child's key worker and case team, today: who may own an action for the child."""
    working = WorkingRelationship.objects.current().filter(
        child_id=child_id,
        kind__in=[RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM],
    )
    return (
        StaffUser.objects.filter(is_active=True, child_relationships__in=working)
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "last_name", "first_name", "pk")
    )


# --- The plan page ----------------------------------------------------------------------------


# The kinds of intelligence a disruption action can be aimed at: a person, a place, a vehicle.
DISRUPTION_KINDS = (EntityKind.PERSON, EntityKind.PLACE, EntityKind.VEHICLE)


def disruption_subject_choices(user: StaffUser) -> QuerySet[Entity]:
    """The persons of concern, places and vehicles ``user`` may aim a disruption action at:
    those of the intelligence register they may see (none if they do not use intelligence)."""
    return visible_entities(user).filter(kind__in=DISRUPTION_KINDS).order_by("kind", "label")


@dataclass(frozen=True)
class DisruptionSubject:
    """A subject a disruption action is aimed at, linked only if the viewer may open it."""

    entity: Entity
    linked: bool


@dataclass(frozen=True)
class ActionRow:
    action: PlanAction
    overdue: bool
    subjects: list[DisruptionSubject] = field(default_factory=list)

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(ActionStatus(self.action.status), "govuk-tag--grey")


@dataclass
class AgencyActions:
    agency: Agency
    rows: list[ActionRow] = field(default_factory=list)


@dataclass
class PlanPage:
    """The plan as it reads on its page: actions grouped by agency, disruption on its own."""

    plan: ProtectionPlan
    review_overdue: bool
    by_agency: list[AgencyActions]
    disruption: list[ActionRow]

    @property
    def open_count(self) -> int:
        rows = [row for group in self.by_agency for row in group.rows] + self.disruption
        return sum(1 for row in rows if row.action.is_open)

    @property
    def overdue_count(self) -> int:
        rows = [row for group in self.by_agency for row in group.rows] + self.disruption
        return sum(1 for row in rows if row.overdue)


def plan_page(
    *, plan: ProtectionPlan, today: dt.date | None = None, viewer: StaffUser | None = None
) -> PlanPage:
    """The plan with its actions: open ones first, then by due date, each marked if overdue.
    A disruption action's subjects from the intelligence register are named and linked only
    for a ``viewer`` who may see them in the register; to other readers of the plan they are
    counted by kind and holder (police intelligence is shared by agreement, not by being
    named on a plan)."""
    today = today or timezone.localdate()
    actions = sorted(
        PlanAction.objects.filter(plan=plan)
        .select_related("agency", "owner", "disruption_tactic", "cites_finding")
        .prefetch_related("disruption_subjects__source_agency"),
        key=lambda a: (not a.is_open, a.due_on, a.pk),
    )
    subject_ids = {s.pk for action in actions for s in action.disruption_subjects.all()}
    openable: set[int] = set()
    if subject_ids and viewer is not None:
        openable = set(
            visible_entities(viewer).filter(pk__in=subject_ids).values_list("pk", flat=True)
        )
    return _plan_page(plan, actions, openable, today)


def disruption_subjects_shown(action: PlanAction, viewer: StaffUser) -> list[DisruptionSubject]:
    """One action's subjects, each marked whether ``viewer`` may see it (``plan_page``)."""
    subjects = list(action.disruption_subjects.select_related("source_agency"))
    openable = set(
        visible_entities(viewer)
        .filter(pk__in=[subject.pk for subject in subjects])
        .values_list("pk", flat=True)
    )
    return [DisruptionSubject(subject, subject.pk in openable) for subject in subjects]


def _plan_page(
    plan: ProtectionPlan, actions: list[PlanAction], openable: set[int], today: dt.date
) -> PlanPage:
    groups: dict[int, AgencyActions] = {}
    disruption: list[ActionRow] = []
    for action in actions:
        row = ActionRow(
            action=action,
            overdue=action.is_overdue(today),
            subjects=[
                DisruptionSubject(subject, subject.pk in openable)
                for subject in action.disruption_subjects.all()
            ],
        )
        if action.disruption_tactic_id is not None:
            disruption.append(row)
        else:
            groups.setdefault(action.agency_id, AgencyActions(action.agency)).rows.append(row)
    return PlanPage(
        plan=plan,
        review_overdue=plan.review_due < today,
        by_agency=sorted(groups.values(), key=lambda g: g.agency.name),
        disruption=disruption,
    )


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One change to the plan or one of its actions, in sentences a reader can follow."""

    at: dt.datetime
    who: str
    changes: list[str]
    detail: str = ""


def _who(record: Any) -> str:
    user = record.history_user
    return user.display_name if user is not None else "Someone (not recorded)"


def _date(value: dt.date | None) -> str:
    return long_date(value) if value else "no date"


def _quoted(text: str) -> str:
    return f"'{Truncator(' '.join(text.split())).chars(70)}'"


def _status(value: str) -> str:
    return str(ActionStatus(value).label) if value in ActionStatus.values else value


def _plan_entries(plan: ProtectionPlan) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous = None
    records = plan.history.select_related("history_user").order_by("history_date", "history_id")
    for record in records:
        who = _who(record)
        if previous is None:
            entries.append(
                HistoryEntry(
                    record.history_date,
                    who,
                    [f"{who} started the plan, with a review due by {_date(record.review_due)}"],
                    detail=f"Aims: {record.aims}",
                )
            )
        else:
            changes = []
            detail = ""
            if record.aims != previous.aims:
                changes.append(f"{who} changed the aims of the plan")
                detail = f"Aims: {record.aims}"
            if record.review_due != previous.review_due:
                changes.append(
                    f"{who} changed the review date from {_date(previous.review_due)} "
                    f"to {_date(record.review_due)}"
                )
            if changes:
                entries.append(HistoryEntry(record.history_date, who, changes, detail))
        previous = record
    return entries


def _action_entries(plan: ProtectionPlan) -> list[HistoryEntry]:
    records = list(
        PlanAction.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    # Names of the people, agencies and tactics the records point at, in three queries.
    people = {
        u.pk: u.display_name for u in StaffUser.objects.filter(pk__in={r.owner_id for r in records})
    }
    agencies = dict(
        Agency.objects.filter(pk__in={r.agency_id for r in records}).values_list("pk", "name")
    )
    tactics = dict(
        DisruptionTactic.objects.filter(
            pk__in={r.disruption_tactic_id for r in records if r.disruption_tactic_id}
        ).values_list("pk", "name")
    )
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        who = _who(record)
        what = _quoted(record.description)
        if previous is None or previous.id != record.id:
            sentence = (
                f"{who} added the action {what} for {agencies.get(record.agency_id, '')}, "
                f"owned by {people.get(record.owner_id, '')}, due by {_date(record.due_on)}"
            )
            if record.disruption_tactic_id:
                sentence += (
                    f": disruption by {tactics.get(record.disruption_tactic_id, '')}, "
                    f"aimed at {record.disruption_target or 'entries of the intelligence register'}"
                )
            entries.append(HistoryEntry(record.history_date, who, [sentence]))
        else:
            changes = []
            if record.status != previous.status:
                changes.append(
                    f"{who} changed the status of {what} from {_status(previous.status)} "
                    f"to {_status(record.status)}"
                )
            if record.due_on != previous.due_on:
                changes.append(
                    f"{who} changed the due date of {what} from {_date(previous.due_on)} "
                    f"to {_date(record.due_on)}"
                )
            if record.owner_id != previous.owner_id or record.agency_id != previous.agency_id:
                changes.append(
                    f"{who} gave {what} to {people.get(record.owner_id, '')} "
                    f"({agencies.get(record.agency_id, '')})"
                )
            if record.description != previous.description:
                changes.append(f"{who} reworded {_quoted(previous.description)} as {what}")
            note_changed = record.status_note != previous.status_note
            if note_changed and not changes:
                changes.append(f"{who} updated the note on {what}")
            if changes:
                detail = (
                    f"Note: {record.status_note}" if note_changed and record.status_note else ""
                )
                entries.append(HistoryEntry(record.history_date, who, changes, detail))
        previous = record
    return entries


def plan_history(*, plan: ProtectionPlan) -> list[HistoryEntry]:
    """Who changed what on the plan and its actions, and when, newest first.

    Built from the plan's and its actions' django-simple-history records, so it shows every
    change whichever page (or meeting) made it.
    """
    entries = _plan_entries(plan) + _action_entries(plan)
    return sorted(entries, key=lambda e: e.at, reverse=True)


def pending_actions(*, case_id: int) -> list[PendingAction]:
    """Actions agreed for the child before the case had a plan, not in the plan yet."""
    return list(
        PendingAction.objects.filter(case_id=case_id, plan_action__isnull=True).select_related(
            "owner", "agency", "disruption_tactic", "meeting_action__meeting__meeting_type"
        )
    )
