"""The expectations a partnership assesses itself against, in the back office: reference data,
retired and replaced, never reworded in use (docs/adr/0013-reference-data-retire-and-replace.md).
Assessments, plans and recommendations are kept on the service's own pages."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from seemehearme.areas.admin import site
from seemehearme.areas.reference_admin import ReferenceDataAdmin
from seemehearme.assurance.models import Expectation


@admin.register(Expectation, site=site)
class ExpectationAdmin(ReferenceDataAdmin):
    list_display = ["text", "source", "order", "code", "version", "is_active"]
    list_filter = ["source", "is_active"]
    search_fields = ["text", "code"]
    ordering = ["order"]
    readonly_fields = ["version"]

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm, change: bool
    ) -> None:
        """A new version says which item it replaces, so assessments compare across them."""
        replaced = self._replaced(request)
        if isinstance(obj, Expectation) and isinstance(replaced, Expectation):
            obj.replaces = replaced
        super().save_model(request, obj, form, change)
