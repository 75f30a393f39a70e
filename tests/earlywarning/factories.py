"""Factories for rule sets and flags. Every person here is made up."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from seemehearme.earlywarning.models import Flag, RuleSet, RuleSetStatus
from tests.factories import AreaFactory, ChildFactory

MINIMAL_RULES = {
    "indicators": [
        {
            "code": "missing-repeatedly",
            "label": "Missing from home or care three or more times in 90 days",
            "event_types": ["missing-episode"],
            "min_count": 3,
            "window_days": 90,
        }
    ],
    "rules": [
        {
            "code": "missing-three-in-90-days",
            "label": "Missing three or more times in 90 days",
            "any_of": ["missing-repeatedly"],
        }
    ],
}


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleSet

    area = factory.SubFactory(AreaFactory)
    code = "early-warning"
    version = factory.Sequence(lambda n: n + 1)
    name = "Early-warning rules"
    rules = factory.LazyFunction(lambda: MINIMAL_RULES)
    status = RuleSetStatus.APPROVED
    approved_on = factory.LazyFunction(timezone.localdate)
    approval_reference = "Board minute 1"


class FlagFactory(factory.django.DjangoModelFactory):
    """An open flag with no indicators (add them for the explanation)."""

    class Meta:
        model = Flag

    child = factory.SubFactory(ChildFactory)
    rule_set = factory.SubFactory(RuleSetFactory, area=factory.SelfAttribute("..child.area"))
    rule_code = "missing-three-in-90-days"
    rule_label = "Missing three or more times in 90 days"
    evaluated_at = factory.LazyFunction(timezone.now)
    as_of = factory.LazyFunction(timezone.localdate)
    first_event_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    last_event_on = factory.LazyFunction(timezone.localdate)
