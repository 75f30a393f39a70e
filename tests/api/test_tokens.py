"""Tokens are random, stored only as a hash, checked by hash, and stop working when revoked."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError

from seemehearme.api.tokens import (
    agency_system_authenticate,
    agency_system_create,
    agency_system_revoke,
)
from seemehearme.feeds.models import AgencySystem
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_is_random_and_only_its_hash_and_prefix_are_kept():
    agency = AgencyFactory()
    system, token = agency_system_create(agency=agency, name="Records system")
    _, other = agency_system_create(agency=agency, name="Second system")

    assert token.startswith("smh_")
    assert len(token) >= 40
    assert token != other
    stored = AgencySystem.objects.get(pk=system.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.token_prefix == token[:12]
    assert token not in {stored.token_hash, stored.token_prefix, stored.name}


def test_the_token_finds_its_system_and_records_the_use():
    system, token = agency_system_create(agency=AgencyFactory(), name="Records system")

    found = agency_system_authenticate(token=token)

    assert found == system
    system.refresh_from_db()
    assert system.last_used_at is not None


@pytest.mark.parametrize("wrong", ["", "smh_", "not-a-token", "x" * 500])
def test_an_unknown_token_finds_nothing(wrong):
    _, token = agency_system_create(agency=AgencyFactory(), name="Records system")

    assert agency_system_authenticate(token=wrong) is None
    assert agency_system_authenticate(token=token[:-1]) is None


def test_a_revoked_token_stops_working_and_revoking_twice_says_so():
    system, token = agency_system_create(agency=AgencyFactory(), name="Records system")

    assert agency_system_revoke(system=system) is True
    assert agency_system_revoke(system=system) is False
    assert system.revoked_at is not None
    assert agency_system_authenticate(token=token) is None


def test_the_token_of_an_agency_that_has_closed_stops_working():
    agency = AgencyFactory()
    _, token = agency_system_create(agency=agency, name="Records system")
    agency.is_active = False
    agency.save()

    assert agency_system_authenticate(token=token) is None
    with pytest.raises(ValidationError) as refused:
        agency_system_create(agency=agency, name="Another system")
    assert "agency" in refused.value.message_dict


def test_one_agency_cannot_have_two_systems_of_the_same_name():
    agency = AgencyFactory()
    agency_system_create(agency=agency, name="Records system")

    with pytest.raises(ValidationError) as refused:
        agency_system_create(agency=agency, name="records system ")

    assert "already has a system with this name" in refused.value.message_dict["name"][0]
    assert AgencySystem.objects.filter(agency=agency).count() == 1
    # Another agency may use the name.
    agency_system_create(agency=AgencyFactory(), name="Records system")
