"""Pages for the protection plan. Every one goes through ``child_view``, which checks the policy
and logs the visit; the writes check the policy again in ``plans.services``.

Someone who may read the plan but not make a change (break-glass access, or a practitioner
asked to change the aims) gets a page saying why instead of the form; a refused POST is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator

from seemehearme.audit.models import AccessAction
from seemehearme.cases.models import Case
from seemehearme.people.models import Child
from seemehearme.plans import services
from seemehearme.plans.forms import (
    ActionAddForm,
    ActionUpdateForm,
    CarryForm,
    PlanEditForm,
    PlanForm,
)
from seemehearme.plans.models import PendingAction, PlanAction, ProtectionPlan
from seemehearme.plans.selectors import (
    disruption_subject_choices,
    disruption_subjects_shown,
    pending_actions,
    plan_for_case,
    plan_history,
    plan_page,
    plan_team,
)
from seemehearme.sharing.access import child_view
from seemehearme.sharing.policy import Decision, can_manage_case, can_record
from seemehearme.web.requests import staff


def _cannot(request: HttpRequest, decision: Decision, *, child: Child, back: str) -> HttpResponse:
    """Say why the change cannot be made. Reading the page is not refused; sending it is."""
    status = 403 if request.method == "POST" else 200
    return render(
        request,
        "plans/cannot_change.html",
        {"reason": decision.reason, "child": child, "back": back},
        status=status,
    )


def _plan_url(plan: ProtectionPlan) -> str:
    return reverse("plans:plan", kwargs={"protectionplan_id": plan.pk})


def _with_version(request: HttpRequest, version: int) -> Any:
    """The submitted answers with the version now saved, so after reading the other person's
    change the user can send theirs again on purpose."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


@child_view(AccessAction.VIEW_RECORD, subject="Protection plan: start the plan", via=Case)
def plan_create(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    existing = plan_for_case(case_id=case.pk)
    if existing is not None:
        return redirect("plans:plan", protectionplan_id=existing.pk)
    user = staff(request)
    allowed = can_manage_case(user, child)
    if not allowed:
        return _cannot(request, allowed, child=child, back="")
    posted = request.POST if request.method == "POST" else None
    form = PlanForm(posted, initial={"review_due": case.next_review_due})
    pending = pending_actions(case_id=case.pk)
    carry = CarryForm(posted, pending=pending)
    if request.method == "POST" and form.is_valid() and carry.is_valid():
        try:
            with transaction.atomic():
                plan = services.plan_create(
                    case=case,
                    by=user,
                    aims=form.cleaned_data["aims"],
                    review_due=form.cleaned_data["review_due"],
                )
                refused = services.pending_actions_carry(
                    plan=plan, by=user, pending=carry.cleaned_data["carry"]
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The protection plan has been started.")
            _carried_messages(request, carry.cleaned_data["carry"], refused)
            return redirect("plans:plan", protectionplan_id=plan.pk)
    return render(
        request,
        "plans/plan_create.html",
        {"form": form, "carry": carry, "pending": pending, "child": child, "case": case},
    )


def _carried_messages(
    request: HttpRequest, chosen: Any, refused: list[tuple[PendingAction, str]]
) -> None:
    carried = len(chosen) - len(refused)
    if carried:
        messages.success(
            request,
            f"{carried} {'action' if carried == 1 else 'actions'} agreed before the plan "
            f"{'is' if carried == 1 else 'are'} now on it.",
        )
    for item, reason in refused:
        messages.warning(
            request,
            f"Not added to the plan: {Truncator(item.description).chars(60)} {reason} "
            "It stays on the case.",
        )


@child_view(AccessAction.VIEW_RECORD, subject="Protection plan: actions agreed before it", via=Case)
def pending_carry(
    request: HttpRequest, *, child: Child, access: Decision, case: Case
) -> HttpResponse:
    """Put actions agreed before the plan (kept on the case) into the plan."""
    plan = plan_for_case(case_id=case.pk)
    if plan is None:
        return redirect("plans:plan-create", case_id=case.pk)
    user = staff(request)
    allowed = can_record(user, child)
    if not allowed:
        return _cannot(request, allowed, child=child, back=_plan_url(plan))
    pending = pending_actions(case_id=case.pk)
    carry = CarryForm(request.POST if request.method == "POST" else None, pending=pending)
    if request.method == "POST" and carry.is_valid():
        with transaction.atomic():
            refused = services.pending_actions_carry(
                plan=plan, by=user, pending=carry.cleaned_data["carry"]
            )
        _carried_messages(request, carry.cleaned_data["carry"], refused)
        return redirect("plans:plan", protectionplan_id=plan.pk)
    return render(
        request,
        "plans/pending_carry.html",
        {"carry": carry, "pending": pending, "plan": plan, "child": child, "case": case},
    )


@child_view(AccessAction.VIEW_RECORD, subject="Protection plan", via=ProtectionPlan)
def plan_detail(
    request: HttpRequest, *, child: Child, access: Decision, protectionplan: ProtectionPlan
) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "page": plan_page(plan=protectionplan, viewer=user),
            "plan": protectionplan,
            "child": child,
            "access": access,
            "can_record": bool(can_record(user, child)),
            "can_manage": bool(can_manage_case(user, child)),
        },
    )


@child_view(
    AccessAction.VIEW_RECORD, subject="Protection plan: aims and review date", via=ProtectionPlan
)
def plan_edit(
    request: HttpRequest, *, child: Child, access: Decision, protectionplan: ProtectionPlan
) -> HttpResponse:
    plan = protectionplan
    user = staff(request)
    allowed = can_manage_case(user, child)
    if not allowed:
        return _cannot(request, allowed, child=child, back=_plan_url(plan))
    if request.method != "POST":
        form = PlanEditForm(
            initial={"aims": plan.aims, "review_due": plan.review_due, "version": plan.version}
        )
        return render(request, "plans/plan_edit.html", {"form": form, "plan": plan, "child": child})
    form = PlanEditForm(request.POST)
    current = changed_by = None
    if form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                by=user,
                aims=form.cleaned_data["aims"],
                review_due=form.cleaned_data["review_due"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if services.PLAN_CONFLICT in error.messages:
                current = ProtectionPlan.objects.get(pk=plan.pk)
                changed_by = current.history.select_related("history_user").first()
                form = PlanEditForm(_with_version(request, current.version))
                form.is_valid()
            form.add_service_errors(error)
        else:
            messages.success(request, "The plan's aims and review date have been saved.")
            return redirect("plans:plan", protectionplan_id=plan.pk)
    return render(
        request,
        "plans/plan_edit.html",
        {"form": form, "plan": plan, "child": child, "current": current, "changed_by": changed_by},
    )


@child_view(AccessAction.VIEW_RECORD, subject="Protection plan: add an action", via=ProtectionPlan)
def action_add(
    request: HttpRequest, *, child: Child, access: Decision, protectionplan: ProtectionPlan
) -> HttpResponse:
    plan = protectionplan
    user = staff(request)
    allowed = can_record(user, child)
    if not allowed:
        return _cannot(request, allowed, child=child, back=_plan_url(plan))
    team = plan_team(plan=plan)
    form = ActionAddForm(
        request.POST if request.method == "POST" else None,
        team=team,
        subjects=disruption_subject_choices(user),
        area=plan.case.area,
    )
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        try:
            if owner.agency is None:
                raise ValidationError({"owner": "This person is not linked to an agency"})
            action = services.plan_action_add(
                plan=plan,
                by=user,
                agency=owner.agency,
                owner=owner,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
                disruption_tactic=form.cleaned_data["disruption_tactic"],
                disruption_target=form.cleaned_data["disruption_target"],
                disruption_subjects=form.cleaned_data.get("disruption_subjects", []),
                cites_finding=form.cleaned_data["cites_finding"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Action added: {Truncator(action.description).chars(80)}")
            return redirect("plans:plan", protectionplan_id=plan.pk)
    return render(
        request,
        "plans/action_add.html",
        {"form": form, "plan": plan, "child": child, "team_size": team.count()},
    )


@child_view(AccessAction.VIEW_RECORD, subject="Protection plan: update an action", via=PlanAction)
def action_update(
    request: HttpRequest, *, child: Child, access: Decision, planaction: PlanAction
) -> HttpResponse:
    action = planaction
    plan = action.plan
    user = staff(request)
    allowed = can_record(user, child)
    if not allowed:
        return _cannot(request, allowed, child=child, back=_plan_url(plan))
    context: dict[str, Any] = {
        "action": action,
        "plan": plan,
        "child": child,
        "subjects": disruption_subjects_shown(action, user),
    }
    if request.method != "POST":
        context["form"] = ActionUpdateForm(
            initial={
                "status": action.status,
                "status_note": action.status_note,
                "due_on": action.due_on,
                "version": action.version,
            }
        )
        return render(request, "plans/action_update.html", context)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.plan_action_update(
                action=action,
                by=user,
                status=form.cleaned_data["status"],
                status_note=form.cleaned_data["status_note"],
                due_on=form.cleaned_data["due_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if services.ACTION_CONFLICT in error.messages:
                current = PlanAction.objects.select_related("owner").get(pk=action.pk)
                context["current"] = current
                context["changed_by"] = current.history.select_related("history_user").first()
                form = ActionUpdateForm(_with_version(request, current.version))
                form.is_valid()
            form.add_service_errors(error)
        else:
            messages.success(request, f"Action updated: {Truncator(action.description).chars(80)}")
            return redirect("plans:plan", protectionplan_id=plan.pk)
    context["form"] = form
    return render(request, "plans/action_update.html", context)


@child_view(AccessAction.VIEW_HISTORY, subject="Protection plan: history", via=ProtectionPlan)
def plan_history_page(
    request: HttpRequest, *, child: Child, access: Decision, protectionplan: ProtectionPlan
) -> HttpResponse:
    return render(
        request,
        "plans/plan_history.html",
        {
            "plan": protectionplan,
            "child": child,
            "entries": plan_history(plan=protectionplan),
        },
    )
