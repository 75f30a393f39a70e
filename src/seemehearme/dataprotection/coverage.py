"""Coverage: for each holder and reader agency and each kind of information, whether an
agreement in force shares it and for which purposes, and how many items the policy withholds
from the reader for want of one. Counts only: no item, no child."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from seemehearme.areas.models import Agency, Area
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import InformationItem, WorkingRelationship
from seemehearme.sharing.models import (
    SAFEGUARDING_PURPOSE,
    InformationCategory,
    InformationSharingAgreement,
)


@dataclass(frozen=True)
class SharedCategory:
    category: InformationCategory
    purposes: list[str]  # names
    references: list[str]
    for_safeguarding: bool


@dataclass
class PairCoverage:
    """What ``holder`` shares with ``reader``, and what ``reader``'s staff cannot see."""

    holder: Agency
    reader: Agency
    shared: list[SharedCategory] = field(default_factory=list)
    # Items the holder has about children the reader works with, that a record view by the
    # reader's staff withholds (no agreement for the category and individual safeguarding).
    withheld: list[tuple[InformationCategory, int]] = field(default_factory=list)

    @property
    def has_agreement(self) -> bool:
        return bool(self.shared)

    @property
    def withheld_total(self) -> int:
        return sum(count for _, count in self.withheld)


Covered = dict[tuple[int, int, int], tuple[set[tuple[str, str]], set[str]]]


def _purposes(area: Area, on: dt.date) -> Covered:
    """(holder id, reader id, category id) -> ((purpose code, name), agreement references) for
    every agreement in force in the partnership."""
    covered: Covered = defaultdict(lambda: (set(), set()))
    agreements = InformationSharingAgreement.objects.in_force(on).filter(area=area)
    for agreement in agreements.prefetch_related("parties", "categories", "purposes"):
        parties = list(agreement.parties.all())
        purposes = {(purpose.code, purpose.name) for purpose in agreement.purposes.all()}
        for holder in parties:
            for reader in parties:
                if holder.pk == reader.pk:
                    continue
                for category in agreement.categories.all():
                    codes, references = covered[(holder.pk, reader.pk, category.pk)]
                    codes |= purposes
                    references.add(agreement.reference)
    return covered


def _held_about_readers_children(reader: Agency, on: dt.date) -> dict[tuple[int, int], int]:
    """Items (agency information and agency events) held by other agencies about children the
    reader works with (a current relationship through one of its staff or teams), counted by
    (holder id, category id): two grouped queries."""
    children = (
        WorkingRelationship.objects.current(on)
        .filter(Q(user__agency=reader) | Q(team__agency=reader))
        .values("child_id")
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    items = (
        InformationItem.objects.filter(child_id__in=children)
        .exclude(source_agency=reader)
        .values("source_agency_id", "category_id")
        .annotate(n=Count("id"))
    )
    for row in items:
        counts[(row["source_agency_id"], row["category_id"])] += row["n"]
    events = (
        AgencyEvent.objects.filter(child_id__in=children)
        .exclude(agency=reader)
        .values("agency_id", "category_id")
        .annotate(n=Count("id"))
    )
    for row in events:
        counts[(row["agency_id"], row["category_id"])] += row["n"]
    return counts


def coverage(*, area: Area, on: dt.date) -> list[PairCoverage]:
    """Every ordered pair of the partnership's active agencies, pairs with most withheld first,
    then those with no agreement at all, then by name."""
    agencies = list(Agency.objects.filter(area=area, is_active=True).order_by("name"))
    categories = {category.pk: category for category in InformationCategory.objects.all()}
    covered = _purposes(area, on)
    pairs: list[PairCoverage] = []
    for reader in agencies:
        held = _held_about_readers_children(reader, on)
        for holder in agencies:
            if holder.pk == reader.pk:
                continue
            pair = PairCoverage(holder=holder, reader=reader)
            for category in categories.values():
                codes, references = covered.get((holder.pk, reader.pk, category.pk), (set(), set()))
                safeguarding = any(code == SAFEGUARDING_PURPOSE for code, _ in codes)
                if codes:
                    names = sorted(name for _, name in codes)
                    pair.shared.append(
                        SharedCategory(category, names, sorted(references), safeguarding)
                    )
                count = held.get((holder.pk, category.pk), 0)
                if count and not safeguarding:
                    pair.withheld.append((category, count))
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.withheld_total, p.has_agreement, p.holder.name, p.reader.name))
    return pairs
