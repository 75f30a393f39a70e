"""Children and families in the strategy (framework principle 2).

Young people's participation in shaping the partnership's strategy is recorded as counts and
their words, never named children. Support offered to a child's family is child data: it
belongs to the child's case and is shown only through the access gate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency, Area
from seemehearme.areas.reference import offered_in_forms
from seemehearme.cases.models import Case


class ActivityKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    GROUP = "group", "Young people's group or forum"
    SERVICE_FEEDBACK = "service_feedback", "Feedback on a service"
    CO_PRODUCTION = "co_production", "Co-production of materials"
    YOUNG_INSPECTORS = "young_inspectors", "Young inspectors"
    OTHER = "other", "Other"


class ParticipationActivity(models.Model):
    """One time young people helped shape the strategy: who ran it, how many took part (as
    counts only) and what they said, in their words."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="participation")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    run_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    young_people = models.PositiveIntegerField(help_text="How many young people took part.")
    aged_under_13 = models.PositiveIntegerField(null=True, blank=True)
    aged_13_to_15 = models.PositiveIntegerField(null=True, blank=True)
    aged_16_to_17 = models.PositiveIntegerField(null=True, blank=True)
    aged_18_to_25 = models.PositiveIntegerField(null=True, blank=True)
    girls = models.PositiveIntegerField(null=True, blank=True)
    boys = models.PositiveIntegerField(null=True, blank=True)
    other_or_not_said = models.PositiveIntegerField(null=True, blank=True)
    they_said = models.TextField(help_text="What the young people said, in their own words.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "participation activities"

    def __str__(self) -> str:
        return self.title

    AGE_BANDS = (
        ("aged_under_13", "Under 13"),
        ("aged_13_to_15", "13 to 15"),
        ("aged_16_to_17", "16 to 17"),
        ("aged_18_to_25", "18 to 25"),
    )
    GENDERS = (("girls", "Girls"), ("boys", "Boys"), ("other_or_not_said", "Other or not said"))


class ParticipationChange(models.Model):
    """ "We did": what the partnership changed because of what young people said."""

    activity = models.ForeignKey(
        ParticipationActivity, on_delete=models.PROTECT, related_name="changes"
    )
    what_changed = models.TextField()
    changed_on = models.DateField()
    link = models.URLField(blank=True, help_text="Where to read more, if anywhere.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return self.what_changed[:60]


class FamilySupportKind(models.Model):
    """Reference data: kinds of support offered to a child's parents or carers."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportOutcome(models.TextChoices):
    WAITING = "waiting", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NOT_POSSIBLE = "not_possible", "Not possible"


# Outcomes that need a reason in words.
OUTCOMES_WITH_REASON = frozenset({SupportOutcome.DECLINED, SupportOutcome.NOT_POSSIBLE})


class FamilySupportOffer(models.Model):
    """Support offered to a child's parents or carers on one case: what, when, by which agency
    and what became of it."""

    child_path = "case__child"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="family_support")
    kind = models.ForeignKey(FamilySupportKind, on_delete=models.PROTECT, related_name="+")
    offered_to = models.CharField(
        max_length=200, help_text="Who was offered it, for example 'mother' or 'foster carers'."
    )
    offered_on = models.DateField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        max_length=20, choices=SupportOutcome.choices, default=SupportOutcome.WAITING
    )
    reason = models.TextField(blank=True, help_text="Why it was declined or not possible.")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_on", "-pk"]
        verbose_name = "family support offer"

    def __str__(self) -> str:
        return f"{self.kind} offered on {self.offered_on}"

    @property
    def child(self):  # type: ignore[no-untyped-def]  # the access gate reaches the child here
        return self.case.child
