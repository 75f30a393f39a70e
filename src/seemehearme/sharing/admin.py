"""Reference data an administrator may extend: information categories and sharing purposes.
Agreements are managed by the data protection lead in the service's own pages."""

from __future__ import annotations

from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.sharing.models import InformationCategory, SharingPurpose


@admin.register(InformationCategory, site=site)
class InformationCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "special_category", "withheld_unnamed", "version"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1  # rules and imports can tell which wording they were written against
        super().save_model(request, obj, form, change)


@admin.register(SharingPurpose, site=site)
class SharingPurposeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
