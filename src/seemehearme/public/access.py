"""Who may change a partnership's public pages: its CSE coordinators and strategic lead.

Everyone else is refused (deny by default). The pages themselves are public and need no check.
"""

from __future__ import annotations

from seemehearme.areas.models import Role, StaffUser
from seemehearme.sharing.policy import Decision, role_decision

EDITING_ROLES = frozenset({Role.CSE_COORDINATOR, Role.STRATEGIC_LEAD})


def can_edit_public_pages(user: StaffUser) -> Decision:
    """May ``user`` change and publish their own partnership's public text?"""
    return role_decision(
        user,
        EDITING_ROLES,
        refused=(
            "role_without_public_pages",
            "The public pages are changed by the partnership's CSE coordinators and strategic "
            "lead.",
        ),
        allowed=("public_pages_editor", "You change your partnership's public pages."),
    )
