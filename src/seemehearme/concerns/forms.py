"""The public form (only what triage needs) and the triage team's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seemehearme.cases.forms_referrals import ReferralChildForm, ReferralFindForm
from seemehearme.concerns.models import (
    BusinessType,
    ChildKnows,
    ConcernOutcome,
    ContactKind,
    ContactMethod,
    ReporterType,
)
from seemehearme.concerns.services import Report
from seemehearme.web.forms import GovukFormMixin

# The public form's words for who is reporting: a young person reads their own first.
REPORTER_CHOICES = [
    (ReporterType.YOUNG_PERSON_SELF, _("I'm a young person and I'm worried about me")),
    (ReporterType.YOUNG_PERSON_FRIEND, _("I'm a young person and I'm worried about a friend")),
    (ReporterType.PARENT_CARER, _("I'm their parent or carer")),
    (ReporterType.RELATIVE, _("I'm a relative")),
    (ReporterType.BUSINESS, _("I work in a business, like a hotel, taxi firm or takeaway")),
    (
        ReporterType.PROFESSIONAL,
        _("I work with children, for example in a school or health service"),
    ),
    (ReporterType.PUBLIC, _("Someone else")),
]

CONTACT_CHOICES = [("yes", _("Yes, you can contact me")), ("no", _("No, I want to stay anonymous"))]

CHOOSE_AN_OPTION = _("Choose one of the options")


class ReportForm(GovukFormMixin, forms.Form):
    reporter_type = forms.ChoiceField(
        label=_("Who are you?"),
        choices=REPORTER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are"), "invalid_choice": CHOOSE_AN_OPTION},
    )
    business_type = forms.ChoiceField(
        label=_("What kind of business?"),
        choices=BusinessType.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": CHOOSE_AN_OPTION},
    )
    what_happened = forms.CharField(
        label=_("What has happened, or what are you worried about?"),
        widget=forms.Textarea,
        max_length=10000,
        help_text=_(
            "Tell us what you saw, heard or were told. You do not have to be sure "
            "something is wrong."
        ),
        error_messages={
            "required": _("Tell us what has happened or what you are worried about"),
            "max_length": _("What happened must be 10,000 characters or fewer"),
        },
    )
    child_description = forms.CharField(
        label=_("Who is the child or young person? (optional)"),
        max_length=500,
        required=False,
        help_text=_("Their name if you know it, or what they look like."),
        error_messages={"max_length": _("Who the child is must be 500 characters or fewer")},
    )
    child_age = forms.CharField(
        label=_("How old are they? (optional)"),
        max_length=50,
        required=False,
        help_text=_("A guess is fine, for example 'about 14'."),
        error_messages={"max_length": _("Their age must be 50 characters or fewer")},
    )
    where = forms.CharField(
        label=_("Where did it happen, or where is the child? (optional)"),
        max_length=500,
        required=False,
        help_text=_("A place, street or area."),
        error_messages={"max_length": _("Where must be 500 characters or fewer")},
    )
    when = forms.CharField(
        label=_("When did it happen? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, 'last Friday night' or 'it is still happening'."),
        error_messages={"max_length": _("When must be 200 characters or fewer")},
    )
    child_knows = forms.ChoiceField(
        label=_("Does the child know you are telling us? (optional)"),
        choices=ChildKnows.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": CHOOSE_AN_OPTION},
    )
    contact = forms.ChoiceField(
        label=_("Can we contact you?"),
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "You do not have to tell us who you are. If you leave details, someone may "
            "get in touch to thank you or ask you more."
        ),
        error_messages={
            "required": _("Choose whether we can contact you"),
            "invalid_choice": CHOOSE_AN_OPTION,
        },
    )
    contact_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Your name must be 200 characters or fewer")},
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("The phone number must be 40 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _("The email address must be 254 characters or fewer"),
        },
    )
    contact_best_time = forms.CharField(
        label=_("When is it safe and easy to contact you? (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("When to contact you must be 200 characters or fewer")},
    )
    # The honeypot: hidden from people (and from screen readers' tab order), filled by robots.
    website = forms.CharField(label=_("Leave this blank"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reporter_type") == ReporterType.BUSINESS:
            if not cleaned.get("business_type"):
                self.add_error("business_type", _("Choose what kind of business you work in"))
        else:
            cleaned["business_type"] = ""
        if cleaned.get("contact") == "yes":
            if (
                not (cleaned.get("contact_phone") or "").strip()
                and not cleaned.get("contact_email")
                and "contact_email" not in self.errors
            ):
                self.add_error("contact_phone", _("Enter a phone number or an email address"))
        elif cleaned.get("contact") == "no":
            for name in ("contact_name", "contact_phone", "contact_email", "contact_best_time"):
                cleaned[name] = ""
                self.errors.pop(name, None)
        return cleaned

    def report(self) -> Report:
        data = self.cleaned_data
        return Report(
            reporter_type=data["reporter_type"],
            business_type=data["business_type"],
            what_happened=data["what_happened"],
            child_description=data["child_description"],
            child_age=data["child_age"],
            where=data["where"],
            when=data["when"],
            child_knows=data["child_knows"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"] or "",
            contact_best_time=data["contact_best_time"],
        )


OUTCOME_CHOICES = [c for c in ConcernOutcome.choices if c[0] != ConcernOutcome.REFERRAL]


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="What happens with this concern?",
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens with this concern"},
    )
    duplicate_of = forms.CharField(
        label="Reference of the other concern (only if it is the same)",
        max_length=8,
        required=False,
    )
    outcome_reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea,
        help_text="Kept with the concern, so anyone reading it later knows what was done.",
        error_messages={"required": "Say why"},
    )

    def clean_duplicate_of(self) -> str:
        return "".join(self.cleaned_data["duplicate_of"].split()).upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == ConcernOutcome.DUPLICATE and not cleaned.get("duplicate_of"):
            self.add_error("duplicate_of", "Enter the reference of the other concern")
        return cleaned


class ReferFindForm(ReferralFindForm):
    """Who the child is, found or added exactly as when staff refer a child."""


class ReferChildForm(ReferralChildForm):
    """Used only if the partnership does not know the child yet."""


class ReferConcernsForm(GovukFormMixin, forms.Form):
    concerns = forms.CharField(
        label="The concerns, for the referral",
        widget=forms.Textarea,
        help_text="Starts with what the reporter wrote. Edit it if you need to.",
        error_messages={"required": "Describe the concerns about the child"},
    )


class ContactForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Why did you contact them?",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you contacted them"},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you contacted them"},
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="What was said, or what they told you.",
    )
    email_message = forms.CharField(
        label="Email to send them (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Only if they gave an email address. Sent from this service when you save; "
        "leave it blank if you contacted them another way. Do not name the child.",
    )

    def __init__(self, *args: Any, has_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_email:
            del self.fields["email_message"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        message = (cleaned.get("email_message") or "").strip()
        if message and cleaned.get("method") and cleaned["method"] != ContactMethod.EMAIL:
            self.add_error("method", "Choose email if you are sending them an email")
        if not message and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Write a note of the contact")
        return cleaned
