"""The form the data protection lead fills in to register an agency system."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from seemehearme.areas.models import Agency
from seemehearme.web.forms import GovukFormMixin


class AgencySystemForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Which agency's system is it?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency the system belongs to",
            "invalid_choice": "Choose one of this partnership's agencies",
        },
    )
    name = forms.CharField(
        label="Name of the system",
        max_length=200,
        help_text="So you can tell its tokens apart, for example 'Police records system'.",
        error_messages={
            "required": "Enter the name of the system",
            "max_length": "Name of the system must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field: forms.ModelChoiceField = self.fields["agency"]  # type: ignore[assignment]
        agency_field.queryset = agencies
