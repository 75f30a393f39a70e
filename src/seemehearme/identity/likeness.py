"""Whether a pair waiting for review looks like one child, twins, or brothers and sisters.

Most pairs a reviewer is shown are not one child but two from the same family: the same family
name, address and school, and for twins the same date of birth, with only the given name to tell
them apart. The queue puts those after pairs that could be one child, and the pair's page says
why it looks like a family rather than a mistake in a record. The judgement reads the pair's
explanation (``matching.explanation``): what the model made of each detail, not the details
themselves, so it follows the model's own idea of alike names and dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

SAME_DATE = "the same"  # the date of birth level for an exact match


class Likeness(models.TextChoices):
    SAME_CHILD = "same_child", "Could be the same child"
    TWINS = "twins", "Could be twins"
    SIBLINGS = "siblings", "Could be brothers or sisters"


# The order the review queue shows them in: pairs that could be one child first.
QUEUE_ORDER = (Likeness.SAME_CHILD, Likeness.TWINS, Likeness.SIBLINGS)


def likeness(explanation: Iterable[Any]) -> Likeness:
    """Twins: given names pointing to different children, the same family name and the same
    date of birth. Brothers or sisters: given names and dates of birth pointing to different
    children, and the same family name. Anything else could be the same child."""
    rows = {row["field"]: row for row in explanation if isinstance(row, dict) and "field" in row}

    def weight(field: str) -> float:
        return float(rows.get(field, {}).get("weight", 0.0))

    if not (weight("given_name") < 0 and weight("family_name") > 0):
        return Likeness.SAME_CHILD
    if rows.get("dob", {}).get("level") == SAME_DATE:
        return Likeness.TWINS
    if weight("dob") < 0:
        return Likeness.SIBLINGS
    return Likeness.SAME_CHILD
