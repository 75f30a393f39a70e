"""Who may do what with progress questionnaires.

The strategic lead and CSE coordinators write questionnaires, send them to the partnership's
agencies, chase and read the report. Each agency's managing staff (CSE coordinator, team
manager, data protection lead, strategic lead of that agency) answer for their own agency only,
until they submit. Nobody sees another partnership's questionnaires.
"""

from __future__ import annotations

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.questionnaires.models import Response
from seemehearme.sharing.policy import Decision, role_decision

SENDING_ROLES = frozenset({Role.STRATEGIC_LEAD, Role.CSE_COORDINATOR})
ANSWERING_ROLES = frozenset(
    {Role.CSE_COORDINATOR, Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD, Role.STRATEGIC_LEAD}
)


def can_send_questionnaires(user: StaffUser, area: Area | None = None) -> Decision:
    """May ``user`` write, send and chase questionnaires and read the report (for ``area``,
    if given: only their own partnership)?"""
    decision = role_decision(
        user,
        SENDING_ROLES,
        refused=(
            "not_a_questionnaire_sender",
            "Only the strategic lead and CSE coordinators send questionnaires.",
        ),
        allowed=("questionnaire_sender", "You send the partnership's questionnaires."),
    )
    if decision and area is not None and user.agency and user.agency.area_id != area.pk:
        return Decision(False, "other_area", "This belongs to a different partnership.")
    return decision


def can_see_response(user: StaffUser, response: Response) -> Decision:
    """May ``user`` read one agency's answers: the agency's own managing staff, or a sender in
    the same partnership?"""
    if user.is_active and user.role in ANSWERING_ROLES and user.agency_id == response.agency_id:
        return Decision(True, "own_agency", "These are your agency's answers.")
    return can_send_questionnaires(user, response.agency.area)


def can_answer(user: StaffUser, response: Response) -> Decision:
    """May ``user`` answer (save or submit) for ``response``'s agency? Only its own managing
    staff, and only until the answers are submitted."""
    if not user.is_active or user.role not in ANSWERING_ROLES:
        return Decision(
            False,
            "not_agency_management",
            "Questionnaires are answered by an agency's CSE coordinator, team manager, data "
            "protection lead or strategic lead.",
        )
    if user.agency_id != response.agency_id:
        return Decision(
            False,
            "other_agency",
            f"Only {response.agency.name} can answer for {response.agency.name}.",
        )
    if response.is_submitted:
        return Decision(
            False, "already_submitted", "These answers have been sent and can no longer change."
        )
    return Decision(True, "own_agency", "You answer for your agency.")


def can_use_questionnaires(user: StaffUser) -> Decision:
    """May ``user`` open the questionnaires page: a sender, or an agency's managing staff whose
    agency has been sent one?"""
    sending = can_send_questionnaires(user)
    if sending:
        return sending
    if (
        user.is_active
        and user.role in ANSWERING_ROLES
        and user.agency_id is not None
        and Response.objects.filter(agency_id=user.agency_id).exists()
    ):
        return Decision(
            True, "questionnaire_answerer", "Your agency has been sent a questionnaire."
        )
    return Decision(
        False,
        "no_questionnaires",
        "Questionnaires are for the strategic lead, CSE coordinators, and the managing staff of "
        "agencies they have been sent to.",
    )
