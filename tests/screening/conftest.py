from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from seemehearme.people.models import RelationshipKind
from seemehearme.screening.models import Indicator, IndicatorSet, Presence
from seemehearme.screening.services import AnswerInput
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, relate


@pytest.fixture
def child():
    return ChildFactory()


@pytest.fixture
def worker(child):
    """The child's key worker."""
    user = StaffUserFactory(team__agency__area=child.area)
    relate(child, RelationshipKind.KEY_WORKER, user=user)
    return user


@pytest.fixture
def indicators() -> dict[str, Indicator]:
    """The current checklist, by the start of each indicator's words."""
    current = IndicatorSet.objects.get(is_current=True)
    return {indicator.text: indicator for indicator in current.indicators.all()}


def find(indicators: dict[str, Indicator], start: str) -> Indicator:
    return next(ind for text, ind in indicators.items() if text.startswith(start))


@pytest.fixture
def answers(indicators) -> Callable[..., list[AnswerInput]]:
    """Answers to the whole checklist: "no" except the ``yes`` ones, given as
    {start of the indicator's words: days since last seen}."""

    def make(yes: dict[str, int] | None = None, agency=None, **overrides) -> list[AnswerInput]:
        chosen = {find(indicators, start).pk: days for start, days in (yes or {}).items()}
        agency = agency or AgencyFactory()
        today = timezone.localdate()
        return [
            AnswerInput(
                indicator=indicator,
                present=Presence.YES,
                evidence=f"Synthetic evidence for {indicator.text.lower()}",
                source_agency=agency,
                observed_on=today - dt.timedelta(days=chosen[indicator.pk]),
            )
            if indicator.pk in chosen
            else AnswerInput(indicator=indicator, present=Presence.NO)
            for indicator in indicators.values()
        ]

    return make
