"""Sign-in forms, with the GOV.UK Design System's error messages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest

from seemehearme.areas.models import StaffUser
from seemehearme.web.forms import GovukFormMixin

# The same words whether the user name is unknown, the password wrong or the account disabled,
# so the form never says which user names exist.
WRONG_DETAILS = "Enter a correct user name and password"


class SignInForm(GovukFormMixin, forms.Form):
    """User name and password. A failure is counted by django-axes through ``authenticate``."""

    username = forms.CharField(
        label="User name",
        max_length=150,
        strip=True,
        error_messages={"required": "Enter your user name"},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: StaffUser | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            user = authenticate(self.request, username=username, password=password)
            if user is None:
                # Shown against the first field so the error summary has somewhere to link to.
                self.add_error("username", WRONG_DETAILS)
            else:
                self.user = user  # type: ignore[assignment]
        return self.cleaned_data


class CodeForm(GovukFormMixin, forms.Form):
    """The 6-digit code from an authenticator app. Spaces and dashes are ignored."""

    code = forms.CharField(
        label="Code from your authenticator app",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("The code must be 6 numbers, like 123456")
        return code


class NewPasswordMixin:
    """Our labels and messages for the two new password boxes, the password rules in force, and
    a broken rule against the new password box (Django puts it against the confirmation box)."""

    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = ""
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Type the new password again"

    @property
    def password_rules(self) -> list[str]:
        return password_validators_help_texts()

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")  # type: ignore[attr-defined]
        self.validate_password_for_user(self.user, "new_password1")  # type: ignore[attr-defined]
        return self.cleaned_data


class SetPasswordForm(GovukFormMixin, NewPasswordMixin, auth_forms.SetPasswordForm):
    """Choose a new password (after following a reset link)."""

    error_messages = {"password_mismatch": "The passwords do not match"}


class PasswordChangeForm(GovukFormMixin, NewPasswordMixin, auth_forms.PasswordChangeForm):
    """Change the password of the member of staff who is signed in."""

    error_messages = {
        "password_mismatch": "The passwords do not match",
        "password_incorrect": "Your current password is not correct",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link. The page that follows is the same whether the address is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email address"
        self.fields["email"].error_messages["required"] = "Enter your work email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.gov.uk"
        )
