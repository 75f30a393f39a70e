"""The partnership changes its public text in the back office: only its CSE coordinators and
strategic lead, with a preview of the unsaved words, then publish, with every version kept."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.public.access import can_edit_public_pages
from seemehearme.public.models import PublicText
from seemehearme.web.navigation import destinations_for
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db

FORM = {
    "language": "en-gb",
    "front_door_name": "Testshire Front Door",
    "front_door_phone": "01234 567890",
    "front_door_hours": "Monday to Friday 9am to 5pm",
    "out_of_hours_phone": "01234 000111",
    "introduction": "Our own words.",
    "notes_hotels": "Hotels here have a named contact.",
}


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.mark.parametrize("role", Role.values)
def test_only_coordinators_and_the_strategic_lead_may_edit(role):
    user = StaffUserFactory(role=role, is_staff=role == Role.SYSTEM_ADMINISTRATOR)
    assert can_edit_public_pages(user).allowed == (
        role in {Role.CSE_COORDINATOR, Role.STRATEGIC_LEAD}
    )


def test_a_practitioner_is_refused_the_editor(verified_client):
    client = verified_client(StaffUserFactory(role=Role.PRACTITIONER))
    assert client.get(reverse("public_editor:edit")).status_code == 403
    assert (
        client.post(reverse("public_editor:edit"), {**FORM, "action": "publish"}).status_code == 403
    )
    assert client.get(reverse("public_editor:history")).status_code == 403
    assert not PublicText.objects.exists()


def test_the_editor_is_signed_in_only(client):
    response = client.get(reverse("public_editor:edit"))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_preview_shows_the_unsaved_words_then_publish_saves_them(verified_client):
    agency = AgencyFactory()
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, team=TeamFactory(agency=agency))
    assert "public_editor:edit" in {d.url_name for d in destinations_for_verified(coordinator)}
    client = verified_client(coordinator)
    url = reverse("public_editor:edit")
    assert client.get(url).status_code == 200

    preview = client.post(url, {**FORM, "action": "preview"})
    assert preview.status_code == 200
    words = _text(preview)
    assert "Our own words." in words
    assert "01234 567890" in words
    assert "Hotels here have a named contact." in words
    assert not PublicText.objects.exists()  # nothing published yet
    public_home = reverse("public:home", kwargs={"area": agency.area.slug})
    assert "Our own words." not in _text(client.get(public_home))

    # "Change it" goes back to the form with the words kept.
    back = client.post(url, {**FORM, "action": "change"})
    assert 'value="01234 567890"' in back.content.decode()
    assert not PublicText.objects.exists()

    published = client.post(url, {**FORM, "action": "publish"})
    assert published.status_code == 302
    text = PublicText.objects.get()
    assert (text.area, text.language, text.published_by) == (agency.area, "en-gb", coordinator)
    assert "Our own words." in _text(client.get(public_home))

    client.post(url, {**FORM, "front_door_phone": "01234 999999", "action": "publish"})
    assert PublicText.objects.count() == 1
    history = _text(client.get(reverse("public_editor:history")))
    assert "01234 567890" in history
    assert "01234 999999" in history
    assert coordinator.get_full_name() in history
    assert history.count("Published by") == 2


def test_an_invalid_address_is_shown_as_an_error_not_previewed(verified_client):
    coordinator = StaffUserFactory(role=Role.STRATEGIC_LEAD)
    response = verified_client(coordinator).post(
        reverse("public_editor:edit"),
        {**FORM, "ceop_url": "not a web address", "action": "preview"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not PublicText.objects.exists()


def destinations_for_verified(user):
    user.is_verified = lambda: True
    return destinations_for(user)
