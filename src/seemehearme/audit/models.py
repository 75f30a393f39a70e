"""The access log: an append-only record of every view of a child's data, allowed or denied."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from seemehearme.audit.wording import basis_words


class AccessAction(models.TextChoices):
    VIEW_RECORD = "view_record", "Viewed the child's record"
    VIEW_ITEM = "view_item", "Viewed an information item"
    SEARCH_RESULT = "search_result", "Shown in search results"
    LISTED = "listed", "Shown in a worklist or queue"
    VIEW_HISTORY = "view_history", "Viewed who has looked at the record"
    EXPORT = "export", "Exported"
    API = "api", "Sent through the API"
    BREAK_GLASS = "break_glass", "Started break-glass access"


class AccessLogEntry(models.Model):
    """Who saw (or was refused) what about which child, why, and when.

    Written only through :func:`seemehearme.audit.services.access_log_record`; rows are never
    updated or deleted by the application.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Copied at the time of access so the log still reads true after staff move or leave.
    username = models.CharField(max_length=150)
    agency_name = models.CharField(max_length=200, blank=True)
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, null=True, related_name="access_log"
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    subject = models.CharField(max_length=200, blank=True, help_text="What was shown or refused.")
    purpose = models.CharField(max_length=50, blank=True)
    allowed = models.BooleanField()
    basis = models.CharField(max_length=100, help_text="The rule that decided.")
    reason = models.CharField(max_length=300)
    break_glass = models.BooleanField(default=False)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        verdict = "allowed" if self.allowed else "denied"
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {verdict}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise ValueError("The access log is append-only.")

    @property
    def basis_words(self) -> str:
        """The rule that decided, in words (``audit.wording``)."""
        return basis_words(self.basis)
