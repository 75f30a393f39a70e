"""The words and numbers a partnership publishes on its public pages.

One row per partnership and language, replaced when an editor publishes and kept in history
(who, when, what changed). A blank field falls back to the default language's row, then to the
national default (``seemehearme.public.content``), so a partnership that has published nothing
still shows 999, Childline and CEOP. Nothing here is about a child or a member of staff's work:
it is public by design.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Area


class BusinessType(models.TextChoices):
    """The kinds of local business the public pages speak to; the value is the page's slug."""

    HOTELS = "hotels", "Hotels and other places to stay"
    TAXIS = "taxis", "Taxis and private hire"
    TAKEAWAYS = "takeaways", "Takeaways and fast food"
    LICENSED = "pubs-bars-and-clubs", "Pubs, bars and clubs"
    SHOPS = "shops", "Shops"


# The field holding each business type's local notes.
NOTES_FIELD = {
    BusinessType.HOTELS: "notes_hotels",
    BusinessType.TAXIS: "notes_taxis",
    BusinessType.TAKEAWAYS: "notes_takeaways",
    BusinessType.LICENSED: "notes_licensed",
    BusinessType.SHOPS: "notes_shops",
}

CONTACT_FIELDS = (
    "front_door_name",
    "front_door_phone",
    "front_door_hours",
    "out_of_hours_phone",
    "emergency_phone",
    "childline_phone",
    "ceop_url",
    "nspcc_phone",
)
TEXT_FIELDS = ("introduction", *NOTES_FIELD.values())
EDITABLE_FIELDS = CONTACT_FIELDS + TEXT_FIELDS


def _notes(kind: str) -> models.TextField:
    return models.TextField(
        blank=True,
        max_length=2000,
        help_text=f"Shown on the page for {kind}, under the national advice. Optional.",
    )


class PublicText(models.Model):
    """A partnership's published contact details and local text, in one language."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="public_texts")
    language = models.CharField(max_length=15, help_text="A language code, such as en-gb.")
    front_door_name = models.CharField(
        "Who takes concerns about children",
        max_length=200,
        blank=True,
        help_text='For example "Children\'s Advice and Support Service". Blank says "children\'s '
        'services at your local council".',
    )
    front_door_phone = models.CharField("Their phone number", max_length=40, blank=True)
    front_door_hours = models.CharField(
        "When the phone is answered",
        max_length=200,
        blank=True,
        help_text='For example "Monday to Thursday 8:30am to 5pm, Friday 8:30am to 4:30pm".',
    )
    out_of_hours_phone = models.CharField(
        "Phone number at other times (out of hours)", max_length=40, blank=True
    )
    emergency_phone = models.CharField(
        "Emergency number", max_length=40, blank=True, help_text="Blank shows 999."
    )
    childline_phone = models.CharField(
        "Childline's number", max_length=40, blank=True, help_text="Blank shows 0800 1111."
    )
    ceop_url = models.URLField(
        "Where to report online abuse (CEOP)",
        max_length=300,
        blank=True,
        help_text="Blank links to CEOP's Safety Centre.",
    )
    nspcc_phone = models.CharField(
        "Helpline for adults worried about a child",
        max_length=40,
        blank=True,
        help_text="Blank shows the NSPCC helpline, 0808 800 5000.",
    )
    introduction = models.TextField(
        "Local introduction",
        blank=True,
        max_length=2000,
        help_text="Shown at the top of the home page. Optional.",
    )
    notes_hotels = _notes("hotels")
    notes_taxis = _notes("taxis and private hire")
    notes_takeaways = _notes("takeaways")
    notes_licensed = _notes("pubs, bars and clubs")
    notes_shops = _notes("shops")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "language"], name="one_public_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.language})"
