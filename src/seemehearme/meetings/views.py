"""Pages for multi-agency meetings.

A meeting concerns several children, so these pages do not use ``child_view``: ``meeting_view``
refuses anyone who may not open the meeting, and each page shows and logs only the children on
the agenda that its viewer may see (``meetings.access``). Pages about one child on the agenda
take the agenda entry from the query string or the form, and check and log that child.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from seemehearme.areas.models import Agency, Panel
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.cases.forms_case import DecisionForm
from seemehearme.meetings import selectors, services
from seemehearme.meetings.access import (
    agenda_child_get,
    agenda_child_open,
    agenda_log,
    can_write_record,
    meeting_view,
    refused,
    write_refused,
)
from seemehearme.meetings.forms import (
    ActionForm,
    AgendaChildrenForm,
    AgendaPlaceForm,
    AttendanceForm,
    CancelForm,
    MeetingPlanForm,
    MinutesForm,
    MinutesSuggestionForm,
    ParticipationForm,
    SuggestionDecisionForm,
)
from seemehearme.meetings.models import (
    AgendaChild,
    Meeting,
    MeetingStatus,
    MinutesSuggestion,
    Participation,
    SuggestionStatus,
)
from seemehearme.meetings.pdf import minutes_pdf
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import (
    Decision,
    can_do_case_work,
    can_manage_case,
)
from seemehearme.web.requests import staff

MEETING_PAGE = "Meeting"
MINUTES = "Meeting minutes"
MINUTES_PDF = "Meeting minutes (PDF)"
MINUTES_WRITE = "Meeting minutes: write"
PARTICIPATION = "Meeting: how the child took part"
DECISION = "Meeting: recording a decision"
ACTION = "Meeting: agreeing an action"


def _agencies(meeting: Meeting):  # type: ignore[no-untyped-def]
    return Agency.objects.filter(area_id=meeting.area_id, is_active=True).order_by("name")


# --- Lists and planning ---------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    lists = selectors.meetings_for_user(user=user)
    return render(
        request,
        "meetings/list.html",
        {"lists": lists, "can_plan": can_do_case_work(user).allowed},
    )


@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    allowed = can_do_case_work(user)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    assert user.agency is not None
    chairs = selectors.chair_choices(user=user)
    form = MeetingPlanForm(
        request.POST if request.method == "POST" else None,
        initial={"chair": selectors.chair_default(user=user, chairs=chairs)},
        chairs=chairs,
        panels=Panel.objects.filter(area_id=user.agency.area_id).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(
                by=user,
                meeting_type=form.cleaned_data["meeting_type"],
                held_at=form.held_at(),
                location=form.cleaned_data["location"],
                chair=form.cleaned_data["chair"],
                panel=form.cleaned_data["panel"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Meeting planned. Now add the children to discuss.")
            return redirect("meetings:children", meeting_id=meeting.pk)
    return render(request, "meetings/plan.html", {"form": form})


# --- The meeting ------------------------------------------------------------------------------


@meeting_view
def meeting_detail(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    user = staff(request)
    page = selectors.meeting_page(user=user, meeting=meeting)
    agenda_log(
        user=user,
        agenda=page.agenda,
        action=AccessAction.VIEW_RECORD,
        subject=MEETING_PAGE,
        request=request,
    )
    return render(request, "meetings/detail.html", {"page": page, "meeting": meeting})


@meeting_view
def meeting_minutes(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    user = staff(request)
    page = selectors.meeting_page(user=user, meeting=meeting)
    agenda_log(
        user=user,
        agenda=page.agenda,
        action=AccessAction.VIEW_RECORD,
        subject=MINUTES,
        request=request,
    )
    return render(
        request,
        "meetings/minutes.html",
        {"page": page, "meeting": meeting, "history": selectors.minutes_history(meeting=meeting)},
    )


@meeting_view
def meeting_minutes_pdf(
    request: HttpRequest, *, meeting: Meeting, access: Decision
) -> HttpResponse:
    if not meeting.minutes:
        # Nothing to export: a PDF of an empty template would look like lost minutes.
        raise Http404("No minutes have been written yet")
    user = staff(request)
    page = selectors.meeting_page(user=user, meeting=meeting)
    agenda_log(
        user=user,
        agenda=page.agenda,
        action=AccessAction.EXPORT,
        subject=MINUTES_PDF,
        request=request,
    )
    response = HttpResponse(minutes_pdf(page=page, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-minutes.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@meeting_view
@require_http_methods(["GET", "POST"])
def agenda_children_add(
    request: HttpRequest, *, meeting: Meeting, access: Decision
) -> HttpResponse:
    user = staff(request)
    if meeting.status != MeetingStatus.PLANNED:
        messages.info(request, "The agenda can only change before the meeting is held.")
        return redirect("meetings:meeting", meeting_id=meeting.pk)
    candidates = selectors.agenda_candidates(meeting=meeting, by=user)
    # Naming children to choose from is a view of each child's record: log every one shown.
    access_log_record_many(
        user=user,
        shown=[
            (child, decision, "Listed to choose a meeting's agenda")
            for child, decision in candidates
        ],
        action=AccessAction.VIEW_RECORD,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    form = AgendaChildrenForm(
        request.POST if request.method == "POST" else None,
        candidates=[child for child, _ in candidates],
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.agenda_children_add(
                meeting=meeting, by=user, children=form.cleaned_data["children"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{len(added)} {'child' if len(added) == 1 else 'children'} added."
            )
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/agenda_children.html",
        {"form": form, "meeting": meeting, "has_candidates": bool(candidates)},
    )


@meeting_view
@require_http_methods(["GET", "POST"])
def agenda_place_add(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    form = AgendaPlaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.agenda_place_add(
                meeting=meeting, by=staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{place.description} added to the agenda.")
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(request, "meetings/place.html", {"form": form, "meeting": meeting})


@meeting_view
@require_http_methods(["GET", "POST"])
def attendance_add(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    """The whole attendance in one form, saved in one transaction."""
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        rows=selectors.attendance_rows(meeting=meeting),
        agencies=_agencies(meeting),
        staff=selectors.staff_choices(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_save(
                meeting=meeting,
                by=staff(request),
                statuses=form.statuses(),
                new=form.new_attendee(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Attendance saved.")
            if "add_another" in request.POST:
                return redirect("meetings:attendance", meeting_id=meeting.pk)
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(request, "meetings/attendance.html", {"form": form, "meeting": meeting})


def _agenda_id(request: HttpRequest) -> str | None:
    # The form posts back to its own address, so the agenda entry is in the query string.
    return request.GET.get("agenda") or request.POST.get("agenda")


def _agenda_child(
    request: HttpRequest, meeting: Meeting, subject: str
) -> tuple[AgendaChild, Decision]:
    return agenda_child_open(
        request=request, meeting=meeting, agenda_child_id=_agenda_id(request), subject=subject
    )


def _refuse_non_writer(request: HttpRequest, meeting: Meeting, subject: str):  # type: ignore[no-untyped-def]
    """Refuse (403, in words, logged against the child) a page writing about one child on the
    agenda to anyone but the meeting's chair or a CSE coordinator."""
    allowed = can_write_record(staff(request), meeting)
    if allowed:
        return None
    item = agenda_child_get(meeting=meeting, agenda_child_id=_agenda_id(request))
    return write_refused(
        request, meeting=meeting, decision=allowed, subject=subject, child=item.child
    )


def _refuse_unrecordable(request: HttpRequest, access: Decision):  # type: ignore[no-untyped-def]
    """Refuse a page about a child the user may not record for (already logged)."""
    return None if access.allowed else refused(request, access)


@meeting_view
@require_http_methods(["GET", "POST"])
def participation_record(
    request: HttpRequest, *, meeting: Meeting, access: Decision
) -> HttpResponse:
    if (refusal := _refuse_non_writer(request, meeting, PARTICIPATION)) is not None:
        return refusal
    item, child_access = _agenda_child(request, meeting, PARTICIPATION)
    if (refusal := _refuse_unrecordable(request, child_access)) is not None:
        return refusal
    initial = {
        "child_participation": item.child_participation,
        "child_participation_note": item.child_participation_note,
        "family_participation": item.family_participation,
        "family_participation_note": item.family_participation_note,
        "discussion": item.discussion,
        "version": item.version,
    }
    form = ParticipationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_child_participation_record(
                agenda_child=item, by=staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Saved for {item.child.full_name}.")
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request, "meetings/participation.html", {"form": form, "meeting": meeting, "item": item}
    )


@meeting_view
@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    if (refusal := _refuse_non_writer(request, meeting, DECISION)) is not None:
        return refusal
    item, child_access = _agenda_child(request, meeting, DECISION)
    if (refusal := _refuse_unrecordable(request, child_access)) is not None:
        return refusal
    took_part = {
        Participation.ATTENDED: "yes",
        Participation.VIEWS_SHARED: "yes",
        Participation.NOT_INVITED: "no",
    }.get(item.child_participation)  # type: ignore[call-overload]
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        dated=False,
        initial={"child_took_part": took_part},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_decision_record(
                agenda_child=item, by=staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Decision recorded on {item.child.full_name}'s case.")
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/decision.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "case": selectors.agenda_child_case(item=item),
        },
    )


@meeting_view
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    if (refusal := _refuse_non_writer(request, meeting, ACTION)) is not None:
        return refusal
    item, child_access = _agenda_child(request, meeting, ACTION)
    if (refusal := _refuse_unrecordable(request, child_access)) is not None:
        return refusal
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        agencies=_agencies(meeting),
        staff=selectors.action_owner_choices(item=item),
    )
    case = selectors.agenda_child_case(item=item)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.meeting_action_add(
                agenda_child=item, by=staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if link.on_plan:
                messages.success(request, f"Action added to {item.child.full_name}'s plan.")
            else:
                messages.success(
                    request,
                    f"Action kept on {item.child.full_name}'s case until the protection plan "
                    "is written.",
                )
            if "add_another" in request.POST:
                return redirect(f"{request.path}?agenda={item.pk}")
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/action.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "case": case,
            "plan": selectors.agenda_child_plan(item=item),
            "can_start_plan": case is not None
            and bool(can_manage_case(staff(request), item.child)),
        },
    )


def _named_children(request: HttpRequest, meeting: Meeting, text: str) -> list[str]:
    """Children on the agenda whom general minutes (or suggested wording) name: the page
    warns, and saves only when the person confirms."""
    named = selectors.children_named_in(user=staff(request), meeting=meeting, text=text)
    return [child.full_name for child in named]


@meeting_view
@require_http_methods(["GET", "POST"])
def minutes_record(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    user = staff(request)
    allowed = can_write_record(user, meeting)
    if not allowed:
        return write_refused(request, meeting=meeting, decision=allowed, subject=MINUTES_WRITE)
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        initial={"minutes": meeting.minutes, "version": meeting.version},
    )
    named = _named_children(request, meeting, meeting.minutes)
    if request.method == "POST" and form.is_valid():
        named = _named_children(request, meeting, form.cleaned_data["minutes"])
        if not named or "names_checked" in request.POST:
            try:
                services.meeting_minutes_record(meeting=meeting, by=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Minutes saved and the meeting marked as held.")
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "form": form,
            "meeting": meeting,
            "named": named,
            "confirm_names": request.method == "POST" and bool(named),
            "suggestions": selectors.minutes_suggestions(meeting=meeting),
            "history": selectors.minutes_history(meeting=meeting),
        },
    )


@meeting_view
@require_http_methods(["GET", "POST"])
def minutes_suggest(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    """Anyone at the meeting who does not write its minutes suggests wording for them."""
    user = staff(request)
    if can_write_record(user, meeting):
        return redirect("meetings:minutes-write", meeting_id=meeting.pk)
    form = MinutesSuggestionForm(
        request.POST if request.method == "POST" else None, initial={"text": meeting.minutes}
    )
    named: list[str] = []
    if request.method == "POST" and form.is_valid():
        named = _named_children(request, meeting, form.cleaned_data["text"])
        if not named or "names_checked" in request.POST:
            try:
                services.minutes_suggest(meeting=meeting, by=user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    f"Your wording has been sent to the chair, {meeting.chair.display_name}.",
                )
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/minutes_suggest.html",
        {"form": form, "meeting": meeting, "named": named, "confirm_names": bool(named)},
    )


@meeting_view
@require_http_methods(["POST"])
def minutes_suggestion_decide(
    request: HttpRequest, *, meeting: Meeting, access: Decision
) -> HttpResponse:
    """The chair uses suggested wording as the minutes, or sets it aside."""
    user = staff(request)
    allowed = can_write_record(user, meeting)
    if not allowed:
        return write_refused(request, meeting=meeting, decision=allowed, subject=MINUTES_WRITE)
    form = SuggestionDecisionForm(
        request.POST,
        suggestions=MinutesSuggestion.objects.filter(
            meeting=meeting, status=SuggestionStatus.WAITING
        ),
    )
    if not form.is_valid():
        messages.error(request, "That suggestion has already been dealt with.")
        return redirect("meetings:minutes-write", meeting_id=meeting.pk)
    use = form.cleaned_data["use"]
    try:
        services.minutes_suggestion_decide(
            suggestion=form.cleaned_data["suggestion"],
            by=user,
            use=use,
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:minutes-write", meeting_id=meeting.pk)
    if use:
        messages.success(request, "The suggested wording is now the minutes.")
        return redirect("meetings:meeting", meeting_id=meeting.pk)
    messages.success(request, "The suggestion has been set aside. It stays on record.")
    return redirect("meetings:minutes-write", meeting_id=meeting.pk)


@meeting_view
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, *, meeting: Meeting, access: Decision) -> HttpResponse:
    if meeting.status != MeetingStatus.PLANNED:
        return redirect("meetings:meeting", meeting_id=meeting.pk)
    form = CancelForm(
        request.POST if request.method == "POST" else None, initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, by=staff(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Meeting cancelled.")
            return redirect("meetings:meeting", meeting_id=meeting.pk)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting})
