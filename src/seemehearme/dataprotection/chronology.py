"""Decisions to share in the child's chronology (registered from DataProtectionConfig.ready).

A decision is the recorder's agency's case work: the chronology's policy check shows it only to
those who may see that agency's case work about the child.
"""

from __future__ import annotations

from collections.abc import Iterable

from seemehearme.cases.chronology import Entry
from seemehearme.dataprotection.models import SharingDecision
from seemehearme.people.models import Child

CASE_WORK = "social-care"  # the InformationCategory code of case work


def decision_summary(decision: SharingDecision) -> str:
    """The decision in a few lines: what, with whom, why, on what basis, and consent."""
    what = ", ".join(category.name for category in decision.categories.all())
    lines = [
        f"What: {'; '.join(part for part in (what, decision.what) if part)}",
        f"With: {decision.with_whom}",
        f"Purpose: {decision.purpose.name}",
        f"Reason: {decision.reason}",
    ]
    if decision.lawful_basis:
        lines.append(f"Lawful basis: {decision.get_lawful_basis_display()}")
    consent = decision.get_consent_display()
    if decision.consent_not_sought_because:
        consent += f" ({decision.get_consent_not_sought_because_display().lower()})"
    if decision.consent_notes:
        consent += f": {decision.consent_notes}"
    lines.append(f"Consent: {consent}")
    return "\n".join(lines)


def sharing_decision_entries(child: Child) -> Iterable[Entry]:
    decisions = (
        SharingDecision.objects.filter(child=child)
        .select_related("agency", "with_agency", "purpose")
        .prefetch_related("categories")
    )
    for decision in decisions:
        yield Entry(
            when=decision.decided_on,
            title="Decided to share information" if decision.shared else "Decided not to share",
            detail=decision_summary(decision),
            source_agency=decision.agency,
            category=CASE_WORK,
            ref=f"decision to share {decision.pk}",
        )
