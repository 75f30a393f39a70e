"""Who may read and change the partnership's assurance: its self-assessments, action plans and
recommendations. Deny by default; each check returns a ``sharing.policy.Decision``.

- The strategic lead and the CSE coordinators edit everything of their partnership.
- Team managers and data protection leads read it.
- Staff of an agency with a managing role (CSE coordinator, team manager, strategic lead) may
  keep their own agency's plan and record their own agency's response to a recommendation.
Nothing here is about a child, so nothing is written to the access log.
"""

from __future__ import annotations

from seemehearme.areas.models import Agency, Area, Role, StaffUser
from seemehearme.assurance.models import Action, ActionPlan
from seemehearme.sharing.policy import (
    MANAGING_ROLES,
    Decision,
    account_refusal,
    can_use_intelligence,
)

EDITORS = frozenset({Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR})
READERS = EDITORS | {Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD}
AGENCY_MANAGERS = MANAGING_ROLES | {Role.STRATEGIC_LEAD}


def _deny(basis: str, reason: str) -> Decision:
    return Decision(False, basis, reason)


def user_area(user: StaffUser) -> Area | None:
    """The partnership whose assurance ``user`` works on, if any."""
    return user.agency.area if user.agency is not None else None


def can_read_assurance(user: StaffUser) -> Decision:
    """May ``user`` read the partnership's self-assessments, plans and recommendations?"""
    if (refused := account_refusal(user)) is not None:
        return refused
    if user.role not in READERS:
        return _deny(
            "role_without_assurance",
            f"{user.get_role_display()}s do not read the partnership's self-assessments, plans "
            "and recommendations. Ask your partnership's strategic lead.",
        )
    return Decision(True, "assurance_reader", "You read the partnership's assurance.")


def can_edit_assurance(user: StaffUser) -> Decision:
    """May ``user`` assess, keep the strategy plan and record recommendations?"""
    if (refused := account_refusal(user)) is not None:
        return refused
    if user.role not in EDITORS:
        return _deny(
            "role_cannot_edit_assurance",
            "Only the strategic lead and the CSE coordinators change the partnership's "
            "self-assessment, strategy plan and recommendations.",
        )
    return Decision(True, "assurance_editor", "You keep the partnership's assurance.")


def can_act_for_agency(user: StaffUser, agency: Agency) -> Decision:
    """May ``user`` keep ``agency``'s own plan and record its response to a recommendation?"""
    if (refused := account_refusal(user)) is not None:
        return refused
    assert user.agency is not None
    if agency.area_id != user.agency.area_id:
        return _deny("other_area", "That agency belongs to a different partnership.")
    if user.role in EDITORS:
        return Decision(True, "assurance_editor", "You keep the partnership's assurance.")
    if agency.pk != user.agency_id:
        return _deny(
            "other_agency", f"You can answer only for your own agency, {user.agency.name}."
        )
    if user.role not in AGENCY_MANAGERS:
        return _deny(
            "role_cannot_answer_for_agency",
            "Only your agency's managers answer for it: ask your team manager.",
        )
    return Decision(True, "agency_manager", f"You manage work at {agency.name}.")


def can_see_finding_text(user: StaffUser) -> bool:
    """Whether a problem-profile finding's words may be shown to ``user``; others are told only
    which profile's finding an action answers."""
    return can_use_intelligence(user).allowed


def can_edit_plan(user: StaffUser, plan: ActionPlan) -> Decision:
    """The strategy plan is the editors'; an agency's plan is also its own managers'."""
    if plan.agency is None:
        return can_edit_assurance(user)
    return can_act_for_agency(user, plan.agency)


def can_update_action(user: StaffUser, action: Action) -> Decision:
    """Whoever keeps the plan may update its actions, and so may the action's owner."""
    if (refused := account_refusal(user)) is not None:
        return refused
    if action.owner_id == user.pk:
        return Decision(True, "action_owner", "You own this action.")
    return can_edit_plan(user, action.plan)
