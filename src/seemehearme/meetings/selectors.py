"""Reads about meetings. Children are always filtered through the access policy: a page lists
only the children its viewer may see, and counts the rest."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from seemehearme.areas.models import Agency, Role, StaffUser
from seemehearme.cases.models import Case, CaseStatus
from seemehearme.meetings.access import (
    VisibleAgenda,
    agenda_for,
    can_write_record,
    meeting_access,
)
from seemehearme.meetings.models import (
    AT_THE_MEETING,
    AgendaChild,
    AgendaPlace,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingStatus,
    MinutesSuggestion,
    SuggestionStatus,
)
from seemehearme.people.models import Child
from seemehearme.people.selectors import children_worked_with
from seemehearme.plans.models import ProtectionPlan
from seemehearme.sharing.policy import (
    CASE_ROLES,
    Decision,
    can_record,
    can_record_many,
)

RECENT_LIMIT = 20
CANDIDATE_LIMIT = 200


@dataclass
class MeetingLists:
    upcoming: list[Meeting]
    recent: list[Meeting]


def meetings_for_user(*, user: StaffUser, now: dt.datetime | None = None) -> MeetingLists:
    """Meetings the user chairs, is recorded at, or whose panel they sit on: planned ones to
    come, soonest first, and the most recent ones before today, newest first. Only counts of
    children are given, so listing meetings shows no child's data."""
    if user.agency is None:
        return MeetingLists([], [])
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    mine = (
        Meeting.objects.filter(area_id=user.agency.area_id)
        .filter(
            Q(chair=user)
            | Q(attendances__user=user, attendances__status__in=AT_THE_MEETING)
            | Q(panel__members=user)
        )
        .values("pk")
    )
    meetings = (
        Meeting.objects.filter(pk__in=mine)
        .select_related("meeting_type", "chair", "panel")
        .annotate(
            child_count=Count("agenda_children", distinct=True),
            place_count=Count("agenda_places", distinct=True),
        )
    )
    upcoming = meetings.filter(held_at__gte=start_of_today, status=MeetingStatus.PLANNED)
    recent = meetings.exclude(pk__in=upcoming.values("pk")).order_by("-held_at", "-id")
    return MeetingLists(
        upcoming=list(upcoming.order_by("held_at", "id")),
        recent=list(recent[:RECENT_LIMIT]),
    )


def agenda_candidates(*, meeting: Meeting, by: StaffUser) -> list[tuple[Child, Decision]]:
    """Children who can go on this meeting's agenda: ones the chair may see (not through
    break-glass) and the person adding them may record for, not already on it. Each comes with
    the adding user's own access decision, for the access log. The policy is asked about all
    of them at once, so the number of queries does not grow with the number of children."""
    on_agenda = meeting.agenda_children.values("child_id")
    children = list(children_worked_with(meeting.chair).exclude(pk__in=on_agenda)[:CANDIDATE_LIMIT])
    chair = can_record_many(meeting.chair, children)
    mine = can_record_many(by, children)
    return [(child, mine[child.pk]) for child in children if chair[child.pk] and mine[child.pk]]


def chair_choices(*, user: StaffUser) -> QuerySet[StaffUser]:
    """Staff who may chair a meeting: active, in a case role, in the user's partnership."""
    if user.agency is None:
        return StaffUser.objects.none()
    return (
        StaffUser.objects.filter(
            is_active=True, role__in=CASE_ROLES, agency__area_id=user.agency.area_id
        )
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name", "username")
    )


def chair_default(*, user: StaffUser, chairs: QuerySet[StaffUser]) -> StaffUser | None:
    """Who the plan form offers as chair: the person planning, if they may chair, else the
    partnership's CSE coordinator (the one who has been one longest, if there are several)."""
    if chairs.filter(pk=user.pk).exists():
        return user
    return chairs.filter(role=Role.CSE_COORDINATOR).order_by("date_joined", "pk").first()


def staff_choices(*, meeting: Meeting) -> QuerySet[StaffUser]:
    """Active staff of the meeting's partnership, for attendance and action owners."""
    return (
        StaffUser.objects.filter(is_active=True, agency__area_id=meeting.area_id)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class AttendanceRow:
    """Someone expected at a meeting (its chair, its panel's members) or already recorded in its
    attendance, for the attendance form. ``key`` names them in the form."""

    key: str
    name: str
    agency: Agency | None
    note: str
    user: StaffUser | None
    attendance: Attendance | None

    @property
    def label(self) -> str:
        agency = f", {self.agency.name}" if self.agency else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.name}{agency}{note}"


def attendance_rows(*, meeting: Meeting) -> list[AttendanceRow]:
    """Everyone the attendance form asks about, in agency then name order: the chair, the
    active members of the meeting's panel, and anyone already recorded (named people too)."""
    recorded = list(meeting.attendances.select_related("agency", "user__agency"))
    by_user = {a.user_id: a for a in recorded if a.user_id is not None}
    staff: dict[int, tuple[StaffUser, str]] = {meeting.chair.pk: (meeting.chair, "chair")}
    if meeting.panel is not None:
        members = meeting.panel.members.filter(is_active=True).select_related("agency")
        for member in members:
            staff.setdefault(member.pk, (member, "panel member"))
    for attendance in recorded:
        if attendance.user is not None:
            staff.setdefault(attendance.user.pk, (attendance.user, ""))
    rows = [
        AttendanceRow(
            key=f"user_{person.pk}",
            name=person.display_name,
            agency=by_user[person.pk].agency if person.pk in by_user else person.agency,
            note=note,
            user=person,
            attendance=by_user.get(person.pk),
        )
        for person, note in staff.values()
    ]
    rows += [
        AttendanceRow(
            key=f"named_{attendance.pk}",
            name=attendance.person_name,
            agency=attendance.agency,
            note=attendance.job_title,
            user=None,
            attendance=attendance,
        )
        for attendance in recorded
        if attendance.user_id is None
    ]
    return sorted(rows, key=lambda row: (row.agency.name if row.agency else "", row.name.lower()))


def agenda_child_case(*, item: AgendaChild) -> Case | None:
    """The open case that decisions and actions about this child belong to, if there is one."""
    if item.case is not None and item.case.is_open:
        return item.case
    return Case.objects.filter(child_id=item.child_id, status=CaseStatus.OPEN).first()


def agenda_child_plan(*, item: AgendaChild) -> ProtectionPlan | None:
    """The protection plan that actions about this child go on, if there is one."""
    case = agenda_child_case(item=item)
    if case is None:
        return None
    return ProtectionPlan.objects.filter(case=case).select_related("case__child").first()


def action_owner_choices(*, item: AgendaChild) -> QuerySet[StaffUser]:
    """Who may own an action for this child: the plan's own rule (key worker and case team),
    whether or not the case has a plan yet."""
    from seemehearme.plans.selectors import case_team_staff

    if agenda_child_case(item=item) is None:
        return StaffUser.objects.none()
    return case_team_staff(child_id=item.child_id)


@dataclass
class AgendaRow:
    """One child the viewer may see, with what the meeting recorded about them."""

    item: AgendaChild
    access: Decision
    can_record: bool
    decisions: list[MeetingDecision] = field(default_factory=list)
    actions: list[MeetingAction] = field(default_factory=list)


@dataclass
class MeetingPage:
    """A meeting as one user may see it."""

    meeting: Meeting
    viewer: StaffUser
    access: Decision
    agenda: VisibleAgenda
    rows: list[AgendaRow]
    places: list[AgendaPlace]
    attendance: list[tuple[Agency, list[Attendance]]]
    can_write: bool = False

    @property
    def can_suggest(self) -> bool:
        """Whether the viewer may suggest wording for the minutes (not write them)."""
        return not self.can_write and self.viewer.role in CASE_ROLES

    @property
    def withheld_count(self) -> int:
        return self.agenda.withheld_count

    @property
    def can_record_outcomes(self) -> bool:
        """Whether what happened can be recorded yet (from the day of the meeting)."""
        return (
            self.meeting.status != MeetingStatus.CANCELLED
            and timezone.localdate(self.meeting.held_at) <= timezone.localdate()
        )


def meeting_page(*, user: StaffUser, meeting: Meeting) -> MeetingPage:
    """The meeting with only the children ``user`` may see. Log ``page.agenda`` with
    ``meetings.access.agenda_log`` whenever the page is shown."""
    agenda = agenda_for(user=user, meeting=meeting)
    shown = agenda.shown_ids
    decisions = (
        MeetingDecision.objects.filter(meeting=meeting, agenda_child_id__in=shown)
        .select_related("decision__made_by", "decision__source_agency")
        .order_by("decision__id")
    )
    actions = (
        MeetingAction.objects.filter(meeting=meeting, agenda_child_id__in=shown)
        .select_related(
            "plan_action__owner",
            "plan_action__agency",
            "plan_action__disruption_tactic",
            "pending_action__owner",
            "pending_action__agency",
            "pending_action__disruption_tactic",
            "pending_action__plan_action__owner",
            "pending_action__plan_action__agency",
            "pending_action__plan_action__disruption_tactic",
        )
        .order_by("id")
    )
    can_write = bool(can_write_record(user, meeting))
    rows = {
        entry.item.pk: AgendaRow(
            item=entry.item,
            access=entry.access,
            can_record=can_write and bool(can_record(user, entry.item.child)),
        )
        for entry in agenda.shown
    }
    for decision in decisions:
        rows[decision.agenda_child_id].decisions.append(decision)
    for action in sorted(actions, key=lambda link: (link.action.due_on, link.pk)):
        rows[action.agenda_child_id].actions.append(action)
    present_first = SqlCase(
        *(When(status=status, then=Value(n)) for n, status in enumerate(AttendanceStatus)),
        output_field=IntegerField(),
    )
    attendances = meeting.attendances.select_related("agency", "user").order_by(
        "agency__name", present_first, "person_name", "user__last_name", "id"
    )
    grouped = [(agency, list(rows_)) for agency, rows_ in groupby(attendances, lambda a: a.agency)]
    return MeetingPage(
        meeting=meeting,
        viewer=user,
        access=meeting_access(user, meeting),
        agenda=agenda,
        rows=list(rows.values()),
        places=list(meeting.agenda_places.all()),
        attendance=grouped,
        can_write=can_write,
    )


# --- The general minutes: who changed them, suggestions, children named ---------------------


@dataclass(frozen=True)
class MinutesChange:
    """One change to the general minutes: who made it, when, and what they said before."""

    changed_at: dt.datetime
    changed_by: str
    before: str
    reason: str


def minutes_history(*, meeting: Meeting) -> list[MinutesChange]:
    """Every change to the general minutes, newest first, from the meeting's history (which
    also records changes to its other fields: only changes to the minutes are listed)."""
    changes: list[MinutesChange] = []
    before = ""
    records = meeting.history.select_related("history_user").order_by("history_date", "history_id")
    for record in records:
        if record.minutes != before:
            user = record.history_user
            changes.append(
                MinutesChange(
                    changed_at=record.history_date,
                    changed_by=user.display_name if user is not None else "Unknown",
                    before=before,
                    reason=record.history_change_reason or "",
                )
            )
            before = record.minutes
    return changes[::-1]


def minutes_suggestions(*, meeting: Meeting) -> list[MinutesSuggestion]:
    """Suggested wording waiting for the chair, oldest first."""
    return list(
        meeting.minutes_suggestions.filter(status=SuggestionStatus.WAITING).select_related(
            "suggested_by__agency"
        )
    )


def _names(child: Child) -> set[str]:
    names = {child.full_name, child.given_name, child.family_name, child.known_as}
    return {name.strip() for name in names if name and len(name.strip()) > 1}


def children_named_in(*, user: StaffUser, meeting: Meeting, text: str) -> list[Child]:
    """Children on the agenda whom ``text`` names (by given, family or known-as name, as a
    whole word), among those ``user`` may see: the general minutes are read by everyone at the
    meeting, so a child's name belongs in the child's own section. Children the user may not
    see are never named back to them."""
    named = []
    for entry in agenda_for(user=user, meeting=meeting).shown:
        child = entry.item.child
        for name in _names(child):
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
                named.append(child)
                break
    return named
