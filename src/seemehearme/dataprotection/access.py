"""Who may use the data protection lead's pages, as ``sharing.policy.Decision`` answers."""

from __future__ import annotations

from seemehearme.areas.models import Area, StaffUser
from seemehearme.people.models import Child
from seemehearme.sharing.policy import Decision, data_protection_area

# The basis recorded when the data protection lead handles a subject access request.
SUBJECT_ACCESS = "subject_access_request"
# The basis recorded for the partnership-wide list of decisions to share (no child named).
DECISIONS_LISTING = "sharing_decisions_listing"


def can_use_data_protection(user: StaffUser) -> Decision:
    """May ``user`` use the data protection lead's pages: the register, coverage, decisions,
    subject access and retention? Only an active data protection lead of a partnership."""
    if data_protection_area(user) is None:
        return Decision(
            False, "not_data_protection_lead", "Only the data protection lead can see this page."
        )
    return Decision(True, "data_protection_lead", "You are the partnership's data protection lead.")


def lead_area(user: StaffUser) -> Area | None:
    return data_protection_area(user)


def can_handle_subject_access(user: StaffUser, child: Child) -> Decision:
    """May ``user`` gather, review and release a subject access request about ``child``? The
    data protection lead of the child's partnership, whose role it is; every look is logged."""
    area = data_protection_area(user)
    if area is None:
        return Decision(
            False,
            "not_data_protection_lead",
            "Only the data protection lead handles subject access requests.",
        )
    if child.area_id != area.pk:
        return Decision(False, "other_area", "This child is known to a different partnership.")
    return Decision(
        True, SUBJECT_ACCESS, "Answering a subject access request as data protection lead."
    )
