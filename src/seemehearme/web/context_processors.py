from django.conf import settings
from django.http import HttpRequest

from seemehearme.earlywarning.services import can_see_equality, can_see_flags
from seemehearme.feeds.services import can_import
from seemehearme.sharing.policy import (
    CASE_ROLES,
    MANAGING_ROLES,
    can_review_identity,
    data_protection_area,
)


def site(request: HttpRequest) -> dict[str, object]:
    """The partnership's name for the header (the signed-in user's own partnership, otherwise
    the configured name) and which sections of the menu the user has."""
    name = settings.SMH_PARTNERSHIP_NAME
    nav = dict.fromkeys(
        (
            "case_work",
            "triage",
            "data_protection",
            "flags",
            "identity_review",
            "equality",
            "imports",
        ),
        False,
    )
    user = getattr(request, "user", None)
    agency = getattr(user, "agency", None) if user is not None and user.is_authenticated else None
    if agency is not None:
        area = agency.area
        name = area.name
        nav["case_work"] = user.role in CASE_ROLES  # type: ignore[union-attr]
        nav["triage"] = (
            user.role in MANAGING_ROLES  # type: ignore[union-attr]
            and user.team_id is not None  # type: ignore[union-attr]
            and user.team_id == area.triage_team_id  # type: ignore[union-attr]
        )
        nav["data_protection"] = data_protection_area(user) is not None  # type: ignore[arg-type]
        nav["flags"] = can_see_flags(user).allowed  # type: ignore[arg-type]
        nav["identity_review"] = can_review_identity(user, area).allowed  # type: ignore[arg-type]
        nav["equality"] = can_see_equality(user).allowed  # type: ignore[arg-type]
        nav["imports"] = can_import(user).allowed  # type: ignore[arg-type]
    return {
        "partnership_name": name,
        "demo_mode": settings.SMH_DEMO_MODE,
        "nav": nav,
        "source_url": settings.SMH_SOURCE_URL,
    }
