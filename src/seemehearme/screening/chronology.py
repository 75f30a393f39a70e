"""Screenings in the child's chronology (registered from ScreeningConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable

from seemehearme.cases.chronology import Entry, page_link
from seemehearme.dates import long_date
from seemehearme.people.models import Child
from seemehearme.screening.models import Screening


def screening_entries(child: Child) -> Iterable[Entry]:
    link = page_link("screening:detail", "screening_id")
    for screening in Screening.objects.filter(child=child).select_related("source_agency"):
        judged = " (professional judgement)" if screening.override_band else ""
        yield Entry(
            when=screening.completed_on,
            title=f"Screening: {screening.final_label}{judged}",
            detail=f"Reassessment due {long_date(screening.reassess_due)}.",
            source_agency=screening.source_agency,
            category="social-care",
            ref=f"screening {screening.pk}",
            link=link(screening.pk),
        )
