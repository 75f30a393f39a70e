"""Languages: SMH_LANGUAGES turns them on; the switch shows only with more than one and works
as a plain form post, signed out."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.settings.base import languages_from_env
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

TWO = [("en-gb", "British English"), ("cy", "Cymraeg")]


def test_languages_from_the_environment_keep_english_first():
    assert languages_from_env("en-gb") == [("en-gb", "British English")]
    assert languages_from_env("cy, PL,en-gb") == [
        ("en-gb", "British English"),
        ("cy", "Cymraeg"),
        ("pl", "polski"),
    ]


def test_with_one_language_there_is_no_switch(client):
    area = AreaFactory()
    page = BeautifulSoup(
        client.get(reverse("public:home", kwargs={"area": area.slug})).content, "html.parser"
    )
    assert page.select_one(".smh-language-switch") is None


def test_with_two_languages_the_switch_is_a_form_anyone_can_post(client, settings):
    settings.LANGUAGES = TWO
    area = AreaFactory()
    home = reverse("public:home", kwargs={"area": area.slug})
    page = BeautifulSoup(client.get(home).content, "html.parser")
    switch = page.select_one("form.smh-language-switch")
    assert switch is not None
    assert switch["action"] == reverse("public:set-language")
    assert [o["value"] for o in switch.select("option")] == ["en-gb", "cy"]

    response = client.post(reverse("public:set-language"), {"language": "cy", "next": home})
    assert response.status_code == 302
    assert response["Location"] == home
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    page = BeautifulSoup(client.get(home).content, "html.parser")
    assert page.html["lang"] == "cy"
