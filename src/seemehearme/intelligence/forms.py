"""Forms for the intelligence register: one for each kind of entity, the association form and
the withdrawal form.

Forms parse and check what was typed; the rules (who may record, both ends visible, the
handling code's conditions) live in ``intelligence/services.py`` and come back as errors
through :meth:`GovukFormMixin.add_service_errors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Q

from seemehearme.areas.models import Area
from seemehearme.cases.models import AbusePattern
from seemehearme.dates import long_date
from seemehearme.intelligence.models import (
    KIND_MODELS,
    Concern,
    Entity,
    EntityKind,
    GroupKind,
    HandlingCode,
    IntelligenceAssessment,
    Platform,
    Relationship,
    SourceEvaluation,
    VenueType,
)
from seemehearme.intelligence.selectors import child_with_pseudonym
from seemehearme.people.models import Child, Ethnicity, Gender
from seemehearme.web.forms import GovukDateField, GovukDateWidget, GovukFormMixin

# The address's plural for each kind: /intelligence/persons/, /intelligence/places/...
KIND_SLUGS: dict[str, str] = {
    "persons": EntityKind.PERSON,
    "groups": EntityKind.GROUP,
    "places": EntityKind.PLACE,
    "vehicles": EntityKind.VEHICLE,
    "phones": EntityKind.PHONE,
    "accounts": EntityKind.ACCOUNT,
}
SLUG_FOR_KIND: dict[str, str] = {kind: slug for slug, kind in KIND_SLUGS.items()}

PSEUDONYM = re.compile(r"^C-[0-9A-Z]{4}-[0-9A-Z]{4}$")


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Part of a name, registration, number or handle.",
    )


class EntityForm(GovukFormMixin, forms.Form):
    """The details of one kind of entity. Subclasses name the model's fields; the template
    draws each field with the GOV.UK include ``rows`` names for it."""

    kind: str = ""

    @classmethod
    def initial_from(cls, entity: Entity) -> dict[str, Any]:
        """The form's starting values from an entity being changed."""
        initial: dict[str, Any] = {}
        for name in cls.base_fields:
            value = getattr(entity, name)
            if hasattr(value, "all"):  # a many-to-many manager
                value = list(value.all())
            initial[name] = value
        return initial

    def rows(self) -> Iterator[tuple[str, forms.BoundField]]:
        """(include, field) for each field, in order, for the template."""
        for bound in self:
            widget = bound.field.widget
            if isinstance(widget, GovukDateWidget):
                template = "web/includes/date_input.html"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                template = "web/includes/checkboxes.html"
            elif isinstance(widget, forms.RadioSelect):
                template = "web/includes/radios.html"
            elif isinstance(widget, forms.Select):
                template = "web/includes/select.html"
            elif isinstance(widget, forms.Textarea):
                template = "web/includes/textarea.html"
            else:
                template = "web/includes/text_input.html"
            yield template, bound


class PersonForm(EntityForm):
    kind = EntityKind.PERSON

    given_name = forms.CharField(label="Given name (optional)", max_length=100, required=False)
    family_name = forms.CharField(label="Family name (optional)", max_length=100, required=False)
    aliases = forms.CharField(
        label="Other names or nicknames (optional)",
        max_length=300,
        required=False,
        help_text="Separate them with commas. Give a name, a nickname or both.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 27 3 1990",
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, initial=Gender.NOT_KNOWN)
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOT_KNOWN,
        help_text="The 2021 census groups, as the national audit of group-based exploitation asks.",
    )
    nationality = forms.CharField(label="Nationality (optional)", max_length=100, required=False)
    concern = forms.ChoiceField(
        label="Why they are of concern",
        choices=Concern.choices,
        initial=Concern.SUSPECT,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("given_name", "family_name", "aliases")
        if not any(str(data.get(name, "")).strip() for name in names) and not any(
            name in self.errors for name in names
        ):
            self.add_error("given_name", "Enter a name, or a nickname under other names")
        return data


class GroupForm(EntityForm):
    kind = EntityKind.GROUP

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the group's name"}
    )
    group_kind = forms.ChoiceField(
        label="Kind of group",
        choices=GroupKind.choices,
        initial=GroupKind.GROUP,
        widget=forms.RadioSelect,
    )
    patterns = forms.ModelMultipleChoiceField(
        label="Patterns of abuse the group is thought to show (optional)",
        queryset=AbusePattern.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The patterns in use, and any retired one the group already has, so saving its
        # details does not drop it.
        kept = [pattern.pk for pattern in self.initial.get("patterns", [])]
        self.fields["patterns"].queryset = AbusePattern.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk__in=kept)
        )


class PlaceForm(EntityForm):
    kind = EntityKind.PLACE

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, the hotel's name, or 'Park behind the leisure centre'.",
        error_messages={"required": "Enter the place's name"},
    )
    venue_type = forms.ChoiceField(
        label="Type of place",
        choices=[("", "Choose the type of place"), *VenueType.choices],
        error_messages={"required": "Choose the type of place"},
    )
    address = forms.CharField(label="Address (optional)", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)


class VehicleForm(EntityForm):
    kind = EntityKind.VEHICLE

    registration = forms.CharField(
        label="Registration",
        max_length=12,
        error_messages={"required": "Enter the registration"},
    )
    make = forms.CharField(label="Make (optional)", max_length=50, required=False)
    model = forms.CharField(label="Model (optional)", max_length=50, required=False)
    colour = forms.CharField(label="Colour (optional)", max_length=30, required=False)


class PhoneForm(EntityForm):
    kind = EntityKind.PHONE

    number = forms.CharField(
        label="Phone number",
        max_length=20,
        error_messages={"required": "Enter the phone number"},
    )

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"]
        if len(re.sub(r"\D", "", number)) < 6:
            raise forms.ValidationError("Enter a phone number with at least 6 digits")
        return number


class AccountForm(EntityForm):
    kind = EntityKind.ACCOUNT

    platform = forms.ChoiceField(
        label="Platform",
        choices=[("", "Choose the platform"), *Platform.choices],
        error_messages={"required": "Choose the platform"},
    )
    handle = forms.CharField(
        label="Username or handle",
        max_length=100,
        error_messages={"required": "Enter the username or handle"},
    )


ENTITY_FORMS: dict[str, type[EntityForm]] = {
    form.kind: form
    for form in (PersonForm, GroupForm, PlaceForm, VehicleForm, PhoneForm, AccountForm)
}
assert set(ENTITY_FORMS) == set(KIND_MODELS)


# --- Associations ---------------------------------------------------------------------------


class ChildChoiceField(forms.ModelChoiceField):
    """A child the user works with, by name and date of birth (as the meeting agenda names
    them), so two children of the same name can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        known_as = f" (known as {obj.known_as})" if obj.known_as else ""
        return f"{obj.full_name}{known_as}, born {long_date(obj.date_of_birth)}"


class AssociationForm(GovukFormMixin, forms.Form):
    """What the entity is linked to (another entity or a child), how, and the 3x5x2 grading.

    A child is picked from the children the user works with, or, for analysts, who never see
    names, given by pseudonym. The choices are drawn as GOV.UK conditional reveals: without
    JavaScript every field shows, and only the chosen answer's fields are read."""

    links_to = forms.ChoiceField(
        label="Linked to",
        choices=[("entity", "A person, group, place or object"), ("child", "A child")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what it is linked to"},
    )
    other = forms.ChoiceField(label="Person, group, place or object", required=False)
    child = ChildChoiceField(
        label="Child",
        queryset=Child.objects.none(),
        required=False,
        empty_label="Choose a child",
        help_text="Children you work with.",
    )
    pseudonym = forms.CharField(
        label="The child's pseudonym",
        max_length=20,
        required=False,
        help_text="As shown in the analyst's workspace, for example C-7K4Q-2M9X.",
    )
    relationship = forms.ChoiceField(
        label="Relationship",
        choices=[("", "Choose the relationship"), *Relationship.choices],
        error_messages={"required": "Choose the relationship"},
    )
    reported_on = GovukDateField(label="Date seen or reported", help_text="For example, 27 3 2026")
    source_reference = forms.CharField(
        label="Source reference (optional)",
        max_length=100,
        required=False,
        help_text="Your agency's own reference for the report, for example an intelligence "
        "log number.",
    )
    source_evaluation = forms.ChoiceField(
        label="Source evaluation",
        choices=SourceEvaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the source evaluation"},
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment",
        choices=IntelligenceAssessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the intelligence assessment"},
    )
    handling_code = forms.ChoiceField(
        label="Handling code",
        choices=HandlingCode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the handling code"},
    )
    handling_conditions = forms.CharField(
        label="Conditions",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who it may be shared with and how.",
    )

    def __init__(
        self,
        *args: Any,
        entity: Entity,
        entities: list[Entity],
        children: list[Child],
        by_pseudonym: bool,
        area: Area,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.area = area
        self.by_pseudonym = by_pseudonym
        self.entities = {str(other.pk): other for other in entities if other.pk != entity.pk}
        grouped: dict[str, list[tuple[str, str]]] = {}
        for other in self.entities.values():
            grouped.setdefault(other.get_kind_display(), []).append((str(other.pk), other.label))
        self.fields["other"].choices = [  # type: ignore[attr-defined]
            ("", "Choose one"),
            *grouped.items(),
        ]
        self.fields["child"].queryset = Child.objects.filter(  # type: ignore[attr-defined]
            pk__in=[child.pk for child in children]
        ).order_by("family_name", "given_name", "date_of_birth")
        self.offers_child = by_pseudonym or bool(children)
        if by_pseudonym:
            del self.fields["child"]
        else:
            del self.fields["pseudonym"]
        if not self.offers_child:
            self.fields["links_to"].choices = [  # type: ignore[attr-defined]
                ("entity", "A person, group, place or object")
            ]
            self.fields["links_to"].initial = "entity"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["other_entity"] = None
        data["linked_child"] = None
        links_to = data.get("links_to")
        if links_to == "entity":
            chosen = self.entities.get(str(data.get("other") or ""))
            if chosen is None:
                self.add_error("other", "Choose the person, group, place or object")
            data["other_entity"] = chosen
        elif links_to == "child" and self.by_pseudonym:
            code = str(data.get("pseudonym") or "").strip().upper()
            if not code:
                self.add_error("pseudonym", "Enter the child's pseudonym")
            elif not PSEUDONYM.match(code):
                self.add_error(
                    "pseudonym", "Enter the pseudonym as C- and two groups of 4, like C-7K4Q-2M9X"
                )
            else:
                child = child_with_pseudonym(self.area, code)
                if child is None:
                    self.add_error(
                        "pseudonym",
                        "No child of the partnership has this pseudonym: check it, or ask "
                        "whether the key was rotated",
                    )
                data["linked_child"] = child
        elif links_to == "child":
            if data.get("child") is None and "child" not in self.errors:
                self.add_error("child", "Choose the child")
            data["linked_child"] = data.get("child")
        if (
            data.get("handling_code") == HandlingCode.CONDITIONS
            and not str(data.get("handling_conditions") or "").strip()
        ):
            self.add_error("handling_conditions", "Say what the conditions are for handling code C")
        return data


class WithdrawForm(GovukFormMixin, forms.Form):
    why = forms.CharField(
        label="Why is it being withdrawn?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the report was found to be about someone else. The association "
        "stays on record, out of every list and picture.",
        error_messages={"required": "Say why it is being withdrawn"},
    )
