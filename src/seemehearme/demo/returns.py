"""The demo area's details for the national return: a made-up ONS code (no real local authority
has E06000999) and child population, so morgan.lead can preview and download a return."""

from __future__ import annotations

from seemehearme.areas.models import Area

DEMO_ONS_CODE = "E06000999"
DEMO_CHILD_POPULATION = 48_000


def demo_return_details_set(*, area: Area) -> None:
    area.ons_code = DEMO_ONS_CODE
    area.child_population = DEMO_CHILD_POPULATION
    area.save(update_fields=["ons_code", "child_population"])
