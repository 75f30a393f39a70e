"""Action plan pages: the plans with their progress, starting a plan, a plan with its actions,
adding an action and updating one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.assurance import actionplans as ap
from seemehearme.assurance.access import (
    can_act_for_agency,
    can_edit_assurance,
    can_edit_plan,
    can_read_assurance,
    can_see_finding_text,
    can_update_action,
    user_area,
)
from seemehearme.assurance.forms import ActionForm, ActionUpdateForm, PlanForm
from seemehearme.assurance.models import Action, ActionPlan
from seemehearme.assurance.pages import in_area, reader
from seemehearme.assurance.recommendations import member_agencies
from seemehearme.sharing.policy import require


def _agencies_user_plans_for(user: StaffUser, area: Area) -> list[Agency]:
    """The agencies whose plans ``user`` may start: every one for the partnership's editors,
    otherwise their own if they manage there."""
    return [agency for agency in member_agencies(area) if can_act_for_agency(user, agency)]


@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    user, area = reader(request)
    items = ap.plans_of(area)
    progress = ap.plan_progress(items)
    return render(
        request,
        "assurance/plans.html",
        {
            "rows": [(plan, progress[plan.pk]) for plan in items],
            "can_start": bool(_agencies_user_plans_for(user, area)),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user, area = reader(request)
    agencies = _agencies_user_plans_for(user, area)
    if not agencies:
        require(can_edit_assurance(user))
    ids = [agency.pk for agency in agencies]
    form = PlanForm(request.POST or None, agencies=Agency.objects.filter(pk__in=ids))
    if not can_edit_assurance(user):
        form.fields["kind"].choices = [("agency", "Agency plan")]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            plan = ap.plan_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{plan.title} started.")
            return redirect("assurance:plan", plan_id=plan.pk)
    return render(request, "assurance/plan_create.html", {"form": form})


@require_GET
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(ActionPlan, area, pk=plan_id)
    actions = list(ap.actions_of(item))
    rows = [
        {
            "action": action,
            "state": ap.STATE_WORDS[ap.action_state(action)],
            "finding": ap.finding_words(action.finding, user) if action.finding else "",
            "can_update": can_update_action(user, action).allowed,
        }
        for action in actions
    ]
    return render(
        request,
        "assurance/plan.html",
        {
            "plan": item,
            "rows": rows,
            "progress": ap.progress_of(actions),
            "can_edit": can_edit_plan(user, item).allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    user, area = reader(request)
    item = in_area(ActionPlan, area, pk=plan_id)
    require(can_edit_plan(user, item))
    agencies = Agency.objects.filter(pk=item.agency_id) if item.agency_id else member_agencies(area)
    form = ActionForm(
        request.POST or None,
        area=area,
        agencies=agencies,
        show_finding_text=can_see_finding_text(user),
        initial={"agency": item.agency_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            ap.action_add(user=user, plan=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Action added.")
            return redirect("assurance:plan", plan_id=item.pk)
    return render(request, "assurance/action_add.html", {"form": form, "plan": item})


@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    # Not ``reader``: an action's owner may update it without reading the rest.
    user: StaffUser = request.user  # type: ignore[assignment]
    area = user_area(user)
    if area is None:
        raise PermissionDenied("Your account is not linked to an agency.")
    action = in_area(Action, area, "plan__area", pk=action_id)
    require(can_update_action(user, action))
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            ap.action_update(user=user, action=action, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Action updated.")
            if can_read_assurance(user):
                return redirect("assurance:plan", plan_id=action.plan_id)
            return redirect("assurance:action-update", action_id=action.pk)
    return render(
        request,
        "assurance/action_update.html",
        {
            "form": form,
            "action": action,
            "notes": action.notes.select_related("written_by"),
            "finding": ap.finding_words(action.finding, user) if action.finding else "",
            "can_read": can_read_assurance(user).allowed,
        },
    )
