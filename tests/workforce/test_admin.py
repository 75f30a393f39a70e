"""The back office's pages for supervision standards (training courses are in
tests/areas/test_reference_data_admin.py with the other reference data)."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from seemehearme.workforce.models import SupervisionStandard
from tests.factories import StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db

URL = "/admin/workforce/supervisionstandard/"


def test_an_administrator_sets_a_teams_supervision_interval(verified_client):
    administrator = StaffUserFactory(
        role=Role.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    client = verified_client(administrator)
    assert client.get(URL).status_code == 200
    team = TeamFactory(name="Exploitation Team")
    response = client.post(
        f"{URL}add/",
        {"role": Role.PRACTITIONER, "team": team.pk, "interval_days": "14", "is_active": "on"},
    )
    assert response.status_code == 302
    standard = SupervisionStandard.objects.get(team=team)
    assert standard.interval_days == 14
    assert standard.history.get().history_user == administrator
    # A second partnership-wide standard for practitioners is refused while one is offered.
    response = client.post(
        f"{URL}add/", {"role": Role.PRACTITIONER, "interval_days": "20", "is_active": "on"}
    )
    assert response.status_code == 200
    assert SupervisionStandard.objects.filter(role=Role.PRACTITIONER, team=None).count() == 1
