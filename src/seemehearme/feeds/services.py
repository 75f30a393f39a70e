"""Who may import agency data, and importing an uploaded file.

Importing writes another agency's records into the partnership's shared view, so it is for a
few roles only, and only for the user's own agency: a team manager, a CSE coordinator or an
intelligence analyst.
"""

from __future__ import annotations

import logging
import traceback
from typing import IO

from seemehearme.areas.models import Role, StaffUser
from seemehearme.feeds.importer import ImportResult, import_file
from seemehearme.feeds.models import ImportBatch, ImportChannel, ImportStatus
from seemehearme.sharing.policy import Decision, require

logger = logging.getLogger(__name__)

IMPORTING_ROLES = frozenset({Role.TEAM_MANAGER, Role.CSE_COORDINATOR, Role.INTELLIGENCE_ANALYST})
LINKING_FAILED = (
    "The events were imported, but matching them to children and checking for early-warning "
    "signs did not finish. They will be checked again after the next import; tell your system "
    "administrator if this keeps happening."
)


def can_import(user: StaffUser) -> Decision:
    """May ``user`` import events (and see imports) for their agency?"""
    if not user.is_authenticated or not user.is_active:
        return Decision(False, "inactive_user", "Your account is not active.")
    if user.role not in IMPORTING_ROLES:
        return Decision(
            False,
            "role_cannot_import",
            "Only team managers, CSE coordinators and intelligence analysts import agency data.",
        )
    if user.agency is None:
        return Decision(False, "no_agency", "Your account is not linked to an agency.")
    return Decision(True, "agency_importer", f"You import data for {user.agency.name}.")


def can_see_import(user: StaffUser, batch: ImportBatch) -> Decision:
    """May ``user`` see this import's counts and problems? Only for their own agency."""
    decision = can_import(user)
    if decision.allowed and batch.agency_id != user.agency_id:
        return Decision(False, "other_agency", "This import belongs to another agency.")
    return decision


def after_import_safely(result: ImportResult) -> str | None:
    """Link the import's persons and sweep for early warning. The import is already kept, so
    a failure here is reported (returned as a message) rather than undoing it."""
    if result.batch.status != ImportStatus.COMPLETED:
        return None
    from seemehearme.feeds.pipeline import after_import

    try:
        after_import(result)
    except Exception as error:
        # The traceback without the exception's message, which may quote personal data.
        logger.error(
            "Linking after import %s failed with %s:\n%s",
            result.batch.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        return LINKING_FAILED
    return None


def upload_import(
    *, user: StaffUser, file: IO[bytes], filename: str
) -> tuple[ImportResult, str | None]:
    """Import a file uploaded in the service for the user's own agency, then link and sweep.
    Returns the result and a warning if linking did not finish."""
    require(can_import(user))
    assert user.agency is not None  # can_import refuses users without one
    result = import_file(
        agency=user.agency,
        file=file,
        filename=filename,
        channel=ImportChannel.UPLOAD,
        uploaded_by=user,
    )
    return result, after_import_safely(result)
