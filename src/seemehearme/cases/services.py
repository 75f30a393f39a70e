"""Writes for case work: referral, triage, opening a case, key workers and the case team.

Each service checks the access policy, runs in one transaction, and leaves history behind
(django-simple-history records who changed what). Nothing is deleted: relationships end,
key workers are replaced, referrals are triaged and cases are closed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser, Team
from seemehearme.cases.deadlines import add_working_days
from seemehearme.cases.models import (
    Case,
    CaseStatus,
    KeyWorkerAssignment,
    Referral,
    ReferralSource,
    RiskLevel,
    TriageDecision,
)
from seemehearme.notifications import notify
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.people.services import relationship_ensure
from seemehearme.sharing.policy import can_manage_case, can_triage, require


def _triage_team(child: Child) -> Team:
    team = child.area.triage_team
    if team is None:
        raise ValidationError(
            "This partnership has no triage team yet: an administrator must choose one."
        )
    return team


@transaction.atomic
def referral_create(
    *,
    child: Child,
    concerns: str,
    referred_by: StaffUser | None,
    source: str = ReferralSource.AGENCY,
    referrer_description: str = "",
    child_knows: bool | None = None,
    received_at: dt.datetime | None = None,
) -> Referral:
    """Refer a child to the partnership's triage team, due for triage within its timescale.

    The triage team gets a working relationship with the child (it holds the referral) so the
    coordinator can see the history, including earlier referrals of the same child.
    """
    if referred_by is not None and referred_by.agency is None:
        raise PermissionDenied("Your account is not linked to an agency.")
    received_at = received_at or timezone.now()
    team = _triage_team(child)
    referral = Referral(
        area=child.area,
        child=child,
        source=source,
        referring_agency=referred_by.agency if referred_by else None,
        referred_by=referred_by,
        referrer_description=referrer_description,
        received_at=received_at,
        concerns=concerns.strip(),
        child_knows=child_knows,
        holding_team=team,
        triage_due_at=add_working_days(received_at, child.area.triage_working_days),
    )
    referral.full_clean()
    referral.save()
    relationship_ensure(
        child=child,
        kind=RelationshipKind.REFERRAL_HOLDER,
        team=team,
        started_on=timezone.localdate(received_at),
        reason=f"Holds referral {referral.pk}",
    )
    return referral


def earlier_referrals(referral: Referral) -> list[Referral]:
    """The child's previous referrals, newest first: a re-referral is read with its history."""
    return list(
        Referral.objects.filter(child=referral.child, received_at__lt=referral.received_at)
        .select_related("referring_agency", "case")
        .order_by("-received_at")
    )


@transaction.atomic
def case_open(
    *,
    child: Child,
    by: StaffUser,
    risk_level: RiskLevel,
    risk_reason: str = "",
    opened_at: dt.datetime | None = None,
) -> Case:
    """Open an episode of concern. A child has at most one open case at a time."""
    require(can_manage_case(by, child))
    if Case.objects.filter(child=child, status=CaseStatus.OPEN).exists():
        raise ValidationError("This child already has an open case")
    opened_at = opened_at or timezone.now()
    case = Case(
        area=child.area,
        child=child,
        opened_by=by,
        opened_at=opened_at,
        risk_level=risk_level,
        risk_reason=risk_reason.strip(),
        next_review_due=timezone.localdate(opened_at)
        + dt.timedelta(days=child.area.review_interval_days),
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def referral_triage(
    *,
    referral: Referral,
    by: StaffUser,
    decision: str,
    reason: str,
    risk_level: RiskLevel | None = None,
) -> Referral:
    """Record the coordinator's triage decision and its reason; open or link the case. The
    referrer is emailed (once this commits) that there is a decision to see."""
    require(can_triage(by, holding_team_id=referral.holding_team_id))
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.awaiting_triage:
        raise ValidationError("This referral has already been triaged")
    if not reason.strip():
        raise ValidationError({"triage_reason": "Say why you made this decision"})
    open_case = Case.objects.filter(child=locked.child, status=CaseStatus.OPEN).first()
    if decision == TriageDecision.OPEN_CASE:
        if open_case is not None:
            raise ValidationError("The child already has an open case: add the referral to it")
        if risk_level is None:
            raise ValidationError({"risk_level": "Choose the risk level for the new case"})
        locked.case = case_open(child=locked.child, by=by, risk_level=risk_level)
    elif decision == TriageDecision.ADD_TO_OPEN_CASE:
        if open_case is None:
            raise ValidationError("The child has no open case to add this referral to")
        locked.case = open_case
    elif decision not in TriageDecision.values:
        raise ValidationError({"triage_decision": "Choose a triage decision"})
    locked.triage_decision = decision
    locked.triage_reason = reason.strip()
    locked.triaged_by = by
    locked.triaged_at = timezone.now()
    locked.full_clean()
    locked.save()
    notify.referral_decided(locked)
    return locked


@transaction.atomic
def case_team_add(
    *, case: Case, member: StaffUser, by: StaffUser, reason: str = ""
) -> WorkingRelationship:
    """Put a member of staff (of any agency in the partnership) on the case team."""
    require(can_manage_case(by, case.child))
    if not case.is_open:
        raise ValidationError("The case is closed")
    if member.agency is None or member.agency.area_id != case.area_id:
        raise ValidationError("Only staff of this partnership's agencies can join the case team")
    return relationship_ensure(
        child=case.child,
        case=case,
        kind=RelationshipKind.CASE_TEAM,
        user=member,
        reason=reason or f"Case team for case {case.pk}",
    )


@transaction.atomic
def case_team_remove(*, case: Case, member: StaffUser, by: StaffUser) -> None:
    """End a member's place on the case team (kept in the record, not deleted)."""
    require(can_manage_case(by, case.child))
    if not case.is_open:
        raise ValidationError("The case is closed")
    today = timezone.localdate()
    WorkingRelationship.objects.current().filter(
        case=case, kind=RelationshipKind.CASE_TEAM, user=member
    ).update(ended_on=today)


@transaction.atomic
def keyworker_assign(
    *,
    case: Case,
    worker: StaffUser,
    by: StaffUser,
    reason: str,
    child_told: bool,
    child_told_how: str = "",
) -> KeyWorkerAssignment:
    """Make ``worker`` the child's key worker, ending the previous one's time.

    Every change says why and whether (and how) the child was told; the count of key workers
    is part of the record, because the framework asks for the same person over time.
    """
    require(can_manage_case(by, case.child))
    if not case.is_open:
        raise ValidationError("The case is closed")
    if worker.agency is None or worker.agency.area_id != case.area_id:
        raise ValidationError("The key worker must work for one of this partnership's agencies")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this person is the key worker"})
    if child_told and not child_told_how.strip():
        raise ValidationError({"child_told_how": "Say how the child was told"})
    now = timezone.now()
    current = (
        KeyWorkerAssignment.objects.select_for_update()
        .filter(case=case, ended_at__isnull=True)
        .select_related("relationship")
        .first()
    )
    if current is not None:
        if current.user_id == worker.pk:
            raise ValidationError("This person is already the key worker")
        current.ended_at = now
        current.save(update_fields=["ended_at"])
        WorkingRelationship.objects.filter(pk=current.relationship_id).update(
            ended_on=timezone.localdate(now)
        )
    relationship = WorkingRelationship.objects.create(
        child=case.child,
        case=case,
        kind=RelationshipKind.KEY_WORKER,
        user=worker,
        started_on=timezone.localdate(now),
        reason=f"Key worker on case {case.pk}",
    )
    assignment = KeyWorkerAssignment(
        case=case,
        user=worker,
        relationship=relationship,
        started_at=now,
        reason=reason.strip(),
        child_told=child_told,
        child_told_how=child_told_how.strip(),
        assigned_by=by,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


def key_worker_count(case: Case) -> int:
    """How many key workers the child has had on this case."""
    return case.key_workers.values("user").distinct().count()
