"""Two concerns reported through the demo partnership's public form (all made up), waiting in
the triage queue: an anonymous taxi driver, and a parent who left an email address."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from seemehearme.areas.models import Area
from seemehearme.concerns.models import Concern
from seemehearme.concerns.services import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Report,
    concern_receive,
)

DEMO_CONCERNS = [
    (
        6,
        Report(
            reporter_type="business",
            business_type="taxi",
            what_happened=(
                "I drove two girls who looked about 13 from the retail park to a flat above the "
                "shops on Canal Row at 11pm. An older man paid in cash and told them to keep "
                "their phones off. (Synthetic demo concern.)"
            ),
            child_description="Two girls, one with a pink rucksack",
            child_age="About 13",
            where="Canal Row, Northbridge",
            when="Saturday night",
            child_knows="no",
        ),
    ),
    (
        2,
        Report(
            reporter_type="parent_carer",
            what_happened=(
                "My son has new trainers and a phone we did not buy him, and says an older lad "
                "gives him lifts. He comes home very late. (Synthetic demo concern.)"
            ),
            child_description="My son, Kai",
            child_age="14",
            where="Northbridge town centre",
            when="The last few weeks",
            child_knows="not_sure",
            contact_name="A parent (synthetic)",
            contact_email="parent@example.invalid",
            contact_best_time="Weekday evenings",
        ),
    ),
]


def demo_concerns_create(*, area: Area, as_of: dt.date) -> list[Concern]:
    """The demo's public concerns, received a few hours before ``as_of``'s current time."""
    now = timezone.now()
    if as_of != timezone.localdate():
        now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(12, 0)))
    concerns = []
    for number, (hours, report) in enumerate(DEMO_CONCERNS):
        concern = concern_receive(
            area=area, report=report, now=now - dt.timedelta(hours=hours), notify=False
        )
        # Real references are secret random draws; the demo's are the same on every build
        # (docs/demo.md, "Determinism"), drawn from their own seeded stream.
        draw = random.Random(f"{area.slug}:concern:{number}")  # noqa: S311  (demo only)
        concern.reference = "".join(
            draw.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
        )
        concern.save(update_fields=["reference"])
        concerns.append(concern)
    return concerns
