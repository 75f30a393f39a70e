"""Returns imported by a national instance: one row per area and period, one per cell."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NationalReturn(models.Model):
    """One partnership's return for one period, as imported (docs/national-return.md).
    Importing another return for the same area and period replaces this one's cells."""

    area_code = models.CharField("ONS code", max_length=9)
    area_name = models.CharField(max_length=200)
    child_population = models.PositiveIntegerField(null=True, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    schema_version = models.CharField(max_length=10)
    generated_at = models.DateTimeField()
    software_version = models.CharField(max_length=50)
    suppress_below = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64)
    document = models.JSONField(help_text="The return as received.")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    times_replaced = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area_name", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "period_start", "period_end"],
                name="one_return_per_area_and_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.period_start} to {self.period_end}"


class ReturnCell(models.Model):
    """One number of an imported return: ``key`` is its dimension values, "status=at_risk"
    or "status=at_risk;age_band=total", the same in every area's return."""

    national_return = models.ForeignKey(
        NationalReturn, on_delete=models.CASCADE, related_name="cells"
    )
    table = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    count = models.PositiveIntegerField(null=True, blank=True)
    suppressed = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["table", "key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["national_return", "table", "key"], name="one_cell_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.key}"
