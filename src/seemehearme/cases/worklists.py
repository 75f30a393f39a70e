"""Worklists: what a member of staff has to do, and for team managers their team's caseloads.

Children appear only through the access policy: each child named is checked once with
``relationship_to_child`` (and a plan action, an agency-owned item, with ``item_decision``), and
the page logs each child it names. Which cases are "mine" follows the working relationships the
case-work services write against a case (key worker, case team). Counts (triage, caseloads) are
worked out in the database, never child by child, and name no one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from seemehearme.areas.models import Role, StaffUser
from seemehearme.cases.chronology import page_link
from seemehearme.cases.models import Case, CaseStatus, KeyWorkerAssignment, Referral
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.plans.models import ActionStatus, PlanAction
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, InformationCategory
from seemehearme.sharing.policy import (
    Decision,
    SharingGrants,
    can_triage,
    item_decision,
    relationship_to_child,
)

DUE_SOON_DAYS = 14  # actions and reviews due within this many days are listed as due
OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
PLAN_ACTION_CATEGORY = "social-care"  # the InformationCategory code of plan actions


@dataclass(frozen=True)
class CaseRow:
    case: Case
    access: Decision
    key_worker: bool
    review_overdue: bool
    link: str | None = None  # the case page


@dataclass(frozen=True)
class ActionRow:
    action: PlanAction
    child: Child
    decision: Decision
    overdue: bool
    link: str | None = None  # the plan the action belongs to


@dataclass(frozen=True)
class TriageSummary:
    awaiting: int
    overdue: int


@dataclass
class MyWork:
    """One member of staff's worklist, as the policy lets them see it."""

    today: dt.date
    cases: list[CaseRow] = field(default_factory=list)
    actions_overdue: list[ActionRow] = field(default_factory=list)
    actions_due: list[ActionRow] = field(default_factory=list)
    not_shown: int = 0  # cases or actions about children the user cannot see now
    triage: TriageSummary | None = None

    @property
    def reviews_due(self) -> list[CaseRow]:
        """Open cases where I am key worker with a review due within 14 days or overdue."""
        horizon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        return [row for row in self.cases if row.key_worker and row.case.next_review_due <= horizon]

    @property
    def reviews_overdue(self) -> list[CaseRow]:
        """Open cases where I am key worker and the review is overdue."""
        return [row for row in self.cases if row.key_worker and row.review_overdue]

    def children_shown(self, page: str = "My work") -> list[tuple[Child, Decision, str]]:
        """One (child, decision, what was shown) per child named on the page, for the log."""
        shown: dict[int, tuple[Child, Decision, list[str]]] = {}

        def note(child: Child, decision: Decision, what: str) -> None:
            shown.setdefault(child.pk, (child, decision, []))[2].append(what)

        for row in self.cases:
            note(row.case.child, row.access, f"case {row.case.pk}")
        for action in [*self.actions_overdue, *self.actions_due]:
            note(action.child, action.decision, f"plan action {action.action.pk}")
        return [
            (child, decision, f"{page}: {', '.join(whats)}")
            for child, decision, whats in shown.values()
        ]


def _current_on_case(user: StaffUser, on: dt.date, *kinds: str) -> QuerySet[WorkingRelationship]:
    return WorkingRelationship.objects.current(on).filter(
        user=user, case=OuterRef("pk"), kind__in=kinds
    )


def my_work(
    *, user: StaffUser, viewer: StaffUser | None = None, on: dt.date | None = None
) -> MyWork:
    """My open cases (key worker or case team), my actions due within 14 days or overdue, the
    reviews I owe as key worker, and, for triage coordinators, the referrals awaiting triage.

    ``viewer`` (default ``user``) is who reads the list: a team manager reading a worker's
    work sees only the children the policy lets the manager see; the rest are counted.
    """
    viewer = viewer or user
    today = on or timezone.localdate()
    work = MyWork(today=today)
    if user.agency is None or viewer.agency is None:
        return work
    decisions: dict[int, Decision] = {}

    def access_to(child: Child) -> Decision:
        if child.pk not in decisions:
            decisions[child.pk] = relationship_to_child(viewer, child, on=today)
        return decisions[child.pk]

    cases = (
        Case.objects.filter(status=CaseStatus.OPEN, area_id=user.agency.area_id)
        .filter(
            Exists(
                _current_on_case(
                    user, today, RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM
                )
            )
        )
        .annotate(
            i_am_key_worker=Exists(_current_on_case(user, today, RelationshipKind.KEY_WORKER))
        )
        .select_related("child", "risk_level")
        .order_by("next_review_due", "pk")
    )
    case_link = page_link("cases:case", "case_id")
    for case in cases:
        access = access_to(case.child)
        if not access.allowed:
            work.not_shown += 1
            continue
        work.cases.append(
            CaseRow(
                case=case,
                access=access,
                key_worker=case.i_am_key_worker,  # type: ignore[attr-defined]
                review_overdue=case.next_review_due < today,
                link=case_link(case.pk),
            )
        )

    actions = (
        PlanAction.objects.filter(
            owner=user,
            status__in=OPEN_ACTION_STATUSES,
            due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("agency", "plan__case__child")
        .order_by("due_on", "pk")
    )
    grants = SharingGrants(viewer.agency, SAFEGUARDING_PURPOSE, today)
    category = InformationCategory.objects.get(code=PLAN_ACTION_CATEGORY)
    plan_link = page_link("plans:plan", "protectionplan_id")
    for action in actions:
        child = action.plan.case.child
        decision = item_decision(
            access=access_to(child),
            viewer_agency=viewer.agency,
            source_agency=action.agency,
            category=category,
            grants=grants,
        )
        if not decision.allowed:
            work.not_shown += 1
            continue
        row = ActionRow(
            action=action,
            child=child,
            decision=decision,
            overdue=action.due_on < today,
            link=plan_link(action.plan_id),
        )
        (work.actions_overdue if row.overdue else work.actions_due).append(row)

    work.triage = triage_summary(user=user) if viewer == user else None
    return work


def triage_summary(*, user: StaffUser) -> TriageSummary | None:
    """How many referrals wait for my team's triage, and how many are past their deadline.

    Only for coordinators and team managers of the partnership's triage team. Counts only: no
    child is named, so nothing is logged.
    """
    if user.agency is None or user.team_id is None:
        return None
    if user.agency.area.triage_team_id != user.team_id:
        return None
    if not can_triage(user, holding_team_id=user.team_id):
        return None
    counts = Referral.objects.filter(
        holding_team_id=user.team_id, triaged_at__isnull=True
    ).aggregate(
        awaiting=Count("pk"), overdue=Count("pk", filter=Q(triage_due_at__lt=timezone.now()))
    )
    return TriageSummary(awaiting=counts["awaiting"], overdue=counts["overdue"])


# --- Team caseloads -----------------------------------------------------------------------


def can_see_team_caseloads(user: StaffUser) -> bool:
    """Team managers see their own team's caseloads (numbers only)."""
    return bool(user.is_active and user.role == Role.TEAM_MANAGER and user.team_id)


def team_member(*, manager: StaffUser, user_id: int) -> StaffUser | None:
    """A member of the manager's own team, or None: managers open only their team's work."""
    if not can_see_team_caseloads(manager) or manager.team_id is None:
        return None
    return (
        StaffUser.objects.select_related("agency")
        .filter(pk=user_id, team_id=manager.team_id)
        .first()
    )


@dataclass(frozen=True)
class Caseload:
    worker: StaffUser
    key_worker_cases: int
    case_team_cases: int
    overdue_actions: int
    overdue_reviews: int


def _count(queryset: QuerySet, group_by: str, counted: str = "pk") -> Coalesce:
    """A correlated count per worker, so several counts do not multiply each other's joins."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group_by)
            .annotate(n=Count(counted, distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def team_caseloads(*, manager: StaffUser, on: dt.date | None = None) -> list[Caseload]:
    """For each active member of the manager's team: open cases as key worker, open cases on
    the case team, overdue plan actions and overdue reviews (as key worker). One query."""
    if manager.team_id is None:
        return []
    today = on or timezone.localdate()
    open_work = WorkingRelationship.objects.current(today).filter(
        user=OuterRef("pk"), case__status=CaseStatus.OPEN
    )
    key_worker = open_work.filter(kind=RelationshipKind.KEY_WORKER)
    workers = (
        StaffUser.objects.filter(team_id=manager.team_id, is_active=True)
        .annotate(
            key_worker_cases=_count(key_worker, "user", "case"),
            case_team_cases=_count(
                open_work.filter(kind=RelationshipKind.CASE_TEAM), "user", "case"
            ),
            overdue_actions=_count(
                PlanAction.objects.filter(
                    owner=OuterRef("pk"), status__in=OPEN_ACTION_STATUSES, due_on__lt=today
                ),
                "owner",
            ),
            overdue_reviews=_count(
                key_worker.filter(case__next_review_due__lt=today), "user", "case"
            ),
        )
        .order_by("last_name", "first_name", "username")
    )
    return [
        Caseload(
            worker=worker,
            key_worker_cases=worker.key_worker_cases,  # type: ignore[attr-defined]
            case_team_cases=worker.case_team_cases,  # type: ignore[attr-defined]
            overdue_actions=worker.overdue_actions,  # type: ignore[attr-defined]
            overdue_reviews=worker.overdue_reviews,  # type: ignore[attr-defined]
        )
        for worker in workers
    ]


@dataclass(frozen=True)
class KeyWorkerConsistency:
    """How often children on the team's open cases have had to change key worker."""

    open_cases: int
    with_one: int
    with_two: int
    with_three_or_more: int

    @property
    def changed(self) -> int:
        return self.with_two + self.with_three_or_more


def key_worker_consistency(*, manager: StaffUser) -> KeyWorkerConsistency:
    """Open cases whose current key worker is in the manager's team, by the number of different
    key workers the child has had on the case (the framework asks for the same person). One
    query; numbers only."""
    if manager.team_id is None:
        return KeyWorkerConsistency(open_cases=0, with_one=0, with_two=0, with_three_or_more=0)
    led_by_team = KeyWorkerAssignment.objects.filter(
        ended_at__isnull=True, user__team_id=manager.team_id
    ).values("case_id")
    values = list(
        Case.objects.filter(status=CaseStatus.OPEN, pk__in=led_by_team)
        .annotate(workers=Count("key_workers__user", distinct=True))
        .values_list("workers", flat=True)
    )
    return KeyWorkerConsistency(
        open_cases=len(values),
        with_one=sum(1 for n in values if n == 1),
        with_two=sum(1 for n in values if n == 2),
        with_three_or_more=sum(1 for n in values if n >= 3),
    )
