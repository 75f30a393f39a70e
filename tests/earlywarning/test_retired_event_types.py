"""A rule set may not name an event type the administrator has retired (ADR 0013), and says so
in words rather than calling it unknown."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from seemehearme.earlywarning.rules import rules_read
from seemehearme.feeds.models import EventType
from tests.earlywarning.test_rule_sets import VALID

pytestmark = pytest.mark.django_db


def test_a_retired_event_type_is_refused_as_no_longer_in_use():
    EventType.objects.filter(code="missing-episode").update(is_active=False)
    with pytest.raises(ValidationError) as error:
        rules_read(json.dumps(VALID))
    assert error.value.messages == [
        "indicators[0] (missing).event_types: event types no longer in use (retired): "
        "missing-episode"
    ]
