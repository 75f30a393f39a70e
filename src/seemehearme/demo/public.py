"""The demo partnership's published public text: a made-up front door with numbers from
Ofcom's range for drama (01632 960000 to 960999), which no real phone has."""

from __future__ import annotations

from django.conf import settings

from seemehearme.areas.models import Area, StaffUser
from seemehearme.public.models import PublicText
from seemehearme.public.services import public_text_publish

DEMO_PUBLIC_TEXT = {
    "front_door_name": "Northbridge Children's Front Door",
    "front_door_phone": "01632 960 100",
    "front_door_hours": "Monday to Friday, 9am to 5pm",
    "out_of_hours_phone": "01632 960 199",
    "introduction": (
        "Northbridge Safeguarding Partnership brings together the council, the police, health, "
        "schools and local charities to keep children safe. (Synthetic demo partnership.)"
    ),
    "notes_taxis": (
        "Northbridge's licensed drivers are trained in spotting exploitation as part of their "
        "licence. (Synthetic demo text.)"
    ),
}


def demo_public_text_create(*, area: Area) -> PublicText:
    """Published by the demo's CSE coordinator, in the default language."""
    coordinator = StaffUser.objects.get(username="sam.coordinator", agency__area=area)
    return public_text_publish(
        user=coordinator, language=settings.LANGUAGE_CODE, values=DEMO_PUBLIC_TEXT
    )
