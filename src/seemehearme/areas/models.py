"""The local safeguarding partnership, its agencies, teams, panels and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Area(models.Model):
    """A local safeguarding partnership (formerly the Local Safeguarding Children Board)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    # Local configuration of case work.
    triage_working_days = models.PositiveSmallIntegerField(
        default=1, help_text="Working days a CSE coordinator has to triage a referral."
    )
    triage_team = models.ForeignKey(
        "Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team of CSE coordinators that receives and triages referrals.",
    )
    risk_scheme = models.SlugField(
        max_length=50,
        default="category",
        help_text="Which set of risk levels this partnership uses (see case work reference data).",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        default=91, help_text="How often a case and its screening are reviewed (about 3 months)."
    )
    # For the national return (docs/national-return.md).
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        help_text="The local authority's nine-character ONS code (E06000001, say), which the "
        "national return names the partnership by.",
    )
    child_population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Children aged 0 to 17 living in the area (the latest ONS mid-year estimate), "
        "so national figures can be compared as rates per 10,000 children.",
    )

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    SCHOOL = "school", "School"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    HOUSING = "housing", "Housing"


class Agency(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)
    involvement_is_sensitive = models.BooleanField(
        default=False,
        help_text=(
            "Tick for a service whose very involvement with a child says something sensitive "
            "(a sexual health clinic, say): other agencies' staff are told that another "
            "professional works with the child, not who or from where."
        ),
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="agency_name_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    CSE_COORDINATOR = "cse_coordinator", "CSE coordinator"
    TEAM_MANAGER = "team_manager", "Team manager"
    INTELLIGENCE_ANALYST = "intelligence_analyst", "Intelligence analyst"
    PANEL_MEMBER = "panel_member", "Panel member"
    DATA_PROTECTION_LEAD = "data_protection_lead", "Data protection lead"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


class StaffUser(AbstractUser):
    """A member of staff of one agency. Every account belongs to an agency; none is anonymous."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "member of staff"
        verbose_name_plural = "staff"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(role="system_administrator"),
                name="only_administrators_are_superusers",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Panel(models.Model):
    """A multi-agency panel (for example a MACE panel) whose members discuss listed children."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(StaffUser, related_name="panels", blank=True)

    def __str__(self) -> str:
        return self.name
