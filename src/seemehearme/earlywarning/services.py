"""Writes for early warning: load a draft rule set, approve it, confirm or dismiss a flag.

Each write checks who may make it, runs in one transaction and records who and when. Approved
rule sets are never edited: a change is a new version, approved again. A flag is decided by a
person, never by the machine: confirming makes an early-warning referral to the triage team;
dismissing needs a reason. Either way the team's ``flag_review`` access ends once the child has
no open flag left (a referral gives the team its own ``referral_holder`` relationship).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.cases.services import referral_create
from seemehearme.earlywarning.models import Flag, FlagStatus, RuleSet, RuleSetStatus
from seemehearme.earlywarning.rules import RuleSetSpec, default_rules, references_check, rules_check
from seemehearme.earlywarning.selectors import flag_explanation
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.sharing.policy import Decision, can_review_flag, data_protection_area, require

MIN_REASON_LENGTH = 10
# Who may read the equality monitoring figures (aggregates only, no names).
EQUALITY_ROLES = frozenset(
    {
        Role.TEAM_MANAGER,
        Role.CSE_COORDINATOR,
        Role.INTELLIGENCE_ANALYST,
        Role.DATA_PROTECTION_LEAD,
    }
)


# --- Who may do what (area-level; decisions about a child are in sharing.policy) --------------


def _deny(basis: str, reason: str) -> Decision:
    return Decision(False, basis, reason)


def staff_area(user: StaffUser) -> Area | None:
    """The partnership an active member of staff works in."""
    if not user.is_active or user.agency is None:
        return None
    return user.agency.area


def can_approve_rules(user: StaffUser, area: Area) -> Decision:
    """The board approves a rule set; its data protection lead, or the manager of its triage
    team, records the approval with the board's reference."""
    if staff_area(user) != area:
        return _deny("other_area", "These are another partnership's rules.")
    if data_protection_area(user) == area:
        return Decision(True, "data_protection_lead", "You are the data protection lead.")
    if user.role == Role.TEAM_MANAGER and user.team_id and user.team_id == area.triage_team_id:
        return Decision(True, "triage_team_manager", "You manage the triage team.")
    return _deny(
        "cannot_approve_rules",
        "Only the data protection lead or the triage team's manager records the board's "
        "approval of early-warning rules.",
    )


def can_see_flags(user: StaffUser) -> Decision:
    """The flags list is the triage team's work queue."""
    area = staff_area(user)
    if area is None:
        return _deny("inactive_user", "Your account is not active.")
    if area.triage_team_id is None:
        return _deny("no_triage_team", "This partnership has no triage team yet.")
    if user.team_id != area.triage_team_id:
        return _deny(
            "not_triage_team", "Early-warning flags are reviewed by the partnership's triage team."
        )
    return Decision(True, "triage_team", "Your team reviews early-warning flags.")


def can_see_equality(user: StaffUser) -> Decision:
    if staff_area(user) is None:
        return _deny("inactive_user", "Your account is not active.")
    if user.role not in EQUALITY_ROLES:
        return _deny(
            "role_without_monitoring",
            "Equality monitoring is for managers, CSE coordinators, analysts and the data "
            "protection lead.",
        )
    return Decision(True, "monitoring_role", "Aggregate figures for your partnership.")


# --- Rule sets -------------------------------------------------------------------------------


@transaction.atomic
def rule_set_load(*, area: Area, spec: RuleSetSpec) -> RuleSet:
    """Store checked rules as the next draft version for the area (``spec`` comes from
    ``rules.rules_read``, which has checked the structure and the reference data)."""
    latest = RuleSet.objects.filter(area=area, code=spec.code).aggregate(top=Max("version"))[
        "top"
    ]  # two loads at once: the unique (area, code, version) constraint refuses the second
    rule_set = RuleSet(
        area=area,
        code=spec.code,
        version=(latest or 0) + 1,
        name=spec.name,
        description=spec.description,
        rules=spec.stored(),
        status=RuleSetStatus.DRAFT,
    )
    rule_set.full_clean()
    rule_set.save()
    return rule_set


@transaction.atomic
def rule_set_approve(*, rule_set: RuleSet, by: StaffUser, reference: str) -> RuleSet:
    """Record the board's approval of a draft. It replaces the version in use, which is
    retired (kept, with the flags it raised)."""
    require(can_approve_rules(by, rule_set.area))
    locked = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if locked.status != RuleSetStatus.DRAFT:
        raise ValidationError(
            f"Only a draft can be approved: this version is {locked.get_status_display().lower()}"
        )
    reference = reference.strip()
    if not reference:
        raise ValidationError(
            {"approval_reference": "Enter the board's reference, for example the minute number"}
        )
    if RuleSet.objects.filter(
        area=locked.area,
        code=locked.code,
        version__gt=locked.version,
        status__in=[
            RuleSetStatus.APPROVED,
            RuleSetStatus.RETIRED,
        ],
    ).exists():
        raise ValidationError("A later version of these rules has already been approved")
    references_check(rules_check(locked.rules, stored=True))
    RuleSet.objects.filter(area=locked.area, status=RuleSetStatus.APPROVED).update(
        status=RuleSetStatus.RETIRED
    )
    locked.status = RuleSetStatus.APPROVED
    locked.approved_by = by
    locked.approved_on = timezone.localdate()
    locked.approval_reference = reference
    locked.full_clean()
    locked.save(update_fields=["status", "approved_by", "approved_on", "approval_reference"])
    return locked


def default_rule_set_install(
    *, area: Area, approved_by: StaffUser | None = None, reference: str = ""
) -> RuleSet:
    """Load the shipped version 1 rules for an area as a draft, and approve them if an
    approver and the board's reference are given (the demo does this)."""
    rule_set = rule_set_load(area=area, spec=default_rules())
    if approved_by is not None:
        rule_set = rule_set_approve(rule_set=rule_set, by=approved_by, reference=reference)
    return rule_set


# --- Deciding a flag -----------------------------------------------------------------------------


def _open_flag(flag: Flag, by: StaffUser) -> Flag:
    require(can_review_flag(by, flag.child))
    locked = (
        Flag.objects.select_for_update().select_related("child__area", "rule_set").get(pk=flag.pk)
    )
    if locked.status != FlagStatus.OPEN:
        raise ValidationError(
            f"This flag has already been closed ({locked.get_status_display().lower()})"
        )
    return locked


def _reason(reason: str, field: str, message: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({field: message})
    return reason


def flag_review_end(child: Child) -> None:
    """End the triage team's ``flag_review`` access to a child with no open flag left."""
    if Flag.objects.filter(child=child, status=FlagStatus.OPEN).exists():
        return
    today = timezone.localdate()
    WorkingRelationship.objects.current(today).filter(
        child=child, kind=RelationshipKind.FLAG_REVIEW
    ).update(ended_on=today)


@transaction.atomic
def flag_confirm(*, flag: Flag, by: StaffUser, reason: str) -> Referral:
    """Confirm a flag: refer the child to the triage team, with concerns that say what the
    confirmer could see (never what was withheld from them) and why they confirmed.

    One referral answers every flag waiting for the child: the child's other open flags are
    confirmed with it and their explanations go into the same referral, so a child flagged
    by three rules is referred once, not three times."""
    locked = _open_flag(flag, by)
    reason = _reason(
        reason,
        "confirm_reason",
        f"Say why you are referring the child, in at least {MIN_REASON_LENGTH} characters",
    )
    access = can_review_flag(by, locked.child)
    others = list(
        Flag.objects.select_for_update()
        .select_related("rule_set")
        .filter(child=locked.child, status=FlagStatus.OPEN)
        .exclude(pk=locked.pk)
        .order_by("raised_at", "pk")
    )
    confirmed = [locked, *others]
    summaries = [
        flag_explanation(user=by, flag=each, access=access).summary() for each in confirmed
    ]
    referral = referral_create(
        child=locked.child,
        concerns="\n\n".join([*summaries, f"Why the flag was confirmed: {reason}"]),
        referred_by=by,
        source=ReferralSource.EARLY_WARNING,
    )
    now = timezone.now()
    for each in confirmed:
        each.status = FlagStatus.CONFIRMED
        each.decided_by = by
        each.decided_at = now
        each.decision_reason = reason
        each.referral = referral
        each.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason", "referral"]
        )
    flag_review_end(locked.child)
    return referral


@transaction.atomic
def flag_dismiss(*, flag: Flag, by: StaffUser, reason: str) -> Flag:
    """Dismiss a flag with a reason. The rule will not raise it again unless something new
    happens, or reaches the service, after this decision."""
    locked = _open_flag(flag, by)
    locked.decision_reason = _reason(
        reason,
        "dismiss_reason",
        f"Say why you are dismissing the flag, in at least {MIN_REASON_LENGTH} characters",
    )
    locked.status = FlagStatus.DISMISSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    flag_review_end(locked.child)
    return locked
