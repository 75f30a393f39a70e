"""Protection-plan reference data an administrator may look after: the disruption tactics
offered for an action. Plans themselves are about children and are never registered here."""

from __future__ import annotations

from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.plans.models import DisruptionTactic


@admin.register(DisruptionTactic, site=site)
class DisruptionTacticAdmin(ReferenceDataAdmin):
    list_display = ["name", "group", "code", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["group", "name"]
