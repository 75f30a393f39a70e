"""The board's pages: the dashboard, one indicator with the records behind it, the leadership
view and the targets. Each asks ``board.access``; the figures come from ``board.indicators``,
``board.dashboard`` and ``board.leadership``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from seemehearme.areas.models import StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.board import dashboard as board_dashboard
from seemehearme.board.access import board_area, can_see_board, can_set_targets, names_children
from seemehearme.board.forms import PeriodForm, TargetForm
from seemehearme.board.indicators import BY_CODE, INDICATORS, Indicator
from seemehearme.board.leadership import leadership_view
from seemehearme.board.models import IndicatorTarget
from seemehearme.board.services import drill_down, target_set
from seemehearme.intelligence.profile_views import CHART as TABLE_CHART
from seemehearme.sharing.policy import require


def _user(request: HttpRequest) -> StaffUser:
    return request.user  # type: ignore[return-value]


def _indicator(code: str) -> Indicator:
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404("There is no such indicator.")
    return indicator


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(can_see_board(user))
    area = board_area(user)
    form = PeriodForm(request.GET or None)
    period = form.period()
    return render(
        request,
        "board/dashboard.html",
        {
            "form": form,
            "period": period,
            "query": form.query(),
            "rows": board_dashboard.dashboard(area, period),
            "chart": board_dashboard.CHART,
            "can_set_targets": can_set_targets(user).allowed,
        },
    )


@require_GET
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    require(can_see_board(user))
    area = board_area(user)
    chosen = _indicator(code)
    form = PeriodForm(request.GET or None)
    period = form.period()
    target = IndicatorTarget.objects.filter(area=area, indicator=chosen.code).first()
    row = board_dashboard.indicator_row(
        chosen, area, period, target.target_percent if target else None
    )
    drill = drill_down(request, user, area, chosen, period) if chosen.drills_down else None
    return render(
        request,
        "board/indicator.html",
        {
            "form": form,
            "period": period,
            "query": form.query(),
            "row": row,
            "target": target,
            "drill": drill,
            "page_range": drill.page.paginator.get_elided_page_range(drill.page.number)
            if drill
            else [],
            "names_children": names_children(user),
            "chart": board_dashboard.CHART,
        },
    )


@require_GET
def leadership(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    decision = require(can_see_board(user))
    view = leadership_view(board_area(user))
    access_log_record(
        user=user,
        child=None,
        action=AccessAction.LISTED,
        decision=decision,
        subject="leadership view: counts only, no child named",
        request=request,
    )
    return render(
        request,
        "board/leadership.html",
        {
            "view": view,
            "tables": [table.shown(suppressed=False) for table in view.tables],
            "chart": TABLE_CHART,
        },
    )


@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(can_see_board(user))
    area = board_area(user)
    set_targets = {t.indicator: t for t in IndicatorTarget.objects.filter(area=area)}
    return render(
        request,
        "board/targets.html",
        {
            "rows": [(indicator, set_targets.get(indicator.code)) for indicator in INDICATORS],
            "can_set_targets": can_set_targets(user).allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    require(can_set_targets(user))
    area = board_area(user)
    chosen = _indicator(code)
    current = IndicatorTarget.objects.filter(area=area, indicator=chosen.code).first()
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            target_set(
                user,
                area,
                chosen,
                percent=form.cleaned_data["target_percent"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"Target for “{chosen.title}” saved.")
            return redirect(reverse("board:targets"))
    else:
        initial = {"target_percent": current.target_percent} if current else {}
        form = TargetForm(initial=initial)
    history = current.history.select_related("set_by").order_by("-history_date") if current else []
    return render(
        request,
        "board/target_form.html",
        {"form": form, "indicator": chosen, "current": current, "history": history},
    )
