"""Who sees the board's pages, who sets targets, and who may see children named in a
drill-down. Each answer is a ``sharing.policy.Decision``; the pages refuse with
``sharing.policy.require`` and the menu asks the same questions (ADR 0012)."""

from __future__ import annotations

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.sharing.policy import Decision, role_decision

BOARD_ROLES = frozenset(
    {Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR, Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD}
)
TARGET_ROLES = frozenset({Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR})
# Roles whose drill-down names the children they work with (everyone else sees pseudonyms).
NAMING_ROLES = frozenset({Role.CSE_COORDINATOR, Role.TEAM_MANAGER})


def can_see_board(user: StaffUser) -> Decision:
    """May ``user`` see the partnership's board dashboard and leadership view?"""
    return role_decision(
        user,
        BOARD_ROLES,
        refused=(
            "role_without_board",
            "The board's pages are for the strategic lead, CSE coordinators, team managers and "
            "the data protection lead.",
        ),
        allowed=("board_role", "You look at how the partnership's strategy is working."),
    )


def board_area(user: StaffUser) -> Area:
    """The partnership whose figures ``user`` sees (call after ``can_see_board`` allows)."""
    assert user.agency is not None
    return user.agency.area


def can_set_targets(user: StaffUser) -> Decision:
    """May ``user`` set the partnership's targets? The strategic lead and CSE coordinators."""
    allowed = can_see_board(user)
    if not allowed:
        return allowed
    if user.role not in TARGET_ROLES:
        return Decision(
            False,
            "role_cannot_set_targets",
            "Only the strategic lead or a CSE coordinator sets the board's targets.",
        )
    return Decision(True, "sets_targets", "You set the partnership's targets.")


def names_children(user: StaffUser) -> bool:
    """Whether a drill-down may name children to ``user`` at all (those they work with, as
    ``sharing.policy.relationship_to_child`` says); if not, it shows pseudonyms only."""
    return user.role in NAMING_ROLES
