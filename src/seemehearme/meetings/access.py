"""Who may open a meeting, and which of the children on its agenda they may see.

A meeting concerns several children, so its pages cannot go through ``child_view`` (which is
about one child). Instead a meeting page asks two questions:

1. **May this user open the meeting?** Only if they chair it, are recorded in its attendance
   (present or sent apologies: minutes go to both), or sit on the panel that holds it.
2. **Which children on the agenda may they see?** Each child is asked of the one access policy
   (``sharing.policy.relationship_to_child``), exactly as if the user opened that child's
   record. A child they may not see is counted, never named, and the refusal is logged too.

Every child shown (and every child withheld) is written to the access log, and so is a refusal
to open the meeting at all.

Writing the meeting's record (the general minutes, and each child's participation, decisions and
actions) is narrower: ``can_write_record`` allows the meeting's chair or a CSE coordinator who
may open it. Anyone else at the meeting may suggest wording for the minutes, which the chair uses
or sets aside. A refused write is logged (``write_refused``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from seemehearme.areas.models import Role, StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.meetings.models import AT_THE_MEETING, AgendaChild, Meeting
from seemehearme.people.models import Child
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import CASE_ROLES, Decision, can_record, relationship_to_child

MeetingView = Callable[..., HttpResponse]


def meeting_access(user: StaffUser, meeting: Meeting) -> Decision:
    """Whether ``user`` may open ``meeting`` at all (its children are decided one by one)."""
    if not user.is_active or not user.is_authenticated:
        return Decision(False, "inactive_user", "Your account is not active.")
    if user.agency is None or user.agency.area_id != meeting.area_id:
        return Decision(False, "other_area", "This meeting belongs to a different partnership.")
    if meeting.chair_id == user.pk:
        return Decision(True, "meeting_chair", "You chair this meeting.")
    if meeting.attendances.filter(user=user, status__in=AT_THE_MEETING).exists():
        return Decision(
            True, "meeting_attendance", "You are recorded in this meeting's attendance."
        )
    panel = meeting.panel
    if panel is not None and panel.members.filter(pk=user.pk).exists():
        return Decision(True, "meeting_panel", "You sit on the panel that holds this meeting.")
    return Decision(
        False,
        "not_at_meeting",
        "You do not chair this meeting, you are not recorded in its attendance, and you do not "
        "sit on the panel that holds it.",
    )


def can_write_record(user: StaffUser, meeting: Meeting) -> Decision:
    """Whether ``user`` may write the meeting's record: its general minutes, and how each child
    took part, the decisions and the actions. The minutes belong to the chair; a CSE coordinator
    who may open the meeting may also write them (to cover for a chair, or to correct them).
    Everyone else who may open the meeting suggests wording instead."""
    access = meeting_access(user, meeting)
    if not access.allowed:
        return access
    if meeting.chair_id == user.pk:
        return Decision(True, "meeting_chair", "You chair this meeting.")
    if user.role == Role.CSE_COORDINATOR:
        return Decision(
            True, "cse_coordinator", "CSE coordinators may write the record of meetings."
        )
    if user.role not in CASE_ROLES:
        return Decision(False, "role_without_case_access", "Your role does not record meetings.")
    return Decision(
        False,
        "not_meeting_chair",
        f"Only the chair, {meeting.chair.display_name}, or a CSE coordinator writes this "
        "meeting's minutes and records its decisions and actions. You can suggest wording for "
        "the minutes, and the chair decides whether to use it.",
    )


@dataclass(frozen=True)
class AgendaEntry:
    """One child on the agenda with the viewer's access to them."""

    item: AgendaChild
    access: Decision


@dataclass
class VisibleAgenda:
    """The agenda as one user may see it: children shown, and children only counted."""

    shown: list[AgendaEntry] = field(default_factory=list)
    withheld: list[AgendaEntry] = field(default_factory=list)

    @property
    def withheld_count(self) -> int:
        return len(self.withheld)

    @property
    def shown_ids(self) -> set[int]:
        return {entry.item.pk for entry in self.shown}


def agenda_for(*, user: StaffUser, meeting: Meeting) -> VisibleAgenda:
    """Split the meeting's children by the access policy, in agenda order."""
    agenda = VisibleAgenda()
    items = meeting.agenda_children.select_related("child", "child__area", "case")
    for item in items:
        decision = relationship_to_child(user, item.child)
        (agenda.shown if decision.allowed else agenda.withheld).append(AgendaEntry(item, decision))
    return agenda


def agenda_log(
    *,
    user: StaffUser,
    agenda: VisibleAgenda,
    action: AccessAction,
    subject: str,
    request: HttpRequest | None = None,
) -> int:
    """Log every child on the agenda: shown ones as allowed, withheld ones as refused."""
    rows = [(entry.item.child, entry.access, subject) for entry in agenda.shown]
    rows += [(entry.item.child, entry.access, f"{subject}: not shown") for entry in agenda.withheld]
    return access_log_record_many(
        user=user, shown=rows, action=action, purpose=SAFEGUARDING_PURPOSE, request=request
    )


def refused(request: HttpRequest, decision: Decision) -> HttpResponse:
    return render(request, "meetings/refused.html", {"access": decision}, status=403)


def meeting_refusal_log(*, request: HttpRequest, meeting: Meeting, decision: Decision) -> int:
    """Log a refusal to open a meeting: once for each child on its agenda (the meeting is about
    them, and the data protection lead looks a child up by name), or once without a child if
    the agenda is empty. Nothing about the children was shown."""
    subject = f"Meeting {meeting.pk}: not opened"
    children = [item.child for item in meeting.agenda_children.select_related("child")]
    user: StaffUser = request.user  # type: ignore[assignment]
    if not children:
        access_log_record(
            user=user,
            child=None,
            action=AccessAction.VIEW_RECORD,
            decision=decision,
            subject=subject,
            purpose=SAFEGUARDING_PURPOSE,
            request=request,
        )
        return 1
    return access_log_record_many(
        user=user,
        shown=[(child, decision, subject) for child in children],
        action=AccessAction.VIEW_RECORD,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )


def write_refused(
    request: HttpRequest,
    *,
    meeting: Meeting,
    decision: Decision,
    subject: str,
    child: Child | None = None,
) -> HttpResponse:
    """Refuse a write to the meeting's record in words (403), and log the refusal: against the
    child when the page is about one child on the agenda, otherwise with no child."""
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        child=child,
        action=AccessAction.VIEW_RECORD,
        decision=decision,
        subject=f"{subject}: refused",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "meetings/write_refused.html",
        {
            "access": decision,
            "meeting": meeting,
            "can_suggest": decision.basis == "not_meeting_chair"
            and getattr(request.user, "role", None) in CASE_ROLES,
        },
        status=403,
    )


def meeting_view(view: MeetingView) -> MeetingView:
    """Wrap a page about a meeting: load it from ``meeting_id``, refuse anyone who may not open
    it (with the reason, and logged: ``meeting_refusal_log``), and pass ``meeting`` and
    ``access`` on. The page itself must filter and log the agenda's children (``agenda_for``
    and ``agenda_log``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = get_object_or_404(
            Meeting.objects.select_related("area", "meeting_type", "chair__agency", "panel"),
            pk=kwargs.pop("meeting_id"),
        )
        access = meeting_access(request.user, meeting)  # type: ignore[arg-type]
        if not access.allowed:
            meeting_refusal_log(request=request, meeting=meeting, decision=access)
            return refused(request, access)
        return view(request, *args, meeting=meeting, access=access, **kwargs)

    wrapper.meeting_access_checked = True  # type: ignore[attr-defined]
    return wrapper


def agenda_child_get(*, meeting: Meeting, agenda_child_id: Any) -> AgendaChild:
    """One entry on the meeting's agenda (404 if it is not on this meeting's). Neither checks
    nor logs the child: ``agenda_child_open`` does, and ``write_refused`` logs a refusal."""
    try:
        pk = int(agenda_child_id)
    except (TypeError, ValueError):
        raise Http404("No such child on this agenda") from None
    return get_object_or_404(
        AgendaChild.objects.select_related("child", "child__area", "case", "meeting"),
        pk=pk,
        meeting=meeting,
    )


def agenda_child_open(
    *,
    request: HttpRequest,
    meeting: Meeting,
    agenda_child_id: Any,
    subject: str,
) -> tuple[AgendaChild, Decision]:
    """One child on the meeting's agenda, for a page that records about that child alone
    (their participation, a decision, an action). The decision is whether the user may record
    for the child (``can_record``: a relationship, not break-glass), logged once whether or
    not it allows; the page refuses when it does not."""
    item = agenda_child_get(meeting=meeting, agenda_child_id=agenda_child_id)
    user: StaffUser = request.user  # type: ignore[assignment]
    decision = can_record(user, item.child)
    access_log_record(
        user=user,
        child=item.child,
        action=AccessAction.VIEW_RECORD,
        decision=decision,
        subject=subject,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return item, decision
