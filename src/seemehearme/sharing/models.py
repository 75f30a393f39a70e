"""Information categories, sharing purposes, agreements between agencies, and break-glass access."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from seemehearme.areas.models import Agency, Area
from seemehearme.dates import date_and_time


class InformationCategory(models.Model):
    """Reference data: the kinds of information an agency holds about a child.

    The one place categories are defined; seeded by a data migration and editable by an
    administrator. ``code`` is stable and used by imports and rules; ``name`` is for people.
    """

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    special_category = models.BooleanField(
        default=False, help_text="Special category or criminal offence data under UK GDPR."
    )
    withheld_unnamed = models.BooleanField(
        "count withheld items without naming",
        default=False,
        help_text=(
            "Where items of this kind are withheld from someone, only count them: do not say "
            "who holds them or what kind they are, because either could itself reveal too "
            "much (for example, that a child attends a sexual health clinic)."
        ),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "information categories"

    def __str__(self) -> str:
        return self.name


class SharingPurpose(models.Model):
    """Reference data: why information is used (an agreement covers some purposes, not all)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The purpose under which a practitioner opens an individual child's record.
SAFEGUARDING_PURPOSE = "safeguarding"  # a SharingPurpose code


class LawfulBasis(models.TextChoices):
    DPA_SCH1_PARA18 = (
        "dpa2018_sch1_p18",
        "DPA 2018 Schedule 1 paragraph 18 (safeguarding of children and individuals at risk)",
    )
    DPA_SCH8_PARA4 = (
        "dpa2018_sch8_p4",
        "DPA 2018 Schedule 8 paragraph 4 (law enforcement: safeguarding of children)",
    )
    GDPR_6_1_E = "ukgdpr_6_1_e", "UK GDPR Article 6(1)(e) (public task)"
    GDPR_6_1_C = "ukgdpr_6_1_c", "UK GDPR Article 6(1)(c) (legal obligation)"
    CONSENT = "consent", "Consent of the child or family"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Signed and in force"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class AgreementQuerySet(models.QuerySet["InformationSharingAgreement"]):
    def in_force(self, on: dt.date | None = None) -> AgreementQuerySet:
        """Signed agreements whose dates cover ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.filter(status=AgreementStatus.ACTIVE, start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class InformationSharingAgreement(models.Model):
    """A multilateral agreement: every party may share the listed categories with every other
    party, for the listed purposes, on the stated lawful basis, between the start and end dates."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    parties = models.ManyToManyField(Agency, related_name="agreements")
    categories = models.ManyToManyField(InformationCategory, related_name="agreements")
    purposes = models.ManyToManyField(SharingPurpose, related_name="agreements")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    lawful_basis_notes = models.TextField(blank=True)
    withheld_unnamed = models.BooleanField(
        "count withheld items without naming",
        default=False,
        help_text=(
            "Where what this agreement shares is withheld from an agency outside it, only count "
            "the items: do not say which party holds them or what kind they are."
        ),
    )
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("start_date")),
                name="agreement_review_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.status == AgreementStatus.ACTIVE
            and self.start_date <= on
            and (self.end_date is None or self.end_date >= on)
        )

    @property
    def review_overdue(self) -> bool:
        return self.is_in_force() and self.review_date < timezone.localdate()


class AgreementSignatory(models.Model):
    agreement = models.ForeignKey(
        InformationSharingAgreement, on_delete=models.CASCADE, related_name="signatories"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    signed_on = models.DateField()

    class Meta:
        ordering = ["signed_on", "agency__name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}, {self.agency}"


class BreakGlassQuerySet(models.QuerySet["BreakGlassAccess"]):
    def active(self) -> BreakGlassQuerySet:
        return self.filter(expires_at__gt=timezone.now(), revoked_at__isnull=True)

    def awaiting_review(self) -> BreakGlassQuerySet:
        return self.filter(reviewed_at__isnull=True)


class BreakGlassAccess(models.Model):
    """Emergency access to a child's record without a working relationship.

    Time-limited, justified in writing and always reviewed by the data protection lead. It stands
    in for the relationship only: information-sharing agreements still decide what is shown.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="break_glass_ended",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="break_glass_reviews",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(
        max_length=20,
        blank=True,
        choices=[("justified", "Justified"), ("not_justified", "Not justified")],
    )
    review_notes = models.TextField(blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "break-glass access"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")),
                name="break_glass_expires_after_start",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_needs_a_reason"),
        ]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} ({date_and_time(self.started_at)})"


class PseudonymKey(models.Model):
    """A partnership's secret for making children's pseudonyms (``sharing.pseudonyms``).

    Created on first use; the newest version is the one in use. Rotating adds a version, so
    every pseudonym changes. The secret is never shown in a page, the back office or a log.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="pseudonym_keys")
    version = models.PositiveIntegerField()
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["area", "version"], name="pseudonym_key_version_unique")
        ]

    def __str__(self) -> str:
        return f"Pseudonym key version {self.version}"  # never the secret

    def __repr__(self) -> str:
        return f"<PseudonymKey area={self.area_id} version={self.version}>"
