"""Pages: my work (cases, actions, reviews, referrals awaiting triage) and a team manager's view
of their team's caseloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.views.decorators.http import require_GET

from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record_many
from seemehearme.cases.worklists import (
    DUE_SOON_DAYS,
    can_see_team_caseloads,
    key_worker_consistency,
    my_work,
    team_caseloads,
    team_member,
)
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE
from seemehearme.sharing.policy import can_do_case_work
from seemehearme.web.requests import staff

# A worklist names children as a search result does: name and a line about the work. The log
# has no action for lists yet, so it is recorded as this, with "My work: ..." as the subject.
WORKLIST_ACTION = AccessAction.LISTED


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _triage_queue_url() -> str | None:
    # The triage queue is its own page (cases/views/referrals.py); until it is there, the
    # counts still show without a link.
    return _url_or_none("cases:triage-queue") or _url_or_none("cases:referrals")


@require_GET
def my_work_page(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    allowed = can_do_case_work(user)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    work = my_work(user=user)
    access_log_record_many(
        user=user,
        shown=work.children_shown(),
        action=WORKLIST_ACTION,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "cases/worklists/my_work.html",
        {
            "work": work,
            "due_soon_days": DUE_SOON_DAYS,
            "triage_queue_url": _triage_queue_url() if work.triage else None,
            "team_page": can_see_team_caseloads(user),
        },
    )


@require_GET
def team_page(request: HttpRequest) -> HttpResponse:
    """Numbers only, never a child's name: nothing here is a view of a child's data."""
    user = staff(request)
    if not can_see_team_caseloads(user):
        raise PermissionDenied("Only team managers can see their team's caseloads.")
    caseloads = team_caseloads(manager=user)
    totals = {
        name: sum(getattr(row, name) for row in caseloads)
        for name in ("key_worker_cases", "case_team_cases", "overdue_actions", "overdue_reviews")
    }
    return render(
        request,
        "cases/worklists/team.html",
        {
            "team": user.team,
            "caseloads": caseloads,
            "totals": totals,
            "consistency": key_worker_consistency(manager=user),
        },
    )


@require_GET
def team_member_page(request: HttpRequest, user_id: int) -> HttpResponse:
    """A team manager opens one team member's cases and overdue work. The children named are
    those the access policy lets the manager see (the rest are counted) and are logged."""
    manager = staff(request)
    if not can_see_team_caseloads(manager):
        raise PermissionDenied("Only team managers can see their team's work.")
    worker = team_member(manager=manager, user_id=user_id)
    if worker is None:
        raise PermissionDenied("You can see the work of your own team only.")
    work = my_work(user=worker, viewer=manager)
    access_log_record_many(
        user=manager,
        shown=work.children_shown(f"Team work of {worker.username}"),
        action=WORKLIST_ACTION,
        purpose=SAFEGUARDING_PURPOSE,
        request=request,
    )
    return render(
        request,
        "cases/worklists/team_member.html",
        {"team": manager.team, "worker": worker, "work": work},
    )


urlpatterns: list[URLPattern] = [
    path("my-work", my_work_page, name="my-work"),
    path("my-work/team", team_page, name="my-work-team"),
    path("my-work/team/<int:user_id>", team_member_page, name="my-work-team-member"),
]
