"""What has been notified, so that a notice goes out once."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OverdueTriageNotice(models.Model):
    """The CSE coordinators were told that this referral's triage is overdue."""

    referral = models.OneToOneField(
        "cases.Referral", on_delete=models.PROTECT, related_name="overdue_notice"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(help_text="How many people were emailed.")

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Overdue-triage notice for referral {self.referral_id}"
