"""Case-work reference data an administrator may look after: risk levels, closure reasons, the
framework's reflective questions and the patterns of abuse. Cases themselves are about children
and are never registered here."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from seemehearme.areas.admin import site
from seemehearme.areas.reference import named_by
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.cases.models import AbusePattern, ClosureReason, ReflectiveQuestion, RiskLevel


@named_by(RiskLevel)
def _scoring_schemes_naming(level: models.Model) -> list[str]:
    """A screening scheme's band may point at a risk level by its scheme and code."""
    from seemehearme.screening.models import ScoringScheme

    assert isinstance(level, RiskLevel)
    for rules in ScoringScheme.objects.values_list("rules", flat=True):
        bands = rules.get("bands", []) if isinstance(rules, dict) else []
        for band in bands:
            levels = band.get("case_risk_levels") if isinstance(band, dict) else None
            if isinstance(levels, dict) and levels.get(level.scheme) == level.code:
                return ["screening scoring schemes"]
    return []


@admin.register(RiskLevel, site=site)
class RiskLevelAdmin(ReferenceDataAdmin):
    list_display = ["name", "scheme", "code", "rank", "is_active"]
    list_filter = ["scheme", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["scheme", "rank"]


@admin.register(ClosureReason, site=site)
class ClosureReasonAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["name"]


@admin.register(ReflectiveQuestion, site=site)
class ReflectiveQuestionAdmin(ReferenceDataAdmin):
    list_display = ["text", "group", "order", "code", "version", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["text", "code"]
    ordering = ["group", "order"]
    readonly_fields = ["version"]


@admin.register(AbusePattern, site=site)
class AbusePatternAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "order", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["order", "name"]
