"""Who may do what with young people's participation and families' support.

Participation records hold counts and young people's words, never a named child: the strategic
lead and the CSE coordinator record them, team managers and the data protection lead read them.
Family support is child data: it is read through the access gate (a working relationship) and
recorded by those the policy lets add to the child's record (``sharing.policy.can_record``).
"""

from __future__ import annotations

from seemehearme.areas.models import Role, StaffUser
from seemehearme.cases.models import Case
from seemehearme.sharing.policy import Decision, can_record, role_decision

EDITING_ROLES = frozenset({Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR})
READING_ROLES = EDITING_ROLES | {Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD}


def can_see_participation(user: StaffUser) -> Decision:
    """May ``user`` read the partnership's record of young people's participation?"""
    return role_decision(
        user,
        READING_ROLES,
        refused=(
            "role_without_participation",
            "Young people's participation is for the strategic lead, CSE coordinators, team "
            "managers and the data protection lead.",
        ),
        allowed=("participation_reader", "You read the partnership's participation."),
    )


def can_record_participation(user: StaffUser) -> Decision:
    """May ``user`` record participation activities and what changed because of them?"""
    reading = can_see_participation(user)
    if not reading:
        return reading
    if user.role not in EDITING_ROLES:
        return Decision(
            False,
            "not_participation_editor",
            "Only the strategic lead and CSE coordinators record participation.",
        )
    return Decision(True, "participation_editor", "You record the partnership's participation.")


def can_record_family_support(user: StaffUser, case: Case) -> Decision:
    """May ``user`` record support offered to the family on this case? Anyone who may add to
    the child's record (not break-glass), while the case is open."""
    decision = can_record(user, case.child)
    if decision and not case.is_open:
        return Decision(False, "case_closed", "The case is closed: nothing can be added to it.")
    return decision
