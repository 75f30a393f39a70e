"""Who may change a partnership's public pages: its CSE coordinators and strategic lead.

Everyone else is refused (deny by default). The pages themselves are public and need no check.
"""

from __future__ import annotations

from seemehearme.areas.models import Role, StaffUser
from seemehearme.sharing.policy import Decision

EDITING_ROLES = frozenset({Role.CSE_COORDINATOR, Role.STRATEGIC_LEAD})


def can_edit_public_pages(user: StaffUser) -> Decision:
    """May ``user`` change and publish their own partnership's public text?"""
    if not user.is_active or user.role not in EDITING_ROLES:
        return Decision(
            False,
            "role_without_public_pages",
            "The public pages are changed by the partnership's CSE coordinators and strategic "
            "lead.",
        )
    if user.agency is None:
        return Decision(False, "no_agency", "Your account is not linked to an agency.")
    return Decision(True, "public_pages_editor", "You change your partnership's public pages.")
