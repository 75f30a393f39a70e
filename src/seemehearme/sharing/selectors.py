"""Reads for the agreement pages, the break-glass review queue, and the counts of withheld
items that every page about a child shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seemehearme.areas.models import Agency, Area
from seemehearme.audit.selectors import access_log_break_glass_views
from seemehearme.sharing.models import (
    BreakGlassAccess,
    BreakGlassQuerySet,
    InformationCategory,
    InformationSharingAgreement,
)
from seemehearme.sharing.policy import Decision


@dataclass(frozen=True)
class Withheld:
    """Items withheld from the viewer, counted. Named ones are grouped by who holds them and
    what kind they are; unnamed ones (see ``Decision.unnamed``) are counted together with
    neither, so the notice says only "2 items are withheld"."""

    source_agency: Agency | None
    category: InformationCategory | None
    count: int
    reason: str

    @property
    def unnamed(self) -> bool:
        return self.source_agency is None


def withheld_counts(
    decided: Iterable[tuple[Agency, InformationCategory, Decision]], *, by_category: bool = True
) -> list[Withheld]:
    """The withheld notices for a page: every refused (holder, category, decision), counted
    by holder and category (by holder only if ``by_category`` is off), holders in name order,
    then everything that may not be named as one count."""
    named: dict[tuple[int, int | None], list[tuple[Agency, InformationCategory, Decision]]]
    named = defaultdict(list)
    unnamed: list[Decision] = []
    for agency, category, decision in decided:
        if decision.allowed:
            continue
        if decision.unnamed:
            unnamed.append(decision)
        else:
            named[(agency.pk, category.pk if by_category else None)].append(
                (agency, category, decision)
            )
    groups = [
        Withheld(rows[0][0], rows[0][1] if by_category else None, len(rows), rows[0][2].reason)
        for rows in named.values()
    ]
    groups.sort(key=lambda w: (w.source_agency.name if w.source_agency else "", str(w.category)))
    if unnamed:
        groups.append(Withheld(None, None, len(unnamed), unnamed[0].reason))
    return groups


def agreement_list(*, area: Area) -> QuerySet[InformationSharingAgreement]:
    """The partnership's agreements, by reference, with their parties."""
    return (
        InformationSharingAgreement.objects.filter(area=area)
        .prefetch_related("parties")
        .order_by("reference")
    )


def agreement_detail(*, area: Area) -> QuerySet[InformationSharingAgreement]:
    """Agreements with everything the detail page shows; the view picks one by id."""
    return (
        InformationSharingAgreement.objects.filter(area=area)
        .select_related("updated_by", "updated_by__agency")
        .prefetch_related("parties", "categories", "purposes", "signatories__agency")
    )


def agreement_party_choices(
    *, area: Area, agreement: InformationSharingAgreement | None
) -> QuerySet[Agency]:
    """Active agencies in the partnership, plus any already party to this agreement."""
    current = Q(agreements=agreement) if agreement is not None and agreement.pk else Q(pk__in=[])
    return Agency.objects.filter(area=area).filter(Q(is_active=True) | current).distinct()


def agreement_unsigned_parties(*, agreement: InformationSharingAgreement) -> list[str]:
    """Names of parties with no signatory yet: the agreement cannot be made active until none."""
    signed = {signatory.agency_id for signatory in agreement.signatories.all()}
    return [party.name for party in agreement.parties.all() if party.pk not in signed]


@dataclass(frozen=True)
class BreakGlassReviewRow:
    access: BreakGlassAccess
    views_logged: int


def break_glass_accesses(*, area: Area) -> BreakGlassQuerySet:
    """Break-glass access to the partnership's children, with who and which child."""
    return BreakGlassAccess.objects.filter(child__area=area).select_related(
        "user", "user__agency", "child", "reviewed_by"
    )


def break_glass_views_logged(*, access: BreakGlassAccess) -> int:
    """Access-log entries the user made about the child during this access."""
    return access_log_break_glass_views(
        user=access.user, child=access.child, start=access.started_at, end=access.expires_at
    )


def break_glass_review_queue(*, area: Area) -> list[BreakGlassReviewRow]:
    """Break-glass access not yet reviewed, oldest first, with how much was looked at."""
    accesses = break_glass_accesses(area=area).awaiting_review().order_by("started_at", "pk")
    return [
        BreakGlassReviewRow(access=access, views_logged=break_glass_views_logged(access=access))
        for access in accesses
    ]
