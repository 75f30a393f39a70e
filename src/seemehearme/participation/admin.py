"""Participation reference data an administrator may look after: the kinds of support offered
to families. The offers themselves are about children and are never registered here."""

from __future__ import annotations

from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.participation.models import FamilySupportKind


@admin.register(FamilySupportKind, site=site)
class FamilySupportKindAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "description"]
