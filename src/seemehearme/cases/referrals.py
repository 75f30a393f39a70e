"""Referral and triage beyond the core services: who may refer, finding the child without
showing the referrer anything, and what the triage team sees.

A referrer usually has no working relationship with the child, so referring must not become a
way to browse the partnership's children: the referrer types a name and date of birth, and the
child is found (or created) without anything about them being shown back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Area, Role, StaffUser
from seemehearme.cases.models import (
    Case,
    CaseStatus,
    KeyWorkerAssignment,
    Referral,
    ReferralSource,
    RiskLevel,
    TriageDecision,
)
from seemehearme.cases.services import earlier_referrals, referral_create
from seemehearme.dates import date_and_time
from seemehearme.people.models import Child, Ethnicity
from seemehearme.sharing.policy import (
    CASE_ROLES,
    Decision,
    can_follow_referral,
    can_triage,
    relationship_to_child,
)

RECENTLY_TRIAGED_DAYS = 14

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


# --- Who may refer ----------------------------------------------------------------------------


def can_refer(user: StaffUser) -> Decision:
    """May ``user`` refer a child? Anyone in a case role of an agency in a partnership."""
    if not user.is_active or user.role not in CASE_ROLES:
        return Decision(
            False,
            "role_without_case_access",
            "Referrals are made by staff who work with children; your role does not make them.",
        )
    if user.agency is None:
        return Decision(False, "no_agency", "Your account is not linked to an agency.")
    return Decision(True, "case_role", "Anyone who works with children can refer a child.")


def can_see_triage_queue(user: StaffUser) -> Decision:
    """May ``user`` see the partnership's triage queue: a manager in its triage team."""
    area = user.agency.area if user.agency else None
    if area is None or area.triage_team_id is None:
        return Decision(
            False,
            "no_triage_team",
            "This partnership has no triage team yet: an administrator must choose one.",
        )
    return can_triage(user, holding_team_id=area.triage_team_id)


def can_record_community_concern(user: StaffUser) -> bool:
    """A CSE coordinator may record a concern raised by someone in the community."""
    return user.role == Role.CSE_COORDINATOR


# --- Finding the child ------------------------------------------------------------------------


def normalise_postcode(postcode: str) -> str:
    """Upper case with one space before the inward code ('zz11aa' -> 'ZZ1 1AA')."""
    compact = re.sub(r"\s+", "", postcode).upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def _name(value: str) -> str:
    return " ".join(value.split())


def referral_child_candidates(
    *, area: Area, given_name: str, family_name: str, date_of_birth: dt.date
) -> list[Child]:
    """Children of ``area`` with exactly this name (or known-as name) and date of birth."""
    given, family = _name(given_name), _name(family_name)
    return list(
        Child.objects.filter(area=area, date_of_birth=date_of_birth, family_name__iexact=family)
        .filter(Q(given_name__iexact=given) | Q(known_as__iexact=given))
        .order_by("created_at", "pk")
    )


def referral_known_child(
    *, area: Area, given_name: str, family_name: str, date_of_birth: dt.date
) -> Child | None:
    """The one child with this name and date of birth, or None if there is none or several
    (then the referrer is asked for more details, exactly as for a child not yet known)."""
    candidates = referral_child_candidates(
        area=area, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth
    )
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class NewChildDetails:
    """What a referrer knows about a child the partnership does not know yet."""

    gender: str
    postcode: str = ""
    school: Agency | None = None


def _choose_or_create_child(
    *,
    area: Area,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    details: NewChildDetails | None,
) -> Child:
    candidates = referral_child_candidates(
        area=area, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth
    )
    if len(candidates) == 1:
        return candidates[0]
    if details is None:
        raise ValidationError("Tell us about the child so that we can find or add their record")
    postcode = normalise_postcode(details.postcode)
    if candidates:
        # Several children share the name and date of birth: tell them apart by gender and
        # postcode. If that still leaves several, they are almost certainly one child recorded
        # twice, so the earliest record (the one with the history) gets the referral.
        narrowed = [
            child
            for child in candidates
            if child.gender == details.gender
            and (not postcode or normalise_postcode(child.postcode) == postcode)
        ]
        if narrowed:
            return narrowed[0]
    if details.school is not None and (
        details.school.area_id != area.pk or details.school.kind != AgencyKind.SCHOOL
    ):
        raise ValidationError({"school": "Choose a school in this partnership"})
    if postcode and not POSTCODE.match(postcode):
        raise ValidationError({"postcode": "Enter a real postcode, like ZZ1 1AA"})
    child = Child(
        area=area,
        given_name=_name(given_name),
        family_name=_name(family_name),
        date_of_birth=date_of_birth,
        gender=details.gender,
        ethnicity=Ethnicity.NOT_KNOWN,
        postcode=postcode,
        school=details.school,
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def referral_make(
    *,
    user: StaffUser,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    concerns: str,
    child_knows: bool | None,
    details: NewChildDetails | None = None,
    source: str = ReferralSource.AGENCY,
    referrer_description: str = "",
) -> Referral:
    """Refer a child by name and date of birth, adding the child if the partnership does not
    know them. The referrer gains no access to the record by referring."""
    decision = can_refer(user)
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    assert user.agency is not None  # can_refer refuses users without an agency
    if source == ReferralSource.COMMUNITY:
        if not can_record_community_concern(user):
            raise PermissionDenied("Only a CSE coordinator can record a community concern.")
        if not referrer_description.strip():
            raise ValidationError(
                {"referrer_description": "Say who raised the concern, for example 'a neighbour'"}
            )
    elif source != ReferralSource.AGENCY:
        raise ValidationError({"source": "Choose who is making the referral"})
    else:
        referrer_description = ""
    if not concerns.strip():
        raise ValidationError({"concerns": "Describe your concerns about the child"})
    child = _choose_or_create_child(
        area=user.agency.area,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        details=details,
    )
    return referral_create(
        child=child,
        concerns=concerns,
        referred_by=user,
        source=source,
        referrer_description=referrer_description.strip(),
        child_knows=child_knows,
    )


# --- The triage queue -------------------------------------------------------------------------


@dataclass
class TriageQueue:
    """What one member of the triage team sees: referrals waiting, oldest first, and those
    triaged recently. Rows carry the policy's decision for the access log."""

    now: dt.datetime
    awaiting: list[tuple[Referral, Decision]] = field(default_factory=list)
    recent: list[tuple[Referral, Decision]] = field(default_factory=list)
    overdue_count: int = 0
    hidden_count: int = 0

    @property
    def shown(self) -> list[tuple[Referral, Decision]]:
        return self.awaiting + self.recent


def triage_queue(*, user: StaffUser, team_id: int, now: dt.datetime | None = None) -> TriageQueue:
    """Referrals held by ``team_id``, filtered through the access policy.

    The overdue count covers every referral waiting, even one whose child the user may not see
    (a manager must know how many are late); the list shows only children the user may see.
    """
    now = now or timezone.now()
    queue = TriageQueue(now=now)
    held = Referral.objects.filter(holding_team_id=team_id).select_related(
        "child", "referring_agency", "referred_by", "triaged_by", "case"
    )
    waiting = list(held.filter(triaged_at__isnull=True).order_by("received_at", "pk"))
    recent = list(
        held.filter(triaged_at__gte=now - dt.timedelta(days=RECENTLY_TRIAGED_DAYS)).order_by(
            "-triaged_at", "-pk"
        )
    )
    queue.overdue_count = sum(1 for referral in waiting if referral.triage_overdue(now))
    decisions: dict[int, Decision] = {}
    for referral, rows in [(r, queue.awaiting) for r in waiting] + [
        (r, queue.recent) for r in recent
    ]:
        if referral.child_id not in decisions:
            decisions[referral.child_id] = relationship_to_child(user, referral.child)
        decision = decisions[referral.child_id]
        if decision.allowed:
            rows.append((referral, decision))
        else:
            queue.hidden_count += 1
    return queue


# --- One referral ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralForTriage:
    referral: Referral
    earlier: list[Referral]
    open_case: Case | None

    @property
    def is_re_referral(self) -> bool:
        return bool(self.earlier)


def referral_for_triage(*, referral: Referral) -> ReferralForTriage:
    """A referral with what the coordinator needs to decide: the child's earlier referrals
    (with their decisions and cases) and whether the child has an open case."""
    return ReferralForTriage(
        referral=referral,
        earlier=earlier_referrals(referral),
        open_case=Case.objects.filter(child_id=referral.child_id, status=CaseStatus.OPEN).first(),
    )


def risk_levels_for(area: Area) -> QuerySet[RiskLevel]:
    """The risk levels of the partnership's own scheme, least serious first."""
    return RiskLevel.objects.filter(scheme=area.risk_scheme, is_active=True).order_by("rank")


# --- Referrals a member of staff has made -------------------------------------------------------


@dataclass(frozen=True)
class ReferralFollowed:
    """One referral as its referrer follows it: a status and an outcome in plain words, told
    as a referrer is told in practice, with nothing from the child's record."""

    referral: Referral
    decision: Decision
    status: str
    colour: str  # the GOV.UK tag's colour
    outcome: str


def _case_outcome(case: Case | None, has_key_worker: bool) -> tuple[str, str, str]:
    if case is not None and not case.is_open:
        return "Case closed", "grey", "Accepted: a case was opened, and has since closed."
    named = "key worker named" if has_key_worker else "key worker not yet named"
    return "Case open", "green", f"Accepted: case open, {named}."


def referral_followed(
    referral: Referral, *, decision: Decision, has_key_worker: bool, now: dt.datetime
) -> ReferralFollowed:
    """What the referrer is told about ``referral``."""
    due = date_and_time(referral.triage_due_at)
    chosen = referral.triage_decision
    reason = referral.triage_reason.strip()
    if referral.awaiting_triage:
        if referral.triage_overdue(now):
            status, colour = "Overdue", "red"
            outcome = f"Waiting for a decision, which was due by {due}."
        else:
            status, colour = "Waiting for triage", "blue"
            outcome = f"A CSE coordinator will decide what happens next by {due}."
    elif chosen in {TriageDecision.OPEN_CASE, TriageDecision.ADD_TO_OPEN_CASE}:
        status, colour, outcome = _case_outcome(referral.case, has_key_worker)
    elif chosen == TriageDecision.SCREEN_FIRST:
        status, colour = "Being screened", "yellow"
        outcome = "Screening: the team is finding out more before deciding."
    elif chosen == TriageDecision.SIGNPOST:
        status, colour = "Signposted", "grey"
        outcome = f"Signposted to other support: {reason}"
    else:
        status, colour = "No further action", "grey"
        outcome = f"No further action: {reason}"
    return ReferralFollowed(
        referral=referral, decision=decision, status=status, colour=colour, outcome=outcome
    )


def referrals_made_by(user: StaffUser, *, now: dt.datetime | None = None) -> list[ReferralFollowed]:
    """The referrals ``user`` made, newest first, each with what a referrer is told.

    Only the user's own referrals: the access policy is need-to-know, and a colleague's
    referral names a child this user has no reason to know about.
    """
    now = now or timezone.now()
    referrals = list(
        Referral.objects.filter(referred_by=user)
        .select_related("child", "case")
        .order_by("-received_at", "-pk")
    )
    case_ids = {referral.case_id for referral in referrals if referral.case_id is not None}
    with_key_worker = set(
        KeyWorkerAssignment.objects.filter(case_id__in=case_ids, ended_at__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    followed = []
    for referral in referrals:
        decision = can_follow_referral(user, referred_by_id=referral.referred_by_id)
        if decision.allowed:
            followed.append(
                referral_followed(
                    referral,
                    decision=decision,
                    has_key_worker=referral.case_id in with_key_worker,
                    now=now,
                )
            )
    return followed
