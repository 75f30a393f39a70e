"""The triage team's pages for one concern: read it, decide what happens, make it a referral,
and record getting back to the reporter. Every view is logged in the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.cases.referrals import NewChildDetails
from seemehearme.concerns.access import can_refer_concern, can_triage_concerns
from seemehearme.concerns.forms import (
    ContactForm,
    OutcomeForm,
    ReferChildForm,
    ReferConcernsForm,
    ReferFindForm,
)
from seemehearme.concerns.models import Concern, ConcernOutcome, ContactKind
from seemehearme.concerns.services import (
    concern_decide,
    concern_refer,
    referral_concerns_text,
    reporter_contact_record,
    thank_you_text,
)
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision
from seemehearme.web.requests import posted, staff


def _open(request: HttpRequest, reference: str, *, subject: str) -> tuple[Concern, Decision]:
    """The concern, if the user may see it; the view (or refusal) goes in the access log."""
    user = staff(request)
    # Refuse anyone outside the triage team before looking the reference up, so the answer
    # (403, not 404) says nothing about whether such a concern exists.
    at_all = can_triage_concerns(user)
    if not at_all:
        access_log_record(
            user=user,
            child=None,
            action=AccessAction.VIEW_RECORD,
            decision=at_all,
            subject=f"{subject}: concern {reference.upper()[:20]} from the public",
            purpose=SAFEGUARDING_PURPOSE,
            request=request,
        )
        raise PermissionDenied(at_all.reason)
    concern = get_object_or_404(
        Concern.objects.select_related("area", "decided_by", "referral", "duplicate_of"),
        reference=reference.upper(),
    )
    decision = can_triage_concerns(user, concern.area)
    access_log_record(
        user=user,
        child=concern.referral.child if concern.referral else None,
        action=AccessAction.VIEW_RECORD,
        decision=decision,
        subject=f"{subject}: concern {concern.reference} from the public",
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    if not decision:
        raise PermissionDenied(decision.reason)
    return concern, decision


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "cases/referrals/refused.html",
        {"title": "You cannot see this concern", "reason": reason, "about_triage": True},
        status=403,
    )


def _guarded(view: Any) -> Any:
    def wrapped(request: HttpRequest, reference: str) -> HttpResponse:
        try:
            return view(request, reference)
        except PermissionDenied as error:
            return _refused(request, str(error))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_guarded
def concern_detail(request: HttpRequest, reference: str) -> HttpResponse:
    concern, _ = _open(request, reference, subject="Concern")
    user = staff(request)
    return render(
        request,
        "concerns/concern.html",
        {
            "concern": concern,
            "contacts": list(concern.contacts.select_related("contacted_by")),
            "may_refer": bool(can_refer_concern(user, concern.area)),
        },
    )


@_guarded
@require_http_methods(["GET", "POST"])
def concern_outcome(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an outcome other than a referral, with the reason."""
    concern, _ = _open(request, reference, subject="Concern, recording its outcome")
    if not concern.awaiting_triage:
        return redirect("concerns:concern", reference=concern.reference)
    form = OutcomeForm(posted(request))
    if form.is_bound and form.is_valid():
        other = None
        if form.cleaned_data["outcome"] == ConcernOutcome.DUPLICATE:
            other = Concern.objects.filter(
                area=concern.area, reference=form.cleaned_data["duplicate_of"]
            ).first()
        try:
            done = concern_decide(
                concern=concern,
                by=staff(request),
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["outcome_reason"],
                duplicate_of=other,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Outcome recorded: {done.get_outcome_display()}")
            return redirect("concerns:concern", reference=done.reference)
    return render(request, "concerns/outcome.html", {"concern": concern, "form": form})


@_guarded
@require_http_methods(["GET", "POST"])
def concern_referral(request: HttpRequest, reference: str) -> HttpResponse:
    """Make the concern a community referral about a child: the child is found by name and
    date of birth (or added), as when staff refer, and nothing about a found child is shown."""
    concern, _ = _open(request, reference, subject="Concern, making a referral")
    user = staff(request)
    allowed = can_refer_concern(user, concern.area)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    if not concern.awaiting_triage:
        return redirect("concerns:concern", reference=concern.reference)
    data = posted(request)
    find = ReferFindForm(data)
    child_form = ReferChildForm(data, area=concern.area)
    concerns = ReferConcernsForm(data, initial={"concerns": referral_concerns_text(concern)})
    if data is not None and all(f.is_valid() for f in (find, child_form, concerns)):
        try:
            referral = concern_refer(
                concern=concern,
                by=user,
                given_name=find.cleaned_data["given_name"],
                family_name=find.cleaned_data["family_name"],
                date_of_birth=find.cleaned_data["date_of_birth"],
                details=NewChildDetails(
                    gender=child_form.cleaned_data["gender"],
                    postcode=child_form.cleaned_data["postcode"],
                    school=child_form.cleaned_data["school"],
                ),
                concerns=concerns.cleaned_data["concerns"],
                reason="Made a community referral about the child",
            )
        except ValidationError as error:
            concerns.add_service_errors(error)
        else:
            messages.success(
                request, "Referral made. It is in the triage queue as a community concern."
            )
            return redirect("cases:referral-triage", referral_id=referral.pk)
    return render(
        request,
        "concerns/referral.html",
        {
            "concern": concern,
            "find": find,
            "child_form": child_form,
            "form": concerns,
            "error_items": [
                item for each in (find, child_form, concerns) for item in each.error_summary()
            ]
            if data is not None
            else [],
        },
    )


@_guarded
@require_http_methods(["GET", "POST"])
def concern_contact(request: HttpRequest, reference: str) -> HttpResponse:
    """Record thanking the reporter or asking them more; optionally email them from here."""
    concern, _ = _open(request, reference, subject="Concern, contacting the reporter")
    if concern.is_anonymous:
        return redirect("concerns:concern", reference=concern.reference)
    has_email = bool(concern.contact_email)
    form = ContactForm(
        posted(request),
        has_email=has_email,
        initial={"kind": ContactKind.THANKED, "email_message": thank_you_text(concern)},
    )
    if form.is_bound and form.is_valid():
        try:
            contact = reporter_contact_record(
                concern=concern,
                by=staff(request),
                kind=form.cleaned_data["kind"],
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                email_message=form.cleaned_data.get("email_message", ""),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            sent = " and the email sent" if contact.emailed else ""
            messages.success(request, f"Contact recorded{sent}.")
            return redirect("concerns:concern", reference=concern.reference)
    return render(request, "concerns/contact.html", {"concern": concern, "form": form})
