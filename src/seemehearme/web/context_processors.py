from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The partnership's name for the header: the signed-in user's own partnership, otherwise
    the configured name (for the sign-in pages)."""
    name = settings.SMH_PARTNERSHIP_NAME
    user = getattr(request, "user", None)
    agency = getattr(user, "agency", None) if user is not None and user.is_authenticated else None
    if agency is not None:
        name = agency.area.name
    return {"partnership_name": name, "demo_mode": settings.SMH_DEMO_MODE}
