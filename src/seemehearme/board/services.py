"""Setting targets, and the children behind a figure (named only where the reader works with
them, and logged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record, access_log_record_many
from seemehearme.board.access import can_see_board, can_set_targets, names_children
from seemehearme.board.indicators import Indicator
from seemehearme.board.models import IndicatorTarget
from seemehearme.board.periods import Period
from seemehearme.people.models import Child
from seemehearme.sharing.policy import relationships_to_children, require
from seemehearme.sharing.pseudonyms import pseudonyms

DRILL_PAGE_SIZE = 50


@transaction.atomic
def target_set(
    user: StaffUser, area: Area, indicator: Indicator, *, percent: int, reason: str
) -> IndicatorTarget:
    """Set (or change) the partnership's target for ``indicator``; the history keeps the old."""
    require(can_set_targets(user))
    target, created = IndicatorTarget.objects.select_for_update().get_or_create(
        area=area,
        indicator=indicator.code,
        defaults={"target_percent": percent, "reason": reason, "set_by": user},
    )
    if not created:
        target.target_percent = percent
        target.reason = reason
        target.set_by = user
        target.set_at = timezone.now()
        target.save()
    return target


@dataclass(frozen=True)
class DrillRow:
    child_id: int
    name: str  # the child's name, or empty when shown by pseudonym
    pseudonym: str
    day: Any
    counted: bool


@dataclass(frozen=True)
class Drill:
    page: Page[Any]
    rows: list[DrillRow]
    named: int
    pseudonymised: int


def drill_down(
    request: HttpRequest, user: StaffUser, area: Area, indicator: Indicator, period: Period
) -> Drill:
    """One page of the records behind ``indicator``'s figure for ``period``. A CSE
    coordinator or team manager sees by name the children they may see (one access-log entry
    per child named); every other child, and every child for anyone else, is a pseudonym, with
    one entry naming no child (ADR 0005)."""
    decision = require(can_see_board(user))
    page = Paginator(indicator.drill(area, period), DRILL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    records = list(page.object_list)
    children = Child.objects.in_bulk({record["about"] for record in records})
    codes = pseudonyms(area, children)
    allowed: dict[int, Any] = {}
    if names_children(user):
        allowed = {
            pk: access
            for pk, access in relationships_to_children(user, children.values()).items()
            if access.allowed
        }
    rows = [
        DrillRow(
            child_id=record["about"],
            name=_name(children[record["about"]]) if record["about"] in allowed else "",
            pseudonym=codes[record["about"]],
            day=record["day"],
            counted=bool(record["is_counted"]),
        )
        for record in records
    ]
    subject = f"board drill-down: {indicator.title}, {period.label}"
    if allowed:
        access_log_record_many(
            user=user,
            shown=[(children[pk], access, subject) for pk, access in allowed.items()],
            action=AccessAction.LISTED,
            request=request,
        )
    unnamed = len(children) - len(allowed)
    if unnamed or not children:
        access_log_record(
            user=user,
            child=None,
            action=AccessAction.LISTED,
            decision=decision,
            subject=f"{subject}: {unnamed} children as pseudonyms, none named",
            request=request,
        )
    return Drill(page=page, rows=rows, named=len(allowed), pseudonymised=unnamed)


def _name(child: Child) -> str:
    given = child.known_as or child.given_name
    return f"{given} {child.family_name}"
