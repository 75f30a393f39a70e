"""Screening reference data an administrator may look after: checklists and scoring schemes.
Screenings themselves are about children and are never registered here."""

from __future__ import annotations

from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.screening.models import Indicator, IndicatorSet, ScoringScheme


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "kind",
        "number",
        "text",
        "public_text",
        "young_person_text",
        "seraf_level",
        "category",
    ]


@admin.register(IndicatorSet, site=site)
class IndicatorSetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "published_on", "is_current"]
    inlines = [IndicatorInline]


@admin.register(ScoringScheme, site=site)
class ScoringSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "is_active"]
