"""The migrations that start the history of each kind of reference data (ADR 0013): every
existing item stays as it was, offered or retired, and its history starts with what it says."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from seemehearme.cases.models import ClosureReason, ReflectiveQuestion, RiskLevel
from seemehearme.feeds.models import EventType
from seemehearme.meetings.models import MeetingType
from seemehearme.plans.models import DisruptionTactic

pytestmark = pytest.mark.django_db

MIGRATIONS = {
    "seemehearme.cases.migrations.0007_reference_data_history": [
        RiskLevel,
        ClosureReason,
        ReflectiveQuestion,
    ],
    "seemehearme.meetings.migrations.0006_meeting_type_history": [MeetingType],
    "seemehearme.plans.migrations.0004_disruption_tactic_history": [DisruptionTactic],
    "seemehearme.feeds.migrations.0006_event_type_history": [EventType],
}


@pytest.mark.parametrize(("module", "models"), MIGRATIONS.items(), ids=list(MIGRATIONS))
def test_existing_items_keep_their_state_and_their_history_starts(module, models):
    retired = models[0]._default_manager.order_by("pk").first()
    retired.is_active = False
    retired.save()
    for model in models:
        model.history.all().delete()
    before = {model: list(model._default_manager.order_by("pk").values()) for model in models}
    assert all(before.values())  # seeded by the earlier migrations

    importlib.import_module(module).history_starts(apps, None)

    for model in models:
        assert list(model._default_manager.order_by("pk").values()) == before[model]
        for item in before[model]:
            (start,) = model.history.filter(id=item["id"])
            assert start.history_type == "+"
            assert start.history_change_reason == "As it was when its history started"
            fields = [f.attname for f in model._meta.concrete_fields]
            assert {f: getattr(start, f) for f in fields} == {f: item[f] for f in fields}
    assert not models[0]._default_manager.get(pk=retired.pk).is_active
    assert models[0]._default_manager.exclude(pk=retired.pk).filter(is_active=False).count() == 0
