"""Meeting reference data an administrator may look after: the kinds of meeting. Meetings
themselves concern children and are never registered here."""

from __future__ import annotations

from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.meetings.models import MeetingType


@admin.register(MeetingType, site=site)
class MeetingTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "discusses_places", "order", "version", "is_active"]
    list_filter = ["discusses_places", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["order", "name"]
    readonly_fields = ["version"]
