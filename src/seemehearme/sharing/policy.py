"""The access policy: may this user see this child, or this item about this child, and why?

This module is the only place that decides. Views, exports and the API ask it and write its
answer to the access log (see ``seemehearme.sharing.access``). Deny by default: a user sees a
child only through a working relationship (or time-limited break-glass access), and sees another
agency's information only where an information-sharing agreement in force covers that category
for the purpose of the access.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, Role, StaffUser
from seemehearme.people.models import (
    Child,
    RelationshipKind,
    WorkingRelationship,
    WorkingRelationshipQuerySet,
)
from seemehearme.sharing.models import (
    SAFEGUARDING_PURPOSE,
    BreakGlassAccess,
    InformationCategory,
    InformationSharingAgreement,
)

# Roles whose work is with individual children. Administrators, data protection leads and
# analysts work with accounts, agreements, logs and pseudonymised data, never named records.
CASE_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.CSE_COORDINATOR,
        Role.TEAM_MANAGER,
        Role.PANEL_MEMBER,
    }
)


@dataclass(frozen=True)
class Decision:
    """An answer with its reason, in words for the user and a code for the access log."""

    allowed: bool
    basis: str
    reason: str
    break_glass: BreakGlassAccess | None = None
    agreement: InformationSharingAgreement | None = field(default=None, compare=False)
    # A withheld item that may be counted but not described: the reason names neither who holds
    # it nor what kind it is, and notices count it apart from the rest.
    unnamed: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def _deny(basis: str, reason: str) -> Decision:
    return Decision(False, basis, reason)


def account_refusal(user: StaffUser) -> Decision | None:
    """A refusal for an account that can use no partnership page (inactive, or in no agency),
    else None. A refusal is falsy, so test the answer with ``is not None``."""
    if not user.is_authenticated or not user.is_active:
        return _deny("inactive_user", "Your account is not active.")
    if user.agency_id is None:
        return _deny("no_agency", "Your account is not linked to an agency.")
    return None


def role_decision(
    user: StaffUser,
    roles: Collection[str],
    *,
    refused: tuple[str, str],
    allowed: tuple[str, str],
) -> Decision:
    """The common page check: an active account in an agency, in one of ``roles``. ``refused``
    and ``allowed`` are each (basis, reason) for the answer."""
    if (refusal := account_refusal(user)) is not None:
        return refusal
    if user.role not in roles:
        return _deny(*refused)
    return Decision(True, *allowed)


def relationship_to_child(user: StaffUser, child: Child, *, on: dt.date | None = None) -> Decision:
    """Whether ``user`` may see ``child`` at all, and through which relationship."""
    return relationships_to_children(user, [child], on=on)[child.pk]


def relationships_to_children(
    user: StaffUser, children: Iterable[Child], *, on: dt.date | None = None
) -> dict[int, Decision]:
    """``relationship_to_child`` for many children at once, by child id, in a fixed number of
    queries however many children there are (for lists and pickers)."""
    children = list(children)
    if not user.is_active or not user.is_authenticated:
        denied = _deny("inactive_user", "Your account is not active.")
        return {child.pk: denied for child in children}
    if user.role not in CASE_ROLES:
        denied = _deny(
            "role_without_case_access",
            f"{user.get_role_display()}s do not open children's records.",
        )
        return {child.pk: denied for child in children}
    area_id = user.agency.area_id if user.agency is not None else None
    ids = [child.pk for child in children if child.area_id == area_id]
    current = WorkingRelationship.objects.current(on).filter(child_id__in=ids)

    def child_ids(relationships: WorkingRelationshipQuerySet) -> set[int]:
        return set(relationships.values_list("child_id", flat=True))

    key_worker = child_ids(current.filter(kind=RelationshipKind.KEY_WORKER, user=user))
    case_team = child_ids(current.filter(kind=RelationshipKind.CASE_TEAM, user=user))
    referral: set[int] = set()
    flag_review: set[int] = set()
    supervised: set[int] = set()
    if user.team_id:
        team_kinds = current.filter(
            kind__in=[RelationshipKind.REFERRAL_HOLDER, RelationshipKind.FLAG_REVIEW],
            team_id=user.team_id,
        ).values_list("child_id", "kind")
        for child_id, kind in team_kinds:
            (referral if kind == RelationshipKind.REFERRAL_HOLDER else flag_review).add(child_id)
        if user.role == Role.TEAM_MANAGER:
            supervised = child_ids(
                current.filter(
                    kind__in=[RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM],
                    user__team_id=user.team_id,
                )
            )
    panel = child_ids(current.filter(kind=RelationshipKind.PANEL, panel__members=user))
    glasses: dict[int, BreakGlassAccess] = {}
    # Newest first (the model's ordering), as ``.first()`` would pick.
    for glass in BreakGlassAccess.objects.active().filter(user=user, child_id__in=ids):
        glasses.setdefault(glass.child_id, glass)

    decisions: dict[int, Decision] = {}
    for child in children:
        pk = child.pk
        if child.area_id != area_id:
            decisions[pk] = _deny("other_area", "This child is known to a different partnership.")
        elif pk in key_worker:
            decisions[pk] = Decision(True, "key_worker", "You are this child's key worker.")
        elif pk in case_team:
            decisions[pk] = Decision(True, "case_team", "You are on this child's case team.")
        elif pk in referral:
            decisions[pk] = Decision(
                True, "referral_holder", "Your team holds this child's referral."
            )
        elif pk in flag_review:
            decisions[pk] = Decision(
                True, "flag_review", "Your team is reviewing an early-warning flag for this child."
            )
        elif pk in panel:
            decisions[pk] = Decision(True, "panel", "This child is listed at a panel you sit on.")
        elif pk in supervised:
            decisions[pk] = Decision(
                True, "team_manager", "You manage the team working with this child."
            )
        elif (active_glass := glasses.get(pk)) is not None:
            decisions[pk] = Decision(
                True,
                "break_glass",
                f"Break-glass access until {timezone.localtime(active_glass.expires_at):%H:%M}.",
                break_glass=active_glass,
            )
        else:
            decisions[pk] = _deny(
                "no_relationship", "You do not have a working relationship with this child."
            )
    return decisions


@dataclass
class SharingGrants:
    """The (source agency, category) pairs a user's agency may receive for one purpose, worked
    out once per request so a record with many items costs one query."""

    agency: Agency
    purpose: str
    on: dt.date

    @cached_property
    def _grants(self) -> dict[tuple[int, int], InformationSharingAgreement]:
        grants: dict[tuple[int, int], InformationSharingAgreement] = {}
        agreements = (
            InformationSharingAgreement.objects.in_force(self.on)
            .filter(parties=self.agency, purposes__code=self.purpose)
            .prefetch_related("parties", "categories")
            .distinct()
        )
        for agreement in agreements:
            for party in agreement.parties.all():
                if party.pk == self.agency.pk:
                    continue
                for category in agreement.categories.all():
                    grants.setdefault((party.pk, category.pk), agreement)
        return grants

    def agreement_for(
        self, source: Agency, category: InformationCategory
    ) -> InformationSharingAgreement | None:
        return self._grants.get((source.pk, category.pk))

    def shared_pairs(self) -> set[tuple[int, int]]:
        """The (source agency id, category id) pairs shared with this agency, besides its own."""
        return set(self._grants)

    @cached_property
    def _unnamed(self) -> set[tuple[int, int]]:
        """(holder, category) pairs that an agreement in force in the partnership says are
        counted without naming when withheld from an agency outside it."""
        agreements = (
            InformationSharingAgreement.objects.in_force(self.on)
            .filter(area_id=self.agency.area_id, withheld_unnamed=True)
            .prefetch_related("parties", "categories")
        )
        return {
            (party.pk, category.pk)
            for agreement in agreements
            for party in agreement.parties.all()
            for category in agreement.categories.all()
        }

    def withheld_unnamed(self, source: Agency, category: InformationCategory) -> bool:
        """Whether an item withheld from this agency is only counted, never described: its
        category says so, or an agreement sharing it says so."""
        return category.withheld_unnamed or (source.pk, category.pk) in self._unnamed


def item_decision(
    *,
    access: Decision,
    viewer_agency: Agency,
    source_agency: Agency,
    category: InformationCategory,
    grants: SharingGrants,
) -> Decision:
    """Whether one agency-owned item may be shown, given the user's access to the child."""
    if not access.allowed:
        return access
    if source_agency.pk == viewer_agency.pk:
        return Decision(
            True, "own_agency", f"Held by your agency, {source_agency.name}.", access.break_glass
        )
    agreement = grants.agreement_for(source_agency, category)
    if agreement is None and grants.withheld_unnamed(source_agency, category):
        return Decision(
            False,
            "no_agreement",
            "Not shared with your agency under current agreements.",
            access.break_glass,
            unnamed=True,
        )
    if agreement is None:
        return Decision(
            False,
            "no_agreement",
            f"Held by {source_agency.name}; not shared with your agency under current "
            f"agreements ({category.name.lower()}).",
            access.break_glass,
        )
    return Decision(
        True,
        f"agreement:{agreement.reference}",
        f"Shared by {source_agency.name} under {agreement.reference} "
        f"({agreement.get_lawful_basis_display()}).",
        access.break_glass,
        agreement,
    )


def can_view_item(
    user: StaffUser,
    child: Child,
    *,
    source_agency: Agency,
    category: InformationCategory,
    purpose: str = SAFEGUARDING_PURPOSE,
    on: dt.date | None = None,
) -> Decision:
    """May ``user`` see an item about ``child`` held by ``source_agency`` in ``category``?"""
    on = on or timezone.localdate()
    access = relationship_to_child(user, child, on=on)
    if not access.allowed or user.agency is None:
        return access
    return item_decision(
        access=access,
        viewer_agency=user.agency,
        source_agency=source_agency,
        category=category,
        grants=SharingGrants(user.agency, purpose, on),
    )


def can_do_case_work(user: StaffUser) -> Decision:
    """May ``user`` work with individual children at all: find them, keep a worklist, plan
    meetings about them? Only staff in case roles of an agency; the pages that need it refuse
    everyone else, and the menu (``web.navigation``) asks the same question."""
    if not user.is_active or user.role not in CASE_ROLES:
        return _deny(
            "role_without_case_access",
            f"{user.get_role_display()}s do not work with individual children's records.",
        )
    if user.agency is None:
        return _deny("no_agency", "Your account is not linked to an agency.")
    return Decision(True, "case_role", "You work with children.")


def can_use_back_office(user: StaffUser) -> bool:
    """May ``user`` use the back office (Django admin): an active system administrator with
    staff status. Two-factor is checked by the admin site and the menu as well."""
    return bool(user.is_active and user.is_staff and user.role == Role.SYSTEM_ADMINISTRATOR)


BREAK_GLASS_MAX_HOURS = 8


def can_break_glass(user: StaffUser, child: Child) -> Decision:
    """Whether ``user`` may start emergency access to ``child``'s record."""
    if not user.is_active or user.role not in CASE_ROLES:
        return _deny("role_without_case_access", "Your role cannot use break-glass access.")
    if user.agency is None or user.agency.area_id != child.area_id:
        return _deny("other_area", "This child is known to a different partnership.")
    return Decision(True, "break_glass_request", "Emergency access with a written reason.")


# Who works with pseudonymised children: analysts, whose work it is, and the data protection
# lead, who answers for what analysts are shown (see docs/intelligence.md).
PSEUDONYMISED_ROLES = frozenset({Role.INTELLIGENCE_ANALYST, Role.DATA_PROTECTION_LEAD})


def can_see_pseudonymised(user: StaffUser) -> Decision:
    """May ``user`` see the partnership's children as pseudonyms with their broad details (the
    analyst's workspace)? Never names, dates of birth, addresses or free text."""
    if not user.is_active:
        return _deny("inactive_user", "Your account is not active.")
    if user.role not in PSEUDONYMISED_ROLES:
        return _deny(
            "role_without_analysis",
            "The analyst's workspace is for intelligence analysts and the data protection lead.",
        )
    if user.agency is None:
        return _deny("no_agency", "Your account is not linked to an agency.")
    return Decision(
        True,
        "pseudonymised_listing",
        "Children of the partnership as pseudonyms, without names or identifying details.",
    )


def data_protection_area(user: StaffUser) -> Area | None:
    """The partnership whose agreements, access log and break-glass reviews ``user`` looks
    after, or None if they are not an active data protection lead."""
    if not user.is_active or user.role != Role.DATA_PROTECTION_LEAD or user.agency is None:
        return None
    return user.agency.area


# --- Intelligence ---------------------------------------------------------------------------------

# The purpose under which each role sees the partnership's intelligence (persons of concern,
# groups, places, objects and their associations): analysts and the data protection lead for
# problem profiling, staff in case roles for disrupting perpetrators. Agreements name purposes,
# so an agency may share intelligence for one and not the other.
INTELLIGENCE_PURPOSE: dict[str, str] = {
    **{role: "problem-profiling" for role in PSEUDONYMISED_ROLES},
    **{role: "disruption" for role in CASE_ROLES},
}


def can_use_intelligence(user: StaffUser) -> Decision:
    """May ``user`` work with the partnership's intelligence at all? Which items they see is
    then ``intelligence_decision``'s answer, item by item."""
    if not user.is_active:
        return _deny("inactive_user", "Your account is not active.")
    if user.role not in INTELLIGENCE_PURPOSE:
        return _deny(
            "role_without_intelligence",
            f"{user.get_role_display()}s do not work with intelligence.",
        )
    if user.agency is None:
        return _deny("no_agency", "Your account is not linked to an agency.")
    return Decision(True, "intelligence_role", "You work with the partnership's intelligence.")


def intelligence_grants(user: StaffUser, *, on: dt.date | None = None) -> SharingGrants | None:
    """What ``user``'s agency receives under agreements for their role's intelligence purpose,
    or None if they cannot use intelligence."""
    if not can_use_intelligence(user) or user.agency is None:
        return None
    return SharingGrants(user.agency, INTELLIGENCE_PURPOSE[user.role], on or timezone.localdate())


def intelligence_decision(
    user: StaffUser,
    *,
    area_id: int,
    source_agency: Agency,
    category: InformationCategory,
    grants: SharingGrants | None,
) -> Decision:
    """May ``user`` see one item of intelligence (an entity or an association) held by
    ``source_agency`` in ``category``? Their own agency's, or another's that an agreement in
    force shares with their agency for their role's purpose; never another partnership's.

    This says nothing about naming a child: an association with a child shows the child by
    name only to someone ``relationship_to_child`` allows, and by pseudonym to anyone else."""
    allowed = can_use_intelligence(user)
    if not allowed or user.agency is None or grants is None:
        return allowed
    if user.agency.area_id != area_id:
        return _deny("other_area", "This intelligence belongs to a different partnership.")
    if source_agency.pk == user.agency.pk:
        return Decision(True, "own_agency", f"Held by your agency, {source_agency.name}.")
    agreement = grants.agreement_for(source_agency, category)
    if agreement is None:
        return _deny(
            "no_agreement",
            f"Held by {source_agency.name}; not shared with your agency for "
            f"{grants.purpose.replace('-', ' ')} under current agreements.",
        )
    return Decision(
        True,
        f"agreement:{agreement.reference}",
        f"Shared by {source_agency.name} under {agreement.reference}.",
        agreement=agreement,
    )


# --- Writes ------------------------------------------------------------------------------------


def require(decision: Decision) -> Decision:
    """Raise PermissionDenied with the policy's reason unless ``decision`` allows."""
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    return decision


MANAGING_ROLES = frozenset({Role.CSE_COORDINATOR, Role.TEAM_MANAGER})


def can_record(user: StaffUser, child: Child) -> Decision:
    """May ``user`` add to this child's record (words, decisions, actions, reviews)?

    Only through a working relationship: break-glass access is for reading in an emergency.
    """
    return _recordable(relationship_to_child(user, child))


def can_record_many(user: StaffUser, children: Iterable[Child]) -> dict[int, Decision]:
    """``can_record`` for many children at once, by child id, in a fixed number of queries."""
    return {
        pk: _recordable(access) for pk, access in relationships_to_children(user, children).items()
    }


def _recordable(access: Decision) -> Decision:
    if access.allowed and access.break_glass is not None:
        return _deny("break_glass_read_only", "Break-glass access lets you read, not record.")
    return access


def can_manage_case(user: StaffUser, child: Child) -> Decision:
    """May ``user`` open or close a case, set the risk level or change the key worker?"""
    access = can_record(user, child)
    if not access.allowed:
        return access
    if user.role not in MANAGING_ROLES:
        return _deny(
            "not_a_case_manager",
            "Only a CSE coordinator or a team manager can do this.",
        )
    return access


def can_triage(user: StaffUser, *, holding_team_id: int) -> Decision:
    """May ``user`` triage a referral held by this team?"""
    if not user.is_active or user.role not in MANAGING_ROLES:
        return _deny("not_a_case_manager", "Only a CSE coordinator or a team manager can triage.")
    if user.team_id != holding_team_id:
        return _deny("other_team", "This referral is held by another team.")
    return Decision(True, "triage_team", "Your team triages this referral.")


def can_follow_referral(user: StaffUser, *, referred_by_id: int | None) -> Decision:
    """May ``user`` follow what became of a referral? Only the member of staff who made it,
    and only so far as a referrer is told: the child they named, the date, the status and an
    outcome in plain words. It gives no access to the child's record."""
    if not user.is_active or referred_by_id is None or referred_by_id != user.pk:
        return _deny("not_the_referrer", "Only the person who made a referral can follow it.")
    return Decision(True, "made_the_referral", "You made this referral: you are told its outcome.")


def can_review_flag(user: StaffUser, child: Child) -> Decision:
    """May ``user`` confirm or dismiss an early-warning flag about ``child``?

    Only a member of the partnership's triage team who may record on the child's record (so
    through a working relationship, usually the team's ``flag_review``; not break-glass).
    """
    access = can_record(user, child)
    if not access.allowed:
        return access
    if user.team_id is None or user.team_id != child.area.triage_team_id:
        return _deny(
            "not_triage_team", "Only the partnership's triage team reviews early-warning flags."
        )
    return access


def can_review_identity(user: StaffUser, area: Area) -> Decision:
    """May ``user`` review possible matches between agency records in ``area``: say whether
    two children are the same child, and undo a link?

    Only a CSE coordinator or team manager in the partnership's triage team (as for triage).
    """
    if not user.is_active or user.role not in MANAGING_ROLES:
        return _deny(
            "not_a_case_manager",
            "Only a CSE coordinator or a team manager can review possible matches.",
        )
    if user.agency is None or user.agency.area_id != area.pk:
        return _deny("other_area", "These records belong to a different partnership.")
    if user.team_id is None or user.team_id != area.triage_team_id:
        return _deny(
            "not_triage_team", "Only the partnership's triage team reviews possible matches."
        )
    return Decision(
        True, "identity_review", "Your team reviews possible matches between agency records."
    )


def may_name_agency_involvement(agency: Agency | None, *, viewer: StaffUser) -> bool:
    """May ``viewer`` be told that ``agency`` works with a child (in "Working with" and the
    case team)? Always for their own agency; for another, unless its very involvement is
    sensitive (a sexual health clinic on the list would say what withheld notices do not)."""
    if agency is None or agency.pk == viewer.agency_id:
        return True
    return not agency.involvement_is_sensitive
