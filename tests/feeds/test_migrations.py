"""Data migrations of the feeds app."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from seemehearme.feeds.models import ImportBatch
from tests.feeds.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "seemehearme.feeds.migrations.0005_replace_overlong_import_errors"
)


def test_an_overlong_stored_reason_is_replaced_and_others_are_left_alone():
    huge = ImportBatchFactory(
        status="failed",
        error="The file has columns that are not part of the format: " + "Zephyrine " * 50_000,
    )
    short = ImportBatchFactory(status="failed", error="The file is missing required columns: x.")

    migration.replace_overlong_errors(apps, None)

    huge.refresh_from_db()
    assert huge.error == migration.REPLACED
    assert "Zephyrine" not in huge.error
    assert ImportBatch.objects.get(pk=short.pk).error == "The file is missing required columns: x."
