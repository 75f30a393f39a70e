"""Committing tests leave the tables empty for the next (tests/conftest.py quick flush)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from seemehearme.areas.models import Area, StaffUser
from tests.factories import StaffUserFactory


@pytest.mark.django_db(transaction=True)
def test_flush_empties_tables_that_foreign_keys_join() -> None:
    StaffUserFactory()  # a user in a team in an area
    assert StaffUser.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not StaffUser.objects.exists()
    assert not Area.objects.exists()


def test_postgresql_flush_deletes_rather_than_truncates() -> None:
    statements = connection.ops.sql_flush(no_style(), ["areas_area"])
    if connection.vendor == "postgresql":
        assert statements == ['DELETE FROM "areas_area";']
    else:
        assert all("TRUNCATE" not in statement for statement in statements)
