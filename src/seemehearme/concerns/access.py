"""Who may read concerns reported by the public, and decide on them: deny by default.

Only CSE coordinators and team managers in the partnership's triage team, and only their own
partnership's concerns. Making a concern a referral goes through the referral path, which
lets only a CSE coordinator record a community concern.
"""

from __future__ import annotations

from seemehearme.areas.models import Area, StaffUser
from seemehearme.cases.referrals import can_record_community_concern
from seemehearme.sharing.policy import MANAGING_ROLES, Decision, account_refusal


def _deny(basis: str, reason: str) -> Decision:
    return Decision(False, basis, reason)


def can_triage_concerns(user: StaffUser, area: Area | None = None) -> Decision:
    """May ``user`` read and decide on the public's concerns to ``area`` (their own
    partnership if not given)?"""
    if (refusal := account_refusal(user)) is not None:
        return refusal
    assert user.agency is not None
    own = user.agency.area
    if area is not None and area.pk != own.pk:
        return _deny("other_area", "This concern was reported to another partnership.")
    if own.triage_team_id is None:
        return _deny(
            "no_triage_team",
            "This partnership has no triage team yet: an administrator must choose one.",
        )
    if user.role not in MANAGING_ROLES or user.team_id != own.triage_team_id:
        return _deny(
            "not_concern_triage",
            "Only CSE coordinators and managers in the triage team read concerns from the public.",
        )
    return Decision(True, "concern_triage", "In the triage team: reads concerns from the public.")


def can_refer_concern(user: StaffUser, area: Area) -> Decision:
    """May ``user`` make a concern a community referral about a child?"""
    allowed = can_triage_concerns(user, area)
    if not allowed:
        return allowed
    if not can_record_community_concern(user):
        return _deny(
            "not_concern_referrer",
            "Only a CSE coordinator can make a concern a referral about a child.",
        )
    return allowed
