"""Synthetic screenings for tests. Every person here is made up."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from seemehearme.screening.models import IndicatorSet, ScoringScheme, Screening
from tests.factories import ChildFactory, StaffUserFactory


def scheme(code: str = "seraf") -> ScoringScheme:
    return ScoringScheme.objects.get(code=code, version=1)


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A stored screening with a result and no answers: for pages that only need one to
    exist. Use ``screening_record`` to screen a child properly."""

    class Meta:
        model = Screening

    child = factory.SubFactory(ChildFactory)
    indicator_set = factory.LazyFunction(lambda: IndicatorSet.objects.get(is_current=True))
    scheme = factory.LazyFunction(scheme)
    completed_by = factory.LazyAttribute(
        lambda s: StaffUserFactory(team__agency__area=s.child.area)
    )
    source_agency = factory.LazyAttribute(lambda s: s.completed_by.agency)
    completed_on = factory.LazyFunction(timezone.localdate)
    score = 2
    band_code = "not-at-risk"
    band_label = "Not at risk"
    required_action = "Keep supporting the child."
    explanation = factory.LazyFunction(lambda: ["Total: 2 points, which is Not at risk (0 to 5)."])
    reassess_due = factory.LazyAttribute(lambda s: s.completed_on + dt.timedelta(days=91))
