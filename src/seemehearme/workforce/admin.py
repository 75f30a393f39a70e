"""The back office's pages for the training courses and supervision standards (reference data:
retire and replace). Training and supervision records are kept through the service's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from seemehearme.areas.admin import site
from seemehearme.areas.models import Role
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.workforce.models import SupervisionStandard, TrainingCourse


class TrainingCourseForm(forms.ModelForm):
    required_for = forms.MultipleChoiceField(
        label="Required for roles",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The roles whose staff must have this training in date.",
    )

    class Meta:
        model = TrainingCourse
        fields: Any = "__all__"


@admin.register(TrainingCourse, site=site)
class TrainingCourseAdmin(ReferenceDataAdmin):
    form = TrainingCourseForm
    list_display = ["name", "code", "version", "valid_for_months", "is_active"]
    search_fields = ["name", "code", "description"]
    ordering = ["order", "name"]


@admin.register(SupervisionStandard, site=site)
class SupervisionStandardAdmin(ReferenceDataAdmin):
    list_display = ["role", "team", "interval_days", "is_active"]
    list_filter = ["role", "is_active"]
    ordering = ["role"]
