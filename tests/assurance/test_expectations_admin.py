"""The expectations in the back office: an item a self-assessment uses is replaced by a new
version that says which item it replaces, so the next assessment compares across them."""

from __future__ import annotations

import datetime as dt

import pytest

from seemehearme.areas.models import Role
from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import Expectation
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/assurance/expectation/"


def test_a_reworded_expectation_in_use_is_a_new_version_replacing_the_old(
    verified_client, lead, expectations
):
    administrator = StaffUserFactory(
        role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    client = verified_client(administrator)
    item = Expectation.objects.get(code="guidance-coordinator")
    sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 12, 1))
    form = {
        "source": item.source,
        "code": "guidance-coordinator-v2",
        "text": "A named coordinator, in post, for the partnership's work on exploitation.",
        "order": str(item.order),
        "is_active": "on",
    }
    refused = client.post(f"{URL}{item.pk}/change/", form)
    assert refused.status_code == 200
    response = client.post(f"{URL}{item.pk}/change/", {**form, "_saveasnew": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    replacement = Expectation.objects.get(code="guidance-coordinator-v2")
    assert not item.is_active
    assert replacement.replaces == item
    assert replacement.version == item.version + 1
    assert item not in sa.offered_expectations()
