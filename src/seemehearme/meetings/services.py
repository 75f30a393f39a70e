"""Writes for multi-agency meetings: plan, agenda, attendance, how each child and family took
part, decisions, actions and the minutes.

Every service checks that the user may open the meeting (``meetings.access.meeting_access``)
and, for anything about one child, that they may record on that child's record
(``sharing.policy.can_record``: break-glass access is read-only). Decisions become the case's
own decisions and actions become actions on the child's protection plan, so the child's record
shows them whether or not anyone opens the meeting again. Nothing is deleted: a meeting that
does not go ahead is cancelled with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from seemehearme.areas.models import Agency, Panel, StaffUser
from seemehearme.cases.models import Case, CaseStatus
from seemehearme.meetings.access import can_write_record, meeting_access
from seemehearme.meetings.models import (
    AgendaChild,
    AgendaPlace,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingStatus,
    MeetingType,
    MinutesSuggestion,
    Participation,
    SuggestionStatus,
)
from seemehearme.meetings.selectors import agenda_child_case
from seemehearme.people.models import Child, RelationshipKind
from seemehearme.people.services import relationship_ensure
from seemehearme.plans.models import DisruptionTactic, ProtectionPlan
from seemehearme.sharing.policy import CASE_ROLES, can_record, can_record_many, require

EDIT_CONFLICT = (
    "Someone else saved changes to this since you opened it, so yours have not been saved. "
    "Copy anything you need, then open the page again to see their changes."
)
# A loose check of the shape of a UK postcode: enough to catch typing slips, not a register.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _child_name(child: Child) -> str:
    return child.known_as or child.given_name


def _require_meeting_access(user: StaffUser, meeting: Meeting) -> None:
    """May ``user`` add to this meeting's record? They must be able to open it, and work with
    children: someone in another role may be recorded at a meeting but does not write it up."""
    require(meeting_access(user, meeting))
    if user.role not in CASE_ROLES:
        raise PermissionDenied("Your role does not record meetings about children.")


def _require_writer(user: StaffUser, meeting: Meeting) -> None:
    """May ``user`` write the meeting's record? Its chair or a CSE coordinator (the minutes
    belong to the chair); anyone else at the meeting suggests wording instead."""
    _require_meeting_access(user, meeting)
    require(can_write_record(user, meeting))


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: nothing more can be recorded for it.")


def _require_started(meeting: Meeting) -> None:
    """What happened at a meeting can be recorded from the day it is held."""
    _require_not_cancelled(meeting)
    if timezone.localdate(meeting.held_at) > timezone.localdate():
        raise ValidationError(
            "This meeting has not happened yet. You can record it from the day it is held."
        )


def _require_agenda_open(meeting: Meeting) -> None:
    _require_not_cancelled(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("This meeting has been held: its agenda can no longer change.")


def _save(instance: models.Model, *, by: StaffUser) -> None:
    instance._history_user = by  # type: ignore[attr-defined]  # simple-history's "changed by"
    instance.full_clean()
    instance.save()


def _save_versioned(instance: models.Model, *, by: StaffUser, version: int | None) -> None:
    """Save a record people edit in place, refusing if it changed since ``version`` was loaded.

    The save runs in its own savepoint so a refused save leaves the caller's transaction usable.
    """
    if version is not None:
        instance.version = version  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            _save(instance, by=by)
    except RecordModifiedError:
        raise ValidationError(EDIT_CONFLICT) from None


# --- Planning -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    by: StaffUser,
    meeting_type: MeetingType,
    held_at: dt.datetime,
    location: str,
    chair: StaffUser,
    panel: Panel | None = None,
) -> Meeting:
    """Plan a meeting. The person planning it chairs it or sits on the panel holding it, so
    they can open it afterwards; children and places are added to the agenda next."""
    if not by.is_active or by.role not in CASE_ROLES or by.agency is None:
        raise PermissionDenied("Your role does not plan meetings about children.")
    area = by.agency.area
    errors: dict[str, str] = {}
    if not meeting_type.is_active:
        errors["meeting_type"] = "Choose a type of meeting"
    if not location.strip():
        errors["location"] = "Enter where the meeting is, or how to join it"
    if (
        not chair.is_active
        or chair.role not in CASE_ROLES
        or chair.agency is None
        or chair.agency.area_id != area.pk
    ):
        errors["chair"] = "Choose a chair who works with children in this partnership"
    if panel is not None and panel.area_id != area.pk:
        errors["panel"] = "Choose one of this partnership's panels"
    if not errors and chair.pk != by.pk:
        on_panel = panel is not None and panel.members.filter(pk=by.pk).exists()
        if not on_panel:
            errors["chair"] = "You can plan a meeting you chair, or a meeting of a panel you sit on"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        area=area,
        meeting_type=meeting_type,
        held_at=held_at,
        location=location.strip(),
        chair=chair,
        panel=panel,
        created_by=by,
    )
    _save(meeting, by=by)
    return meeting


def _open_case(child: Child) -> Case | None:
    return Case.objects.filter(child=child, status=CaseStatus.OPEN).first()


@transaction.atomic
def agenda_children_add(
    *, meeting: Meeting, by: StaffUser, children: Iterable[Child]
) -> list[AgendaChild]:
    """Put children on the agenda. Each must be a child the person adding them may record for,
    and one the chair may see (the chair leads the discussion about them).

    At a panel's meeting, the panel is listed as working with each child (access follows the
    work: the panel's members discuss the child, so they may open the child's record).
    """
    _require_meeting_access(by, meeting)
    _require_agenda_open(meeting)
    added: list[AgendaChild] = []
    already = set(meeting.agenda_children.values_list("child_id", flat=True))
    order = meeting.agenda_children.count()
    children = list(children)
    mine = can_record_many(by, children)
    chairs = can_record_many(meeting.chair, children)
    for child in children:
        if child.pk in already:
            continue
        if child.area_id != meeting.area_id:
            raise ValidationError({"children": "Choose children known to this partnership"})
        require(mine[child.pk])
        if not chairs[child.pk]:
            raise ValidationError(
                {
                    "children": f"The chair, {meeting.chair.display_name}, does not work with "
                    f"{child.full_name}: add them to the case team first, or choose another chair"
                }
            )
        order += 1
        item = AgendaChild(meeting=meeting, child=child, case=_open_case(child), order=order)
        _save(item, by=by)
        added.append(item)
        already.add(child.pk)
        if meeting.panel is not None:
            _list_at_panel(meeting=meeting, panel=meeting.panel, child=child, case=item.case)
    return added


def _list_at_panel(*, meeting: Meeting, panel: Panel, child: Child, case: Case | None) -> None:
    relationship_ensure(
        child=child,
        kind=RelationshipKind.PANEL,
        panel=panel,
        case=case,
        reason=f"Listed at meeting {meeting.pk} ({meeting.meeting_type.name})",
    )


@transaction.atomic
def agenda_place_add(
    *, meeting: Meeting, by: StaffUser, description: str, postcode: str = "", notes: str = ""
) -> AgendaPlace:
    """Put a place, space or peer group on the agenda (usually at a contextual panel)."""
    _require_meeting_access(by, meeting)
    _require_not_cancelled(meeting)
    postcode = " ".join(postcode.upper().split())
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter the place, space or group"
    if postcode and not POSTCODE.match(postcode):
        errors["postcode"] = "Enter a real postcode, like NB1 4XY, or leave it empty"
    if errors:
        raise ValidationError(errors)
    place = AgendaPlace(
        meeting=meeting,
        description=description.strip(),
        postcode=postcode,
        notes=notes.strip(),
        order=meeting.agenda_places.count() + 1,
    )
    _save(place, by=by)
    return place


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: StaffUser, reason: str, version: int | None) -> Meeting:
    """Cancel a meeting that did not go ahead. It stays on record with the reason."""
    _require_meeting_access(by, meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError("Only a planned meeting can be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason.strip()
    _save_versioned(meeting, by=by, version=version)
    return meeting


# --- Recording the meeting ---------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    by: StaffUser,
    agency: Agency,
    status: str,
    user: StaffUser | None = None,
    person_name: str = "",
    job_title: str = "",
) -> Attendance:
    """Record who came from an agency, or sent apologies. Staff with an account are chosen by
    account (which lets them open the meeting); anyone else is named."""
    _require_meeting_access(by, meeting)
    _require_started(meeting)
    errors: dict[str, str] = {}
    if agency.area_id != meeting.area_id:
        errors["agency"] = "Choose one of this partnership's agencies"
    if status not in AttendanceStatus.values:
        errors["status"] = "Choose whether they were present, sent apologies or were absent"
    if user is None and not person_name.strip():
        errors["person_name"] = "Enter the person's name, or choose their account"
    if user is not None:
        if user.agency_id != agency.pk:
            errors["user"] = f"{user.display_name} does not work for {agency.name}"
        elif meeting.attendances.filter(user=user).exists():
            errors["user"] = f"{user.display_name} is already recorded at this meeting"
    if errors:
        raise ValidationError(errors)
    attendance = Attendance(
        meeting=meeting,
        agency=agency,
        user=user,
        person_name="" if user is not None else person_name.strip(),
        job_title=job_title.strip(),
        status=status,
        recorded_by=by,
    )
    _save(attendance, by=by)
    return attendance


@transaction.atomic
def attendance_save(
    *,
    meeting: Meeting,
    by: StaffUser,
    statuses: dict[str, str],
    new: dict[str, Any] | None = None,
) -> int:
    """Record the whole attendance at once: for everyone ``selectors.attendance_rows`` lists,
    whether they were present, sent apologies or were absent (``statuses``, by row key), and
    optionally one more person (``new``: ``attendance_record``'s arguments). All of it is saved,
    or none of it. Errors name the form's fields: ``status_<key>`` and ``add_<argument>``.

    Returns how many people were added or changed. Nothing is deleted: a change of mind is a
    change of status, kept in the attendance's history.
    """
    from seemehearme.meetings.selectors import attendance_rows

    _require_meeting_access(by, meeting)
    _require_started(meeting)
    rows = attendance_rows(meeting=meeting)
    errors: dict[str, str] = {}
    for row in rows:
        if statuses.get(row.key) not in AttendanceStatus.values:
            errors[f"status_{row.key}"] = (
                f"Choose whether {row.name} was present, sent apologies or was absent"
            )
    changed = 0
    if not errors:
        for row in rows:
            status = statuses[row.key]
            if row.attendance is None:
                if row.user is None or row.user.agency is None:
                    continue
                attendance = Attendance(
                    meeting=meeting, agency=row.user.agency, user=row.user, recorded_by=by
                )
            elif row.attendance.status == status:
                continue
            else:
                attendance = row.attendance
            attendance.status = status
            _save(attendance, by=by)
            changed += 1
    if new is not None:
        try:
            with transaction.atomic():
                attendance_record(meeting=meeting, by=by, **new)
                changed += 1
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"add_{field}"] = messages[0]
    if errors:
        raise ValidationError(errors)
    return changed


def _require_child_recordable(by: StaffUser, agenda_child: AgendaChild) -> None:
    """Writing about one child on the agenda: the meeting's writer, who may record for them."""
    _require_writer(by, agenda_child.meeting)
    require(can_record(by, agenda_child.child))


@transaction.atomic
def agenda_child_participation_record(
    *,
    agenda_child: AgendaChild,
    by: StaffUser,
    version: int | None,
    child_participation: str,
    child_participation_note: str,
    family_participation: str,
    family_participation_note: str,
    discussion: str,
) -> AgendaChild:
    """Record how the child and their family took part and what was said about the child.

    Leaving a child (or their family) out of a meeting about them is a decision, so it needs a
    reason.
    """
    _require_child_recordable(by, agenda_child)
    _require_started(agenda_child.meeting)
    name = _child_name(agenda_child.child)
    errors: dict[str, str] = {}
    if child_participation not in Participation.values:
        errors["child_participation"] = f"Choose how {name} took part"
    elif child_participation == Participation.NOT_INVITED and not child_participation_note.strip():
        errors["child_participation_note"] = f"Enter why {name} was not invited"
    if family_participation not in Participation.values:
        errors["family_participation"] = f"Choose how {name}'s family took part"
    elif (
        family_participation == Participation.NOT_INVITED and not family_participation_note.strip()
    ):
        errors["family_participation_note"] = f"Enter why {name}'s family was not invited"
    if errors:
        raise ValidationError(errors)
    agenda_child.child_participation = child_participation
    agenda_child.child_participation_note = child_participation_note.strip()
    agenda_child.family_participation = family_participation
    agenda_child.family_participation_note = family_participation_note.strip()
    agenda_child.discussion = discussion.strip()
    _save_versioned(agenda_child, by=by, version=version)
    return agenda_child


def _case_for(agenda_child: AgendaChild) -> Case:
    """The open case that decisions and actions about this child belong to."""
    case = agenda_child_case(item=agenda_child)
    if case is None:
        name = _child_name(agenda_child.child)
        raise ValidationError(
            f"{name} has no open case. Decisions and actions are kept on the child's case: "
            "open one first."
        )
    if agenda_child.case_id != case.pk:
        # A link, not an edit: it must not bump the version someone's form is holding.
        AgendaChild.objects.filter(pk=agenda_child.pk).update(case=case)
        agenda_child.case = case
    return case


@transaction.atomic
def meeting_decision_record(
    *,
    agenda_child: AgendaChild,
    by: StaffUser,
    summary: str,
    child_took_part: bool | None,
    child_view: str = "",
    how_weighed: str = "",
    why_without_child: str = "",
    detail: str = "",
) -> MeetingDecision:
    """Record a decision the meeting made about a child, as a decision on the child's case,
    dated the day of the meeting.

    The case's decision service (``cases.casework.decision_record``) enforces the rules every
    decision follows: whether the child took part; if so what they think and how that was
    weighed; if not, why not.
    """
    from seemehearme.cases.casework import decision_record

    _require_child_recordable(by, agenda_child)
    meeting = agenda_child.meeting
    _require_started(meeting)
    decision = decision_record(
        case=_case_for(agenda_child),
        by=by,
        summary=summary,
        detail=detail,
        child_took_part=child_took_part,
        child_view=child_view,
        how_weighed=how_weighed,
        why_without_child=why_without_child,
        made_on=timezone.localdate(meeting.held_at),
    )
    link = MeetingDecision(meeting=meeting, agenda_child=agenda_child, decision=decision)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def meeting_action_add(
    *,
    agenda_child: AgendaChild,
    by: StaffUser,
    agency: Agency,
    owner: StaffUser,
    description: str,
    due_on: dt.date,
    disruption_tactic: DisruptionTactic | None = None,
    disruption_target: str = "",
) -> MeetingAction:
    """Agree an action for a child, with its agency, owner and due date, remembering the
    meeting it came from. It becomes an action on the child's protection plan; if the case has
    no plan yet it is kept on the case (shown on the case page) and offered into the plan when
    the plan is written, so nothing the meeting agreed is lost."""
    from seemehearme.plans.services import pending_action_add, plan_action_add

    _require_child_recordable(by, agenda_child)
    meeting = agenda_child.meeting
    _require_started(meeting)
    case = _case_for(agenda_child)
    plan = ProtectionPlan.objects.filter(case=case).first()
    # The plan's own rules check the owner, agency, due date and any disruption tactic.
    if plan is None:
        pending = pending_action_add(
            case=case,
            by=by,
            agency=agency,
            owner=owner,
            description=description,
            due_on=due_on,
            agreed_on=timezone.localdate(meeting.held_at),
            disruption_tactic=disruption_tactic,
            disruption_target=disruption_target,
        )
        link = MeetingAction(meeting=meeting, agenda_child=agenda_child, pending_action=pending)
    else:
        action = plan_action_add(
            plan=plan,
            by=by,
            agency=agency,
            owner=owner,
            description=description,
            due_on=due_on,
            disruption_tactic=disruption_tactic,
            disruption_target=disruption_target,
        )
        link = MeetingAction(meeting=meeting, agenda_child=agenda_child, plan_action=action)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def meeting_minutes_record(
    *,
    meeting: Meeting,
    by: StaffUser,
    version: int | None,
    minutes: str,
    change_reason: str = "",
) -> Meeting:
    """Write the general minutes and mark the meeting as held. Only the chair or a CSE
    coordinator writes them; every version is kept in the meeting's history with who changed
    it and when. What was said about each child is recorded with the child, so that only
    people who may see the child read it."""
    _require_writer(by, meeting)
    _require_started(meeting)
    if not minutes.strip():
        raise ValidationError({"minutes": "Enter the minutes of the meeting"})
    meeting.minutes = minutes.strip()
    meeting.status = MeetingStatus.HELD
    if change_reason:
        meeting._change_reason = change_reason  # type: ignore[attr-defined]  # simple-history
    _save_versioned(meeting, by=by, version=version)
    return meeting


@transaction.atomic
def minutes_suggest(*, meeting: Meeting, by: StaffUser, text: str) -> MinutesSuggestion:
    """Suggest wording for the general minutes. Anyone in a case role who may open the meeting
    may; the minutes do not change until the chair (or a CSE coordinator) uses it."""
    _require_meeting_access(by, meeting)
    _require_started(meeting)
    if not text.strip():
        raise ValidationError({"text": "Enter the wording you suggest for the minutes"})
    suggestion = MinutesSuggestion(meeting=meeting, text=text.strip(), suggested_by=by)
    _save(suggestion, by=by)
    return suggestion


@transaction.atomic
def minutes_suggestion_decide(
    *, suggestion: MinutesSuggestion, by: StaffUser, use: bool, version: int | None
) -> MinutesSuggestion:
    """The chair (or a CSE coordinator) uses suggested wording as the minutes, or sets it
    aside. Using it replaces the minutes (the earlier wording stays in their history, with
    whose suggestion replaced it); either way the suggestion is kept with the decision."""
    meeting = suggestion.meeting
    _require_writer(by, meeting)
    if suggestion.status != SuggestionStatus.WAITING:
        raise ValidationError("This suggestion has already been dealt with.")
    if use:
        meeting_minutes_record(
            meeting=meeting,
            by=by,
            version=version,
            minutes=suggestion.text,
            change_reason=f"Used the wording suggested by {suggestion.suggested_by.display_name}",
        )
    suggestion.status = SuggestionStatus.USED if use else SuggestionStatus.SET_ASIDE
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    _save(suggestion, by=by)
    return suggestion
