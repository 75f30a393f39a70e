"""Reading participation and family support."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from seemehearme.areas.models import Area
from seemehearme.cases.models import Case
from seemehearme.participation.models import FamilySupportOffer, ParticipationActivity


def activities(area: Area) -> QuerySet[ParticipationActivity]:
    """The partnership's participation activities, newest first, with what changed."""
    return (
        ParticipationActivity.objects.filter(area=area)
        .select_related("run_by")
        .prefetch_related("changes")
    )


@dataclass(frozen=True)
class Breakdown:
    """Counts of one kind (age band or gender) for one activity, where any were given."""

    label: str
    rows: list[tuple[str, int]]


def breakdowns(activity: ParticipationActivity) -> list[Breakdown]:
    """The age bands and genders recorded for ``activity``, leaving out what was not given."""
    found = []
    for label, group in (
        ("Age", ParticipationActivity.AGE_BANDS),
        ("Gender", ParticipationActivity.GENDERS),
    ):
        rows = [
            (name, value)
            for field, name in group
            if (value := getattr(activity, field)) is not None
        ]
        if rows:
            found.append(Breakdown(label, rows))
    return found


def family_support(case: Case) -> QuerySet[FamilySupportOffer]:
    """Support offered to the family on ``case``, newest first."""
    return case.family_support.select_related("kind", "agency", "recorded_by")
