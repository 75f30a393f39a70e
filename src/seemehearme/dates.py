"""Dates and times written into sentences by Python code, in the same words as the templates."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def long_date(value: dt.date | dt.datetime) -> str:
    """Write "2 December 2026"; a datetime is put into local time first, keeping its day."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def date_and_time(value: dt.datetime) -> str:
    """Write "2 December 2026, 14:05" in local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
