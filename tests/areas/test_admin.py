"""The administrators' back office holds accounts and reference data, never children."""

from __future__ import annotations

import pytest

from seemehearme.areas.admin import site
from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.people.models import Child, InformationItem
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_no_child_data_is_registered_in_the_admin():
    registered = set(site._registry)
    assert not registered & {Child, InformationItem, AccessLogEntry}


def test_a_verified_system_administrator_can_manage_staff(verified_client):
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True)
    response = verified_client(admin).get("/admin/areas/staffuser/")
    assert response.status_code == 200
    assert admin.username in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.DATA_PROTECTION_LEAD])
def test_other_roles_are_kept_out_even_with_the_staff_flag(role, verified_client):
    user = StaffUserFactory(role=role, is_staff=True)
    response = verified_client(user).get("/admin/areas/staffuser/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_administrator_without_two_factor_is_sent_to_two_factor(client):
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor"
