"""Who may see the return, the national picture and the lists for inspectors (docs/adr/0020).

Each answer is a ``sharing.policy.Decision``; pages refuse with ``sharing.policy.require`` and
the menu (``web.navigation``) asks the same question.
"""

from __future__ import annotations

from django.conf import settings

from seemehearme.areas.models import Role, StaffUser
from seemehearme.sharing.policy import Decision, account_refusal

RETURN_ROLES = frozenset({Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR, Role.DATA_PROTECTION_LEAD})
INSPECTION_ROLES = frozenset({Role.CSE_COORDINATOR, Role.TEAM_MANAGER})


def _deny(basis: str, reason: str) -> Decision:
    return Decision(False, basis, reason)


def can_make_return(user: StaffUser) -> Decision:
    """May ``user`` preview and download the partnership's national return and JSNA extract
    (counts only, small numbers suppressed)?"""
    refused = account_refusal(user)
    if refused is not None:
        return refused
    if user.role not in RETURN_ROLES:
        return _deny(
            "role_without_returns",
            "The national return is for the strategic lead, the CSE coordinator and the data "
            "protection lead.",
        )
    return Decision(True, "return_reader", "Counts for the national return, none of them small.")


def can_see_national_picture(user: StaffUser) -> Decision:
    """May ``user`` import areas' returns and see the national picture? Only on a national
    instance (``SMH_NATIONAL_INSTANCE``), and only its strategic leads."""
    if not settings.SMH_NATIONAL_INSTANCE:
        return _deny(
            "not_national_instance",
            "This is a partnership's instance: the national picture is on the national one.",
        )
    if not user.is_active:
        return _deny("inactive_user", "Your account is not active.")
    if user.role != Role.STRATEGIC_LEAD:
        return _deny(
            "role_without_national_picture",
            "The national picture is for the national instance's strategic leads.",
        )
    return Decision(True, "national_reader", "Areas' returns, small numbers suppressed.")


def can_list_for_inspectors(user: StaffUser) -> Decision:
    """May ``user`` produce the child-level list inspectors ask for? CSE coordinators and team
    managers; each child on it is then checked against their working relationships."""
    refused = account_refusal(user)
    if refused is not None:
        return refused
    if user.role not in INSPECTION_ROLES:
        return _deny(
            "role_without_inspection_lists",
            "The list for inspectors is for CSE coordinators and team managers.",
        )
    return Decision(True, "inspection_lists", "Children you work with, for inspectors.")
