"""The partnership's targets for the board's indicators (``board.indicators``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Area


class IndicatorTarget(models.Model):
    """The share (a percentage) the partnership aims for on one indicator. Changing it keeps
    the old value, who set it and why in the history."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    indicator = models.SlugField(max_length=50, help_text="The indicator's code.")
    target_percent = models.PositiveSmallIntegerField(
        "target (per cent)", validators=[MaxValueValidator(100)]
    )
    reason = models.TextField("why this target", blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator"], name="one_target_per_indicator_per_area"
            ),
            models.CheckConstraint(
                name="a_target_is_a_percentage", condition=models.Q(target_percent__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_percent}%"
