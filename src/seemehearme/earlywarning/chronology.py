"""Early-warning flags in the child's chronology (registered from EarlyWarningConfig.ready).

An entry says that a flag was raised and what became of it, never which rule fired: a rule's
name can reveal what the events behind it were, and those are decided event by event on the
flag's own page. Entries are the triage team's case work (its agency, social care).
"""

from __future__ import annotations

from collections.abc import Iterable

from seemehearme.cases.chronology import Entry, page_link
from seemehearme.dates import long_date
from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.people.models import Child

CASE_WORK = "social-care"  # the InformationCategory code of the triage team's records


def flag_entries(child: Child) -> Iterable[Entry]:
    team = child.area.triage_team
    if team is None:
        return
    link = page_link("earlywarning:flag", "flag_id")
    for flag in Flag.objects.filter(child=child).select_related("decided_by"):
        if flag.status in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED) and flag.decided_at:
            detail = f"{flag.get_status_display()} on {long_date(flag.decided_at)}"
            if flag.decided_by is not None:
                detail += f" by {flag.decided_by.display_name}"
            detail += "."
        elif flag.status == FlagStatus.LAPSED:
            detail = f"No longer met on {long_date(flag.as_of)}, before review."
        else:
            detail = "Waiting for review by the triage team."
        yield Entry(
            when=flag.raised_at,
            title="Early-warning flag raised",
            detail=detail,
            source_agency=team.agency,
            category=CASE_WORK,
            ref=f"early-warning flag {flag.pk}",
            link=link(flag.pk),
        )
