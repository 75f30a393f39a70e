"""What every public page's template is given: the partnership, its published text and
contacts (fallbacks applied, in the visitor's language) and the national links.

Shared by the public pages and the "Report a concern" pages, so that an emergency number or
the front door's hours the partnership publishes show everywhere a member of the public looks.
"""

from __future__ import annotations

from typing import Any

from seemehearme.areas.models import Area
from seemehearme.public import content


def public_context(
    area: Area, published: content.Published | None = None, **more: Any
) -> dict[str, Any]:
    published = published or content.published_text(area)
    return {
        "area": area,
        "published": published,
        "contacts": published.contacts,
        "businesses": list(content.BUSINESS_ADVICE.values()),
        "links": content,
        **more,
    }
