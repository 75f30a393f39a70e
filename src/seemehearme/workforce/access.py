"""Who may see and record training and supervision. Records are about staff, not children, so
no child's record is opened and nothing goes to the access log; each page still refuses by
default and says why (``sharing.policy.require``).

- Everyone with an account in an agency sees their own records (``can_see_own``).
- A team manager sees their team's records and compliance (``can_manage_team``).
- A team manager records training and supervision for their team's members; a CSE
  coordinator for anyone in the partnership (``can_record_for``; ``can_record_any`` decides
  whether the recording pages open at all).
- The CSE coordinator, the strategic lead and the data protection lead see the partnership's
  compliance, with the named staff behind each figure (``can_see_compliance``).
"""

from __future__ import annotations

from seemehearme.areas.models import Role, StaffUser
from seemehearme.sharing.policy import Decision, account_refusal

COMPLIANCE_ROLES = frozenset({Role.CSE_COORDINATOR, Role.STRATEGIC_LEAD, Role.DATA_PROTECTION_LEAD})


def can_see_own(user: StaffUser) -> Decision:
    """May ``user`` see their own training and supervision records?"""
    refusal = account_refusal(user)
    if refusal is not None:
        return refusal
    return Decision(True, "own_records", "These are your own records.")


def can_manage_team(user: StaffUser) -> Decision:
    """May ``user`` see their team's training and supervision (a team manager with a team)?"""
    refusal = account_refusal(user)
    if refusal is not None:
        return refusal
    if user.role != Role.TEAM_MANAGER:
        return Decision(False, "not_team_manager", "Only team managers see their team's training.")
    if user.team_id is None:
        return Decision(False, "no_team", "Your account is not linked to a team.")
    return Decision(True, "team_manager", "You manage this team.")


def can_record_any(user: StaffUser) -> Decision:
    """May ``user`` record training and supervision for anyone at all?"""
    refusal = account_refusal(user)
    if refusal is not None:
        return refusal
    if user.role == Role.CSE_COORDINATOR:
        return Decision(
            True, "cse_coordinator", "CSE coordinators record training across the partnership."
        )
    return can_manage_team(user)


def can_record_for(user: StaffUser, staff: StaffUser) -> Decision:
    """May ``user`` record training or supervision for ``staff``: the manager of their team,
    or a CSE coordinator of the same partnership?"""
    allowed = can_record_any(user)
    if not allowed:
        return allowed
    assert user.agency is not None
    if staff.agency is None or staff.agency.area_id != user.agency.area_id:
        return Decision(False, "other_area", "This member of staff works in another partnership.")
    if user.role == Role.CSE_COORDINATOR:
        return allowed
    if staff.team_id != user.team_id:
        return Decision(
            False,
            "not_their_team",
            "You record training and supervision for your own team's members only.",
        )
    return allowed


def can_see_compliance(user: StaffUser) -> Decision:
    """May ``user`` see the partnership's compliance and the staff behind each figure?"""
    refusal = account_refusal(user)
    if refusal is not None:
        return refusal
    if user.role not in COMPLIANCE_ROLES:
        return Decision(
            False,
            "role_without_compliance",
            "The partnership's training and supervision figures are for the CSE coordinator, "
            "the strategic lead and the data protection lead.",
        )
    return Decision(True, "compliance", "Your role oversees the partnership's workforce.")
