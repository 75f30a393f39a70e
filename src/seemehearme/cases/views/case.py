"""Pages: the case (one episode of concern) and the work on it.

Every page goes through ``child_view(..., via=Case)``, which checks the relationship and logs
the visit. Writes then ask the policy again: ``can_record`` for the child's words, decisions,
reviews and the patterns of abuse, ``can_manage_case`` for the key worker, the case team, the
risk level and closure. A refused write explains why instead of showing the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.cases import casework
from seemehearme.cases.forms_case import (
    CaseTeamAddForm,
    CaseTeamRemoveForm,
    CloseForm,
    DecisionForm,
    KeyWorkerForm,
    PatternsForm,
    ReviewForm,
    RiskChangeForm,
    VersionedForm,
    VoiceEntryForm,
    seen_value,
)
from seemehearme.cases.models import Case
from seemehearme.cases.selectors import case_page, case_patterns, case_team_rows
from seemehearme.cases.services import case_team_add, case_team_remove, keyworker_assign
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_manage_case, can_record
from seemehearme.web.requests import posted, staff
from seemehearme.workforce.review import review_suggestions

CONFLICT = (
    "Someone else changed this case after you opened this page, so your changes have not been "
    "saved. Check the case page, then submit again if your changes are still needed."
)


PATTERNS_CHANGED = (
    "Someone else changed the patterns on this case after you opened this page, so your "
    "changes have not been saved. Check the patterns recorded now, then save again if your "
    "changes are still needed."
)


def _case_url(case: Case, section: str = "") -> str:
    url = reverse("cases:case", kwargs={"case_id": case.pk})
    return f"{url}#{section}" if section else url


def _may(user: StaffUser, case: Case, check: Callable[[StaffUser, Child], Decision]) -> Decision:
    """The policy's answer for a write on this case; nothing is added to a closed case."""
    decision = check(user, case.child)
    if decision.allowed and not case.is_open:
        return Decision(False, "case_closed", casework.CASE_CLOSED)
    return decision


def _refused(
    request: HttpRequest, *, case: Case, child: Child, what: str, decision: Decision
) -> HttpResponse:
    """Explain a refused write. A refused POST is a 403; opening the page just explains."""
    return render(
        request,
        "cases/case/refused.html",
        {"case": case, "child": child, "what": what, "decision": decision},
        status=403 if request.method == "POST" else 200,
    )


def _form_page(
    request: HttpRequest,
    *,
    template: str,
    case: Case,
    child: Child,
    form: Any,
    **extra: Any,
) -> HttpResponse:
    return render(request, template, {"case": case, "child": child, "form": form, **extra})


def _conflict(form: VersionedForm, case: Case) -> None:
    """Tell the person their save was refused, and let a deliberate resubmission through."""
    case.refresh_from_db()
    form.add_error(None, CONFLICT)
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
    data["version"] = str(case.version)
    form.data = data


# --- The case page ------------------------------------------------------------------------


@child_view(AccessAction.VIEW_RECORD, subject="Case page", via=Case)
def case_detail(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    page = case_page(user=user, case=case, access=access)
    access_log_record_many(
        user=user,
        shown=page.words.log_rows(child),
        action=AccessAction.VIEW_ITEM,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    links = {
        "plan": (
            reverse("plans:plan", kwargs={"protectionplan_id": page.plan.pk})
            if page.plan is not None
            else reverse("plans:plan-create", kwargs={"case_id": case.pk})
        ),
        "screenings": reverse("screening:child", kwargs={"child_id": child.pk}),
        "screen": reverse("screening:new", kwargs={"child_id": child.pk}) + f"?case={case.pk}",
        "child": reverse("people:child", kwargs={"child_id": child.pk}),
    }
    referrals = [
        (referral, reverse("cases:referral", kwargs={"referral_id": referral.pk}))
        for referral in page.referrals
    ]
    return render(
        request,
        "cases/case/detail.html",
        {"page": page, "case": case, "child": child, "links": links, "referrals": referrals},
    )


# --- What anyone working with the child records ---------------------------------------------


@child_view(AccessAction.VIEW_RECORD, subject="Add the child's words (form)", via=Case)
def voice_new(request: HttpRequest, *, child: Child, access: Decision, case: Case) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_record)
    if not allowed:
        return _refused(
            request, case=case, child=child, what="add the child's words", decision=allowed
        )
    form = VoiceEntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            casework.voice_entry_add(case=case, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The child's words have been added")
            return redirect(_case_url(case, "voice"))
    return _form_page(
        request, template="cases/case/voice_form.html", case=case, child=child, form=form
    )


@child_view(AccessAction.VIEW_RECORD, subject="Record a decision (form)", via=Case)
def decision_new(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_record)
    if not allowed:
        return _refused(request, case=case, child=child, what="record a decision", decision=allowed)
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            casework.decision_record(case=case, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The decision has been recorded")
            return redirect(_case_url(case, "decisions"))
    return _form_page(
        request, template="cases/case/decision_form.html", case=case, child=child, form=form
    )


@child_view(AccessAction.VIEW_RECORD, subject="Record a review (form)", via=Case)
def review_new(request: HttpRequest, *, child: Child, access: Decision, case: Case) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_record)
    if not allowed:
        return _refused(request, case=case, child=child, what="record a review", decision=allowed)
    form = ReviewForm(
        posted(request),
        case=case,
        suggestions=review_suggestions(case, timezone.localdate()),
        initial={"version": case.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            casework.review_record(
                case=case,
                by=user,
                held_on=data["held_on"],
                missing_episodes=data["missing_episodes"],
                school_attendance_percent=data["school_attendance_percent"],
                engagement=data["engagement"],
                risk_level_after=data["risk_level_after"],
                child_says_things_are=data["child_says_things_are"],
                child_words=data["child_words"],
                summary=data["summary"],
                next_review_due=data["next_review_due"],
                reflections=form.reflections(),
                version=data["version"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RecordModifiedError:
            _conflict(form, case)
        else:
            messages.success(request, "The review has been recorded")
            return redirect(_case_url(case, "reviews"))
    return _form_page(
        request, template="cases/case/review_form.html", case=case, child=child, form=form
    )


@child_view(AccessAction.VIEW_RECORD, subject="Patterns of abuse (form)", via=Case)
def patterns_change(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_record)
    if not allowed:
        return _refused(
            request, case=case, child=child, what="record patterns of abuse", decision=allowed
        )
    recorded = case_patterns(case)
    ids = [entry.pattern_id for entry in recorded]
    form = PatternsForm(
        posted(request), case=case, initial={"patterns": ids, "seen": seen_value(ids)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            casework.case_patterns_record(
                case=case,
                by=user,
                patterns=form.cleaned_data["patterns"],
                why=form.cleaned_data["why"],
                seen=form.seen_ids(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except casework.PatternsChangedError:
            form.add_error(None, PATTERNS_CHANGED)
            form.now_seen(ids)
        else:
            messages.success(request, "The patterns of abuse have been recorded")
            return redirect(_case_url(case, "patterns"))
    return _form_page(
        request,
        template="cases/case/patterns_form.html",
        case=case,
        child=child,
        form=form,
        recorded=recorded,
    )


# --- What the CSE coordinator or team manager decides ---------------------------------------


@child_view(AccessAction.VIEW_RECORD, subject="Change the key worker (form)", via=Case)
def key_worker_change(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_manage_case)
    if not allowed:
        return _refused(
            request, case=case, child=child, what="change the key worker", decision=allowed
        )
    form = KeyWorkerForm(posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = keyworker_assign(
                case=case,
                worker=data["worker"],
                by=user,
                reason=data["reason"],
                child_told=data["child_told"],
                child_told_how=data["child_told_how"] if data["child_told"] else "",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{assignment.user.display_name} is now the key worker")
            return redirect(_case_url(case, "key-worker"))
    current = case.key_workers.filter(ended_at__isnull=True).select_related("user").first()
    return _form_page(
        request,
        template="cases/case/key_worker_form.html",
        case=case,
        child=child,
        form=form,
        current=current,
    )


@child_view(AccessAction.VIEW_RECORD, subject="Case team (form)", via=Case)
def case_team(request: HttpRequest, *, child: Child, access: Decision, case: Case) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_manage_case)
    if not allowed:
        return _refused(
            request, case=case, child=child, what="change the case team", decision=allowed
        )
    data = posted(request)
    removing = data is not None and data.get("action") == "remove"
    add_form = CaseTeamAddForm(None if removing else data, case=case)
    remove_form = CaseTeamRemoveForm(data if removing else None, case=case)
    if removing and remove_form.is_valid():
        member = remove_form.cleaned_data["member"]
        case_team_remove(case=case, member=member, by=user)
        messages.success(request, f"{member.display_name} has left the case team")
        return redirect(reverse("cases:case-team", kwargs={"case_id": case.pk}))
    if data is not None and not removing and add_form.is_valid():
        member = add_form.cleaned_data["member"]
        try:
            case_team_add(case=case, member=member, by=user, reason=add_form.cleaned_data["reason"])
        except ValidationError as error:
            add_form.add_service_errors(error)
        else:
            messages.success(request, f"{member.display_name} has joined the case team")
            return redirect(reverse("cases:case-team", kwargs={"case_id": case.pk}))
    team, former_team = case_team_rows(case)
    return render(
        request,
        "cases/case/team_form.html",
        {
            "case": case,
            "child": child,
            "form": add_form,
            "remove_form": remove_form,
            "team": team,
            "former_team": former_team,
        },
    )


@child_view(AccessAction.VIEW_RECORD, subject="Change the risk level (form)", via=Case)
def risk_change(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_manage_case)
    if not allowed:
        return _refused(
            request, case=case, child=child, what="change the risk level", decision=allowed
        )
    form = RiskChangeForm(
        posted(request),
        case=case,
        initial={"version": case.version, "risk_level": case.risk_level_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            casework.case_risk_change(
                case=case,
                by=user,
                risk_level=form.cleaned_data["risk_level"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RecordModifiedError:
            _conflict(form, case)
        else:
            messages.success(request, f"The risk level is now {case.risk_level.name}")
            return redirect(_case_url(case, "risk"))
    return _form_page(
        request, template="cases/case/risk_form.html", case=case, child=child, form=form
    )


@child_view(AccessAction.VIEW_RECORD, subject="Close the case (form)", via=Case)
def case_close(request: HttpRequest, *, child: Child, access: Decision, case: Case) -> HttpResponse:
    user = staff(request)
    allowed = _may(user, case, can_manage_case)
    if not allowed:
        return _refused(request, case=case, child=child, what="close the case", decision=allowed)
    form = CloseForm(posted(request), initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            casework.case_close(
                case=case,
                by=user,
                reason=form.cleaned_data["reason"],
                summary=form.cleaned_data["summary"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RecordModifiedError:
            _conflict(form, case)
        else:
            messages.success(request, "The case has been closed")
            return redirect(_case_url(case))
    return _form_page(
        request, template="cases/case/close_form.html", case=case, child=child, form=form
    )


urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/", case_detail, name="case"),
    path("cases/<int:case_id>/voice/new", voice_new, name="case-voice-new"),
    path("cases/<int:case_id>/decisions/new", decision_new, name="case-decision-new"),
    path("cases/<int:case_id>/reviews/new", review_new, name="case-review-new"),
    path("cases/<int:case_id>/key-worker", key_worker_change, name="case-key-worker"),
    path("cases/<int:case_id>/team", case_team, name="case-team"),
    path("cases/<int:case_id>/risk", risk_change, name="case-risk"),
    path("cases/<int:case_id>/patterns", patterns_change, name="case-patterns"),
    path("cases/<int:case_id>/close", case_close, name="case-close"),
]
