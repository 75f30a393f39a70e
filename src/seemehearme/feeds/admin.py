"""Feed reference data an administrator may look after: the event types agencies report.
Events themselves are about children and are never registered here."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from seemehearme.areas.admin import site
from seemehearme.areas.reference import named_by
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.feeds.models import EventType


@named_by(EventType)
def _rule_sets_naming(event_type: models.Model) -> list[str]:
    """Early-warning rule sets name event types by code in their indicators."""
    from seemehearme.earlywarning.models import RuleSet

    assert isinstance(event_type, EventType)
    for rules in RuleSet.objects.values_list("rules", flat=True):
        indicators = rules.get("indicators", []) if isinstance(rules, dict) else []
        for indicator in indicators:
            codes = indicator.get("event_types") if isinstance(indicator, dict) else None
            if isinstance(codes, list) and event_type.code in codes:
                return ["early-warning rule sets"]
    return []


@admin.register(EventType, site=site)
class EventTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["code"]
    list_select_related = ["category"]
