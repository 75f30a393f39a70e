"""Pages: refer a child, the triage queue and triaging one referral.

Referring is a short run of POSTed steps (find the child, add them if needed, the concerns)
that carry what the referrer typed in hidden fields: a child's name never goes in a URL. The
referrer is shown nothing about a child they found, and gains no access by referring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.cases.forms_referrals import (
    ReferralChildForm,
    ReferralConcernsForm,
    ReferralFindForm,
    TriageForm,
)
from seemehearme.cases.models import Case, Referral, TriageDecision
from seemehearme.cases.referrals import (
    NewChildDetails,
    ReferralForTriage,
    can_record_community_concern,
    can_refer,
    can_see_triage_queue,
    referral_for_triage,
    referral_known_child,
    referral_make,
    referrals_made_by,
    triage_queue,
)
from seemehearme.cases.services import referral_triage
from seemehearme.concerns.selectors import concern_queue
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_triage, relationship_to_child
from seemehearme.web.requests import staff

SENT_SESSION_KEY = "referral_sent"
# The access log has no action for "shown in a worklist" yet; a queue row shows the child's
# name and date of birth, which is a view of the record's identifying details.
QUEUE_ACTION = AccessAction.LISTED


def _refused(
    request: HttpRequest, *, title: str, reason: str, about_triage: bool = True
) -> HttpResponse:
    return render(
        request,
        "cases/referrals/refused.html",
        {"title": title, "reason": reason, "about_triage": about_triage},
        status=403,
    )


def _case_url(case: Case | None) -> str | None:
    return reverse("cases:case", kwargs={"case_id": case.pk}) if case is not None else None


# --- Refer a child --------------------------------------------------------------------------


def _render_step(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"cases/referrals/{template}", context)


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    """Refer a child: find them by name and date of birth, add them if needed, then the
    concerns. Each step posts everything typed so far; nothing is stored until the end."""
    user = staff(request)
    allowed = can_refer(user)
    if not allowed or user.agency is None:
        return _refused(
            request, title="You cannot make referrals", reason=allowed.reason, about_triage=False
        )
    area = user.agency.area
    if request.method != "POST":
        return _render_step(request, "find.html", find=ReferralFindForm())

    step = request.POST.get("step", "find")
    find = ReferralFindForm(request.POST)
    if step == "change" or not find.is_valid():
        return _render_step(request, "find.html", find=find)
    typed = find.cleaned_data
    known = referral_known_child(
        area=area,
        given_name=typed["given_name"],
        family_name=typed["family_name"],
        date_of_birth=typed["date_of_birth"],
    )
    if known is not None and step == "find":
        _log_match(request, user=user, child=known)

    child_form: ReferralChildForm | None = None
    if known is None:
        posted = request.POST if step in {"child", "concerns"} else None
        child_form = ReferralChildForm(posted, area=area)
        if not child_form.is_bound or not child_form.is_valid():
            return _render_step(request, "child.html", find=find, child_form=child_form)

    community = can_record_community_concern(user)
    if step != "concerns":
        concerns = ReferralConcernsForm(community=community)
        return _render_step(
            request, "concerns.html", find=find, child_form=child_form, form=concerns
        )
    concerns = ReferralConcernsForm(request.POST, community=community)
    if concerns.is_valid():
        details = None
        if child_form is not None:
            details = NewChildDetails(
                gender=child_form.cleaned_data["gender"],
                postcode=child_form.cleaned_data["postcode"],
                school=child_form.cleaned_data["school"],
            )
        try:
            referral = referral_make(
                user=user,
                given_name=typed["given_name"],
                family_name=typed["family_name"],
                date_of_birth=typed["date_of_birth"],
                details=details,
                concerns=concerns.cleaned_data["concerns"],
                child_knows=concerns.child_knows_value,
                source=concerns.cleaned_data["source"],
                referrer_description=concerns.cleaned_data["referrer_description"],
            )
        except ValidationError as error:
            concerns.add_service_errors(error)
        except PermissionDenied as error:
            return _refused(
                request,
                title="You cannot make this referral",
                reason=str(error),
                about_triage=False,
            )
        else:
            request.session[SENT_SESSION_KEY] = {
                "reference": referral.pk,
                "due": referral.triage_due_at.isoformat(),
            }
            return redirect("cases:referral-sent")
    return _render_step(request, "concerns.html", find=find, child_form=child_form, form=concerns)


def _log_match(request: HttpRequest, *, user: StaffUser, child: Child) -> None:
    """The referrer learns only that a child with this name and date of birth is known, as a
    search with a date of birth would tell them; record it like a search result."""
    access_log_record(
        user=user,
        child=child,
        action=AccessAction.SEARCH_RESULT,
        decision=relationship_to_child(user, child),
        subject="Refer a child: name and date of birth matched, nothing shown",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )


def referral_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation: the reference and when the triage decision is due, nothing else."""
    sent = request.session.get(SENT_SESSION_KEY)
    if not sent:
        return redirect("cases:referral-new")
    return render(
        request,
        "cases/referrals/sent.html",
        {"reference": sent["reference"], "due": dt.datetime.fromisoformat(sent["due"])},
    )


def referrals_mine(request: HttpRequest) -> HttpResponse:
    """The referrals the user has made and what became of each, as a referrer is told it."""
    user = staff(request)
    allowed = can_refer(user)
    if not allowed:
        return _refused(
            request,
            title="You cannot make referrals",
            reason=allowed.reason,
            about_triage=False,
        )
    followed = referrals_made_by(user)
    access_log_record_many(
        user=user,
        shown=[
            (item.referral.child, item.decision, f"Referrals you have made: {item.referral.pk}")
            for item in followed
        ],
        action=QUEUE_ACTION,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(request, "cases/referrals/mine.html", {"followed": followed})


# --- Triage -----------------------------------------------------------------------------------


def referral_queue(request: HttpRequest) -> HttpResponse:
    """Referrals waiting for the triage team, oldest first, and those triaged recently."""
    user = staff(request)
    allowed = can_see_triage_queue(user)
    if not allowed:
        title = (
            "There is no triage queue"
            if allowed.basis == "no_triage_team"
            else "You cannot see the triage queue"
        )
        return _refused(request, title=title, reason=allowed.reason)
    assert user.agency is not None
    assert user.agency.area.triage_team_id is not None
    queue = triage_queue(user=user, team_id=user.agency.area.triage_team_id)
    access_log_record_many(
        user=user,
        shown=[
            (referral.child, decision, f"Triage queue: referral {referral.pk}")
            for referral, decision in queue.shown
        ],
        action=QUEUE_ACTION,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "cases/referrals/queue.html",
        {"queue": queue, "concern_queue": concern_queue(user=user)},
    )


def _referral_context(
    *, child: Child, access: Decision, referral: Referral, facts: ReferralForTriage
) -> dict[str, Any]:
    return {
        "child": child,
        "access": access,
        "referral": referral,
        "facts": facts,
        "earlier": [(earlier, _case_url(earlier.case)) for earlier in facts.earlier],
        "open_case_url": _case_url(facts.open_case),
        "case_url": _case_url(referral.case),
    }


@child_view(AccessAction.VIEW_RECORD, subject="Referral", via=Referral)
def referral_detail(
    request: HttpRequest, *, child: Child, access: Decision, referral: Referral
) -> HttpResponse:
    """A referral as anyone working with the child may read it, with its triage decision."""
    user = staff(request)
    context = _referral_context(
        child=child, access=access, referral=referral, facts=referral_for_triage(referral=referral)
    )
    context["may_triage"] = (
        referral.awaiting_triage
        and can_triage(user, holding_team_id=referral.holding_team_id).allowed
    )
    return render(request, "cases/referrals/detail.html", context)


@require_http_methods(["GET", "POST"])
@child_view(AccessAction.VIEW_RECORD, subject="Referral, for triage", via=Referral)
def referral_triage_page(
    request: HttpRequest, *, child: Child, access: Decision, referral: Referral
) -> HttpResponse:
    """One referral with the child's earlier referrals, and the triage decision."""
    user = staff(request)
    allowed = can_triage(user, holding_team_id=referral.holding_team_id)
    if not allowed:
        return _refused_triage(request, referral=referral, reason=allowed.reason)
    if not referral.awaiting_triage:
        return redirect("cases:referral", referral_id=referral.pk)
    facts = referral_for_triage(referral=referral)
    form = TriageForm(
        request.POST if request.method == "POST" else None,
        area=child.area,
        has_open_case=facts.open_case is not None,
    )
    if form.is_bound and form.is_valid():
        try:
            done = referral_triage(
                referral=referral,
                by=user,
                decision=form.cleaned_data["triage_decision"],
                reason=form.cleaned_data["triage_reason"],
                risk_level=form.cleaned_data.get("risk_level"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            return _refused_triage(request, referral=referral, reason=str(error))
        else:
            messages.success(
                request,
                f"Triage decision recorded: {TriageDecision(done.triage_decision).label}",
            )
            return redirect(_case_url(done.case) or reverse("cases:referrals"))
    context = _referral_context(child=child, access=access, referral=referral, facts=facts)
    return render(request, "cases/referrals/triage.html", {**context, "form": form})


def _refused_triage(request: HttpRequest, *, referral: Referral, reason: str) -> HttpResponse:
    """Someone who works with the child but is not on the triage team: say why, and point to
    the referral they may read. A refused POST is a 403; opening the page only explains (as
    on the case pages), since the gate has already allowed and logged the view."""
    return render(
        request,
        "cases/referrals/refused.html",
        {
            "title": "You cannot triage this referral",
            "reason": reason,
            "about_triage": True,
            "referral_url": reverse("cases:referral", kwargs={"referral_id": referral.pk}),
        },
        status=403 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("referrals/", referral_queue, name="referrals"),
    path("referrals/new", referral_new, name="referral-new"),
    path("referrals/sent", referral_sent, name="referral-sent"),
    path("referrals/mine", referrals_mine, name="referrals-mine"),
    path("referrals/<int:referral_id>/", referral_detail, name="referral"),
    path("referrals/<int:referral_id>/triage", referral_triage_page, name="referral-triage"),
]
