"""The upload form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from seemehearme.web.forms import GovukFormMixin

DEFAULT_MAX_UPLOAD_MB = 50


def max_upload_mb() -> int:
    """The largest file the upload page takes; bigger files go through ``smh import``."""
    return int(getattr(settings, "SMH_IMPORT_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))


class UploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or an XLSX file")
        limit = max_upload_mb()
        if upload.size is not None and upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"The selected file must be smaller than {limit} MB. Split it into smaller files, "
                "or ask your system administrator to import it with smh import."
            )
        return upload
