"""Early-warning pages: the triage team's flags, one flag explained (with confirm and
dismiss), the rules in plain English (with the board's approval) and equality monitoring.

The flag page goes through ``child_view``, which checks and logs the access; every evidence
event shown or withheld on it is decided by the policy and logged as an item view.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.earlywarning.equality import equality_report
from seemehearme.earlywarning.forms import CONFIRM, DISMISS, ApproveForm, ConfirmForm, DismissForm
from seemehearme.earlywarning.models import Flag, FlagStatus, RuleSet, RuleSetStatus
from seemehearme.earlywarning.selectors import (
    flag_explanation,
    flag_list,
    rule_sets_for_area,
    rule_sets_retired,
)
from seemehearme.earlywarning.services import (
    can_approve_rules,
    can_see_equality,
    can_see_flags,
    flag_confirm,
    flag_dismiss,
    rule_set_approve,
    staff_area,
)
from seemehearme.people.models import Child
from seemehearme.sharing.access import child_view
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import Decision, can_review_flag
from seemehearme.web.requests import staff


def _refused(request: HttpRequest, *, title: str, reason: str) -> HttpResponse:
    return render(
        request, "earlywarning/refused.html", {"title": title, "reason": reason}, status=403
    )


def flags(request: HttpRequest) -> HttpResponse:
    """The triage team's open (or decided) flags, oldest open flag first."""
    user = staff(request)
    allowed = can_see_flags(user)
    area = staff_area(user)
    if not allowed or area is None:
        return _refused(request, title="You cannot see early-warning flags", reason=allowed.reason)
    status = "decided" if request.GET.get("status") == "decided" else "open"
    listing = flag_list(user=user, area=area, status=status, page_number=request.GET.get("page"))
    access_log_record_many(
        user=user,
        shown=listing.children_shown(),
        action=AccessAction.LISTED,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "earlywarning/flags.html",
        {
            "listing": listing,
            "page_obj": listing.page,
            "page_range": listing.page.paginator.get_elided_page_range(listing.page.number),
        },
    )


def _decide(
    request: HttpRequest, *, user: StaffUser, flag: Flag, confirm: ConfirmForm, dismiss: DismissForm
) -> HttpResponse | None:
    """Handle a posted decision; None means show the page again with the form's errors."""
    action = request.POST.get("action")
    try:
        if action == CONFIRM and confirm.is_valid():
            referral = flag_confirm(
                flag=flag, by=user, reason=confirm.cleaned_data["confirm_reason"]
            )
            messages.success(request, "Flag confirmed: the child has been referred for triage")
            return redirect("cases:referral", referral_id=referral.pk)
        if action == DISMISS and dismiss.is_valid():
            flag_dismiss(flag=flag, by=user, reason=dismiss.cleaned_data["dismiss_reason"])
            messages.success(request, "Flag dismissed")
            return redirect("earlywarning:flags")
    except ValidationError as error:
        (confirm if action == CONFIRM else dismiss).add_service_errors(error)
    except PermissionDenied as error:
        return _refused(request, title="You cannot decide this flag", reason=str(error))
    return None


@require_http_methods(["GET", "POST"])
def _flag_page(request: HttpRequest, *, child: Child, access: Decision, flag: Flag) -> HttpResponse:
    user = staff(request)
    review = can_review_flag(user, child)
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted else None
    confirm = ConfirmForm(posted if action == CONFIRM else None)
    dismiss = DismissForm(posted if action == DISMISS else None)
    if posted is not None:
        if not review:
            return _refused(request, title="You cannot decide this flag", reason=review.reason)
        done = _decide(request, user=user, flag=flag, confirm=confirm, dismiss=dismiss)
        if done is not None:
            return done
        flag = Flag.objects.select_related("child__area", "rule_set").get(pk=flag.pk)
    explanation = flag_explanation(user=user, flag=flag, access=access)
    access_log_record_many(
        user=user,
        shown=[
            (child, decision, f"Flag {flag.pk} evidence: event {event.pk}")
            for event, decision in explanation.decisions
        ],
        action=AccessAction.VIEW_ITEM,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "earlywarning/flag.html",
        {
            "child": child,
            "flag": flag,
            "view": explanation,
            "may_decide": review.allowed and flag.status == FlagStatus.OPEN,
            "confirm_form": confirm,
            "dismiss_form": dismiss,
            "form": confirm if action == CONFIRM else dismiss,  # for the error summary
            "CONFIRM": CONFIRM,
            "DISMISS": DISMISS,
        },
    )


flag_detail = child_view(AccessAction.VIEW_RECORD, subject="Early-warning flag", via=Flag)(
    _flag_page
)


def rules(request: HttpRequest) -> HttpResponse:
    """The rules in use and any drafts, as the board reads them; approve a draft."""
    user = staff(request)
    area = staff_area(user)
    if area is None:
        return _refused(
            request, title="You cannot see the rules", reason="Your account is not active."
        )
    approve = can_approve_rules(user, area)
    drafts = RuleSet.objects.filter(area=area, status=RuleSetStatus.DRAFT)
    form = ApproveForm(request.POST if request.method == "POST" else None, drafts=drafts)
    if request.method == "POST":
        if not approve:
            return _refused(request, title="You cannot approve rules", reason=approve.reason)
        if form.is_valid():
            try:
                approved = rule_set_approve(
                    rule_set=form.cleaned_data["rule_set"],
                    by=user,
                    reference=form.cleaned_data["approval_reference"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, f"Version {approved.version} approved: the next sweep uses it"
                )
                return redirect("earlywarning:rules")
    return render(
        request,
        "earlywarning/rules.html",
        {
            "rule_sets": rule_sets_for_area(area=area),
            "retired": rule_sets_retired(area=area),
            "may_approve": approve.allowed,
            "form": form,
            "posted_id": str(form.data.get("rule_set", "")) if form.is_bound else "",
        },
    )


def equality(request: HttpRequest) -> HttpResponse:
    """Who the rules flag, by gender, ethnicity, age and care status: aggregates only."""
    user = staff(request)
    allowed = can_see_equality(user)
    area = staff_area(user)
    if not allowed or area is None:
        return _refused(request, title="You cannot see equality monitoring", reason=allowed.reason)
    return render(request, "earlywarning/equality.html", {"report": equality_report(area=area)})
