"""The back-office form for a partnership's public text."""

from __future__ import annotations

from django import forms

from seemehearme.public.models import EDITABLE_FIELDS, PublicText
from seemehearme.web.forms import GovukFormMixin


class PublicTextForm(GovukFormMixin, forms.ModelForm):
    ceop_url = forms.URLField(
        label=PublicText._meta.get_field("ceop_url").verbose_name,
        help_text=PublicText._meta.get_field("ceop_url").help_text,
        max_length=300,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = PublicText
        fields = list(EDITABLE_FIELDS)

    def hidden_copy(self) -> list[tuple[str, str]]:
        """(name, value) pairs that carry the unsaved text through the preview page."""
        return [(name, self.cleaned_data.get(name) or "") for name in EDITABLE_FIELDS]
