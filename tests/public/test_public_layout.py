"""The public pages' frame: open without signing in, never cached, no referrer, a quick exit."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_opens_without_signing_in_and_is_never_kept(client):
    area = AreaFactory()
    response = client.get(reverse("public:home", kwargs={"area": area.slug}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = BeautifulSoup(response.content, "html.parser")
    exit_link = page.select_one(".govuk-exit-this-page__button")
    assert exit_link is not None
    assert exit_link["href"].startswith("https://")
    assert "noreferrer" in exit_link["rel"]


def test_an_unknown_partnership_is_not_found(client):
    AreaFactory()
    response = client.get(reverse("public:home", kwargs={"area": "nowhere"}))
    assert response.status_code == 404


def test_with_one_partnership_the_list_goes_straight_to_it(client):
    area = AreaFactory()
    response = client.get(reverse("public:partnerships"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:home", kwargs={"area": area.slug})


def test_the_sign_in_page_points_the_public_to_the_public_pages(client):
    area = AreaFactory()
    page = BeautifulSoup(client.get(reverse("accounts:sign-in")).content, "html.parser")
    link = page.find("a", string=lambda text: text and "report a concern" in text)
    assert link is not None
    followed = client.get(link["href"], follow=True)
    assert followed.redirect_chain[-1][0] == reverse("public:home", kwargs={"area": area.slug})
