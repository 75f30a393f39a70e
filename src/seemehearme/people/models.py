"""Children, their agency identifiers, the information agencies hold about them, and the working
relationships that give staff a reason to see them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, Panel, Team
from seemehearme.sharing.models import InformationCategory


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on the day ``on`` of someone born on ``born``."""
    return on.year - born.year - int((on.month, on.day) < (born.month, born.day))


class Gender(models.TextChoices):
    GIRL = "female", "Female"
    BOY = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Another gender"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """The 2021 census high-level groups (as used in the DfE children in need census)."""

    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    NOT_KNOWN = "not_known", "Not known or refused"


class CareStatus(models.TextChoices):
    NONE = "none", "Not known to children's social care"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after child"
    CARE_LEAVER = "care_leaver", "Care leaver"


class Disability(models.TextChoices):
    NONE = "none", "None known"
    SEN_SUPPORT = "sen_support", "Special educational needs support"
    EHC_PLAN = "ehc_plan", "Education, health and care plan"
    DISABILITY = "disability", "Disability"
    NOT_KNOWN = "not_known", "Not known"


class Child(models.Model):
    """A child known to the partnership. The identifying details are shared by every agency that
    has a working relationship with the child; everything else is an agency-owned item."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="children")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils"
    )
    care_status = models.CharField(
        max_length=20, choices=CareStatus.choices, default=CareStatus.NONE
    )
    disability = models.CharField(max_length=20, choices=Disability.choices, default="none")
    first_language = models.CharField(max_length=50, default="English")
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text="Set when identity resolution found this record to be the same child as "
        "another; the other record is the one to use.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, on: dt.date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())


class AgencyIdentifier(models.Model):
    """An agency's own reference for a child (NHS number, UPN, police person id, case number)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="identifiers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(max_length=50)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "scheme", "value"], name="agency_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.value}"


class InformationItem(models.Model):
    """Something one agency knows about a child, in one information category."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="items")
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="items")
    category = models.ForeignKey(InformationCategory, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["child", "occurred_on"])]

    def __str__(self) -> str:
        return self.title


class RelationshipKind(models.TextChoices):
    KEY_WORKER = "key_worker", "Key worker"
    CASE_TEAM = "case_team", "Member of the case team"
    REFERRAL_HOLDER = "referral_holder", "Team holding the referral"
    FLAG_REVIEW = "flag_review", "Team reviewing an early-warning flag"
    PANEL = "panel", "Multi-agency panel"


class WorkingRelationshipQuerySet(models.QuerySet["WorkingRelationship"]):
    def current(self, on: dt.date | None = None) -> WorkingRelationshipQuerySet:
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class WorkingRelationship(models.Model):
    """Why a member of staff (or their team, or their panel) may see a child: need to know.

    Exactly one of ``user``, ``team`` or ``panel`` is set, matching ``kind``. Relationships are
    ended, never deleted, so the record shows who had access and when. ``ended_on`` is the first
    day without access: a relationship ended today gives no access today.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_relationships",
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="child_relationships"
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, null=True, blank=True, related_name="children_listed"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team",
        help_text="The episode of concern this relationship belongs to, if any.",
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    objects = WorkingRelationshipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="relationship_has_the_right_holder",
                condition=(
                    Q(
                        kind__in=["key_worker", "case_team"],
                        user__isnull=False,
                        team__isnull=True,
                        panel__isnull=True,
                    )
                    | Q(
                        kind__in=["referral_holder", "flag_review"],
                        team__isnull=False,
                        user__isnull=True,
                        panel__isnull=True,
                    )
                    | Q(kind="panel", panel__isnull=False, user__isnull=True, team__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="relationship_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        holder = self.user or self.team or self.panel
        return f"{self.get_kind_display()}: {holder}"
