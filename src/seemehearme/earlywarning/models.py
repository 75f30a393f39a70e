"""Early warning: versioned rules a board approves, and the flags they raise.

A flag is a question for a practitioner, never a decision: it says which indicators fired, from
which agencies' events, on which dates and by which rule, and waits for someone to confirm it
(which makes a referral) or dismiss it with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seemehearme.areas.models import Area
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import Child


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    RETIRED = "retired", "Retired"


class RuleSet(models.Model):
    """One version of the early-warning rules, as configuration (see docs/early-warning.md).

    The sweep uses the area's newest approved version. Approved versions are never edited: a
    change is a new version, approved again."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="rule_sets")
    code = models.SlugField(max_length=50)
    version = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    rules = models.JSONField()
    status = models.CharField(
        max_length=20, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    approval_reference = models.CharField(
        max_length=200, blank=True, help_text="For example the board meeting and minute number."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code", "version"], name="rule_set_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Waiting for review"
    CONFIRMED = "confirmed", "Confirmed: referred"
    DISMISSED = "dismissed", "Dismissed"
    LAPSED = "lapsed", "No longer met before review"


class Flag(models.Model):
    """A child whose agencies' events met an early-warning rule."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="flags")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="flags")
    rule_code = models.SlugField(max_length=50)
    rule_label = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    raised_at = models.DateTimeField(auto_now_add=True)
    evaluated_at = models.DateTimeField(help_text="When the sweep last found the rule met.")
    as_of = models.DateField(help_text="The day the rule was last evaluated for.")
    signs_count = models.PositiveSmallIntegerField(
        default=0, help_text="Distinct warning signs and vulnerabilities among the indicators."
    )
    first_event_on = models.DateField()
    last_event_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    referral = models.ForeignKey(
        "cases.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="flags"
    )

    child_path = "child"

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "rule_code"],
                condition=Q(status="open"),
                name="one_open_flag_per_child_and_rule",
            )
        ]
        indexes = [models.Index(fields=["status", "raised_at"])]

    def __str__(self) -> str:
        return f"{self.rule_label} ({self.get_status_display()})"


class FlagIndicator(models.Model):
    """One indicator that fired for a flag, and the span of events behind it."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=300)
    sign = models.CharField(
        max_length=300, blank=True, help_text="The inquiry's warning sign or vulnerability."
    )
    event_count = models.PositiveIntegerField()
    first_on = models.DateField()
    last_on = models.DateField()

    child_path = "flag__child"

    class Meta:
        ordering = ["first_on", "id"]

    def __str__(self) -> str:
        return self.label


class FlagEvidence(models.Model):
    """An event that made an indicator fire. Shown only to users the access policy lets see
    the event; others are told how many they cannot see."""

    indicator = models.ForeignKey(FlagIndicator, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey(AgencyEvent, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "event"], name="flag_evidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.event_id}"
