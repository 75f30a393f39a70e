"""The data protection lead registers agency systems, sees each token once, and revokes them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.feeds.models import AgencySystem
from tests.api.conftest import caller_for
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(police):
    return StaffUserFactory(team__agency=police, role=Role.DATA_PROTECTION_LEAD)


def test_only_the_data_protection_lead_sees_the_pages(verified_client, caller, police):
    for role in (Role.PRACTITIONER, Role.CSE_COORDINATOR, Role.SYSTEM_ADMINISTRATOR):
        client = verified_client(StaffUserFactory(team__agency=police, role=role))
        for url in (
            reverse("agency_systems:list"),
            reverse("agency_systems:new"),
            reverse("agency_systems:revoke", args=[caller.system.pk]),
        ):
            assert client.get(url).status_code == 403, (role, url)
        assert (
            client.post(reverse("agency_systems:revoke", args=[caller.system.pk])).status_code
            == 403
        )
    caller.system.refresh_from_db()
    assert caller.system.revoked_at is None


def test_signing_in_is_needed():
    response = Client().get(reverse("agency_systems:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_list_shows_the_partnerships_systems_and_not_other_partnerships(
    verified_client, lead, caller
):
    elsewhere = caller_for(
        AgencyFactory(area=AreaFactory(name="Otherton", slug="otherton")), "Far system"
    )

    page = verified_client(lead).get(reverse("agency_systems:list"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Records system" in text
    assert caller.system.token_prefix in text
    assert "Far system" not in text
    assert caller.token not in text
    assert elsewhere.system.token_prefix not in text


def test_making_a_token_shows_it_once_and_it_works(verified_client, lead, police):
    client = verified_client(lead)
    form = client.get(reverse("agency_systems:new"))
    assert police.name in form.content.decode()

    response = client.post(
        reverse("agency_systems:new"), {"agency": police.pk, "name": "Custody system"}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = BeautifulSoup(response.content, "html.parser").find("input", id="token")["value"]
    assert "only time it is shown" in response.content.decode()
    system = AgencySystem.objects.get(name="Custody system")
    assert system.agency == police
    assert system.created_by == lead
    assert token.startswith(system.token_prefix)
    assert token not in client.get(reverse("agency_systems:list")).content.decode()
    assert (
        token not in client.get(reverse("agency_systems:revoke", args=[system.pk])).content.decode()
    )
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.json()["name"] == "Custody system"


def test_the_form_explains_what_is_wrong(verified_client, lead, caller, police):
    client = verified_client(lead)

    empty = client.post(reverse("agency_systems:new"), {"agency": "", "name": ""})
    duplicate = client.post(
        reverse("agency_systems:new"), {"agency": police.pk, "name": "Records system"}
    )

    assert "Choose the agency the system belongs to" in empty.content.decode()
    assert "Enter the name of the system" in empty.content.decode()
    assert "already has a system with this name" in duplicate.content.decode()
    assert AgencySystem.objects.count() == 1


def test_the_lead_cannot_register_a_system_for_another_partnerships_agency(verified_client, lead):
    other = AgencyFactory(area=AreaFactory(name="Otherton", slug="otherton"))

    response = verified_client(lead).post(
        reverse("agency_systems:new"), {"agency": other.pk, "name": "Sneaky system"}
    )

    assert response.status_code == 200
    assert "Choose one of this partnership&#x27;s agencies" in response.content.decode()
    assert not AgencySystem.objects.filter(name="Sneaky system").exists()


def test_revoking_asks_first_then_stops_the_token(verified_client, lead, caller):
    client = verified_client(lead)
    url = reverse("agency_systems:revoke", args=[caller.system.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    caller.system.refresh_from_db()
    assert caller.system.revoked_at is None
    assert caller.get("/api/v1/me").status_code == 200

    done = client.post(url, follow=True)

    assert "no longer works" in done.content.decode()
    caller.system.refresh_from_db()
    assert caller.system.revoked_at is not None
    assert caller.get("/api/v1/me").status_code == 401
    assert "was revoked on" in client.get(url).content.decode()


def test_the_lead_cannot_revoke_another_partnerships_system(verified_client, lead):
    elsewhere = caller_for(AgencyFactory(area=AreaFactory(name="Otherton", slug="otherton")))

    response = verified_client(lead).post(
        reverse("agency_systems:revoke", args=[elsewhere.system.pk])
    )

    assert response.status_code == 404
    elsewhere.system.refresh_from_db()
    assert elsewhere.system.revoked_at is None
