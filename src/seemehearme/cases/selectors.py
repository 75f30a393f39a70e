"""Reads for the case page, filtered through the access policy where items belong to agencies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from seemehearme.areas.models import Agency, Role, StaffUser
from seemehearme.cases.models import (
    Case,
    CasePattern,
    CaseStatus,
    Decision,
    KeyWorkerAssignment,
    Referral,
    ReflectiveAnswer,
    ReflectiveQuestion,
    Review,
    RiskLevel,
    VoiceEntry,
    VoiceKind,
)
from seemehearme.cases.services import key_worker_count
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.people.selectors import CHILD_VOICE
from seemehearme.plans.models import PendingAction, ProtectionPlan
from seemehearme.plans.selectors import pending_actions
from seemehearme.sharing.models import SAFEGUARDING_PURPOSE, InformationCategory
from seemehearme.sharing.policy import (
    CASE_ROLES,
    SharingGrants,
    can_manage_case,
    can_record,
    item_decision,
    may_name_agency_involvement,
)
from seemehearme.sharing.policy import Decision as AccessDecision
from seemehearme.sharing.selectors import Withheld, withheld_counts

# Who can be a key worker: staff whose work is with children, not panel members who only
# discuss them.
KEY_WORKER_ROLES = frozenset({Role.PRACTITIONER, Role.CSE_COORDINATOR, Role.TEAM_MANAGER})

T = TypeVar("T")


def reflective_groups(items: Iterable[T]) -> list[tuple[str, list[T]]]:
    """Group questions (or answers, which have ``.question``) by the framework's three groups,
    in the framework's order: voice of the child, voice of the professional, protecting the
    child. (The database orders groups alphabetically, which would put protection first.)"""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        question = item if isinstance(item, ReflectiveQuestion) else item.question  # type: ignore[attr-defined]
        groups[question.group].append(item)
    return [
        (label, sorted(groups[value], key=_question_order))
        for value, label in ReflectiveQuestion.Group.choices
        if groups.get(value)
    ]


def _question_order(item: object) -> int:
    question = item if isinstance(item, ReflectiveQuestion) else item.question  # type: ignore[attr-defined]
    return int(question.order)


@dataclass(frozen=True)
class RiskChange:
    """One level the case has had, and why."""

    level: RiskLevel
    reason: str
    changed_at: dt.datetime
    changed_by: StaffUser | None


@dataclass
class ReviewRow:
    review: Review
    reflections: list[tuple[str, list[ReflectiveAnswer]]]


@dataclass
class ChildWords:
    """The child's own words as one user may see them: one list, wherever the child appears."""

    shown: list[VoiceEntry]
    withheld: list[Withheld]
    decisions: list[tuple[VoiceEntry, AccessDecision]]

    @property
    def latest(self) -> list[VoiceEntry]:
        """The newest entry of each kind (own words, wishes and feelings, what I want)."""
        latest: dict[str, VoiceEntry] = {}
        for entry in self.shown:  # newest first
            latest.setdefault(entry.kind, entry)
        return [latest[kind] for kind in VoiceKind.values if kind in latest]

    def log_rows(self, child: Child) -> list[tuple[Child, AccessDecision, str]]:
        """Each entry's decision for the access log, shown or withheld (never the words)."""
        return [
            (
                child,
                decision,
                f"Child's words {entry.pk} ({CHILD_VOICE}, {entry.source_agency.name})",
            )
            for entry, decision in self.decisions
        ]


def child_words(
    *,
    user: StaffUser,
    child: Child,
    access: AccessDecision,
    purpose: str = SAFEGUARDING_PURPOSE,
) -> ChildWords:
    """Everything recorded in the child's own words, newest first, through the access policy.

    The single reader of the child's words: the child's record and every case page show this
    list. Words another agency holds are shown only where an agreement shares the child's own
    words with the user's agency; the rest are counted, not shown. The caller writes
    ``log_rows`` to the access log.
    """
    assert user.agency is not None  # relationship_to_child refuses users without an agency
    grants = SharingGrants(user.agency, purpose, timezone.localdate())
    category = InformationCategory.objects.get(code=CHILD_VOICE)
    entries = (
        VoiceEntry.objects.filter(child=child)
        .select_related("source_agency", "recorded_by", "case")
        .order_by("-said_on", "-id")
    )
    decisions = [
        (
            entry,
            item_decision(
                access=access,
                viewer_agency=user.agency,
                source_agency=entry.source_agency,
                category=category,
                grants=grants,
            ),
        )
        for entry in entries
    ]
    return ChildWords(
        shown=[entry for entry, decision in decisions if decision.allowed],
        withheld=withheld_counts(
            (entry.source_agency, category, decision) for entry, decision in decisions
        ),
        decisions=decisions,
    )


@dataclass
class CasePage:
    """One case as one user may see it."""

    case: Case
    child: Child
    access: AccessDecision
    words: ChildWords
    risk_history: list[RiskChange]
    patterns: list[CasePattern]
    key_workers: list[KeyWorkerAssignment]
    key_worker_count: int
    team: list[tuple[Agency, list[WorkingRelationship]]]
    former_team: list[WorkingRelationship]
    unnamed_team: int  # members from agencies whose involvement is sensitive (not named)
    decisions: list[Decision]
    reviews: list[ReviewRow]
    referrals: list[Referral]
    plan: ProtectionPlan | None
    pending_actions: list[PendingAction]
    can_record: AccessDecision
    can_manage: AccessDecision

    @property
    def review_overdue(self) -> bool:
        return self.case.is_open and self.case.next_review_due < timezone.localdate()

    @property
    def key_worker(self) -> KeyWorkerAssignment | None:
        return next((a for a in self.key_workers if a.ended_at is None), None)


def case_risk_history(case: Case) -> list[RiskChange]:
    """Each risk level the case has had, oldest first, from the case's history: only the
    saves that changed the level or its reason."""
    levels = {level.pk: level for level in RiskLevel.objects.all()}
    changes: list[RiskChange] = []
    previous: tuple[int, str] | None = None
    for record in case.history.select_related("history_user").order_by(  # type: ignore[attr-defined]
        "history_date", "history_id"
    ):
        key = (record.risk_level_id, record.risk_reason)
        if key == previous:
            continue
        previous = key
        opening = not changes  # the level the case opened with, dated from its opening
        changes.append(
            RiskChange(
                level=levels[record.risk_level_id],
                reason=record.risk_reason,
                changed_at=case.opened_at if opening else record.history_date,
                changed_by=record.history_user or (case.opened_by if opening else None),
            )
        )
    return changes


def case_patterns(case: Case) -> list[CasePattern]:
    """The patterns of abuse recorded on the case now, in display order (retired ones too)."""
    return list(
        case.patterns.filter(removed_at__isnull=True)
        .select_related("pattern", "recorded_by")
        .order_by("pattern__order", "pattern__name")
    )


def case_team_rows(
    case: Case,
) -> tuple[list[tuple[Agency, list[WorkingRelationship]]], list[WorkingRelationship]]:
    """The case team today by agency (agencies by name), and who has left it (latest first)."""
    today = timezone.localdate()
    team: dict[Agency, list[WorkingRelationship]] = defaultdict(list)
    former: list[WorkingRelationship] = []
    for relationship in (
        WorkingRelationship.objects.filter(case=case, kind=RelationshipKind.CASE_TEAM)
        .select_related("user__agency", "user__team")
        .order_by("user__last_name", "user__first_name", "started_on")
    ):
        assert relationship.user is not None
        assert relationship.user.agency is not None
        if relationship.ended_on is None or relationship.ended_on > today:
            team[relationship.user.agency].append(relationship)
        else:
            former.append(relationship)
    return (
        sorted(team.items(), key=lambda row: row[0].name),
        sorted(former, key=lambda r: (r.ended_on or today, r.pk), reverse=True),
    )


def case_page(*, user: StaffUser, case: Case, access: AccessDecision) -> CasePage:
    """The case as ``user`` may see it, the child's own words first (see ``child_words``;
    the caller logs ``page.words.log_rows``)."""
    child = case.child

    whole_team, whole_former = case_team_rows(case)
    team = [
        (agency, members)
        for agency, members in whole_team
        if may_name_agency_involvement(agency, viewer=user)
    ]
    former = [
        r
        for r in whole_former
        if may_name_agency_involvement(r.user.agency if r.user else None, viewer=user)
    ]
    unnamed_team = sum(len(members) for _, members in whole_team) - sum(
        len(members) for _, members in team
    )

    try:
        plan: ProtectionPlan | None = case.plan  # type: ignore[attr-defined]
    except ProtectionPlan.DoesNotExist:
        plan = None

    reviews = [
        ReviewRow(review, reflective_groups(review.reflections.all()))
        for review in case.reviews.select_related(
            "risk_level_before", "risk_level_after", "recorded_by"
        ).prefetch_related(
            Prefetch("reflections", queryset=ReflectiveAnswer.objects.select_related("question"))
        )
    ]
    page = CasePage(
        case=case,
        child=child,
        access=access,
        words=child_words(user=user, child=child, access=access),
        risk_history=case_risk_history(case),
        patterns=case_patterns(case),
        key_workers=list(
            case.key_workers.select_related("user__agency", "assigned_by").order_by(
                "started_at", "id"
            )
        ),
        key_worker_count=key_worker_count(case),
        team=team,
        former_team=former,
        unnamed_team=unnamed_team,
        decisions=list(case.decisions.select_related("made_by", "source_agency")),
        reviews=reviews,
        referrals=list(case.referrals.select_related("referring_agency", "referred_by")),
        plan=plan,
        pending_actions=pending_actions(case_id=case.pk),
        can_record=can_record(user, child),
        can_manage=can_manage_case(user, child),
    )
    return page


def case_staff_choices(case: Case, *, roles: Iterable[str] = CASE_ROLES) -> QuerySet[StaffUser]:
    """Active staff of the partnership's agencies, by agency then name, for the key worker and
    case team forms."""
    return (
        StaffUser.objects.filter(is_active=True, agency__area_id=case.area_id, role__in=roles)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name", "username")
    )


def key_worker_choices(case: Case) -> QuerySet[StaffUser]:
    """Who may be this case's key worker, by agency then name, each with the number of open
    cases they are key worker for now (``open_key_worker_cases``), counted in the same query."""
    open_cases = (
        WorkingRelationship.objects.current()
        .filter(user=OuterRef("pk"), kind=RelationshipKind.KEY_WORKER, case__status=CaseStatus.OPEN)
        .order_by()
        .values("user")
        .annotate(n=Count("case", distinct=True))
        .values("n")[:1]
    )
    return case_staff_choices(case, roles=KEY_WORKER_ROLES).annotate(
        open_key_worker_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), 0)
    )


def case_team_current(case: Case) -> QuerySet[StaffUser]:
    """Staff on the case team today."""
    members = WorkingRelationship.objects.current().filter(
        case=case, kind=RelationshipKind.CASE_TEAM
    )
    return (
        StaffUser.objects.filter(pk__in=members.values("user_id"))
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
    )
