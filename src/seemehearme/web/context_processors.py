from django.conf import settings
from django.http import HttpRequest

from seemehearme.web.navigation import destinations_for


def site(request: HttpRequest) -> dict[str, object]:
    """The partnership's name for the header (the signed-in user's own partnership, otherwise
    the configured name) and where the user can go (``web.navigation``)."""
    name = settings.SMH_PARTNERSHIP_NAME
    user = getattr(request, "user", None)
    destinations = []
    if user is not None and user.is_authenticated:
        agency = getattr(user, "agency", None)
        if agency is not None:
            name = agency.area.name
        destinations = destinations_for(user)  # type: ignore[arg-type]
    return {
        "partnership_name": name,
        "demo_mode": settings.SMH_DEMO_MODE,
        "destinations": destinations,
        # The pages the user may open, by URL name, for "{% if 'x:y' in can_go %}" in templates.
        "can_go": {destination.url_name for destination in destinations},
        "source_url": settings.SMH_SOURCE_URL,
        "quick_exit_url": settings.SMH_QUICK_EXIT_URL,
    }
