from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "partnership_name": settings.SMH_PARTNERSHIP_NAME,
        "demo_mode": settings.SMH_DEMO_MODE,
    }
