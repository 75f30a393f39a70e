"""The public pages: the warning signs from the screening's reference data, the partnership's
published numbers with national defaults, business pages and their posters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from seemehearme.public import poster
from seemehearme.public.content import BUSINESS_ADVICE, published_text
from seemehearme.public.models import BusinessType, PublicText
from seemehearme.screening.models import Indicator
from tests.factories import AreaFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def publish(area, **values) -> PublicText:
    user = StaffUserFactory()
    from django.utils import timezone

    return PublicText.objects.create(
        area=area, language="en-gb", published_by=user, published_at=timezone.now(), **values
    )


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def public_urls(area) -> list[str]:
    urls = [
        reverse(name, kwargs={"area": area.slug})
        for name in (
            "public:home",
            "public:young-people",
            "public:parents",
            "public:businesses",
            "public:help",
        )
    ]
    urls += [
        reverse("public:business", kwargs={"area": area.slug, "business": business})
        for business in BusinessType.values
    ]
    return urls


def test_every_public_page_opens_without_signing_in_and_is_never_kept(client):
    area = AreaFactory()
    for url in public_urls(area):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select_one(".govuk-exit-this-page__button") is not None, url


def test_the_warning_signs_come_from_the_current_checklist_in_public_words(client):
    area = AreaFactory()
    missing = Indicator.objects.get(
        indicator_set__is_current=True, text="Missing from home or care"
    )
    assert missing.public_text == "Going missing from home or from care"
    home = text(client.get(reverse("public:home", kwargs={"area": area.slug})))
    young = text(client.get(reverse("public:young-people", kwargs={"area": area.slug})))
    assert "Going missing from home or from care" in home
    assert "You run away or go missing from home or care" in young
    assert "It is not your fault" in young

    missing.public_text = "Running away from home or care"
    missing.young_person_text = ""
    missing.save()
    home = text(client.get(reverse("public:home", kwargs={"area": area.slug})))
    young = text(client.get(reverse("public:young-people", kwargs={"area": area.slug})))
    assert "Running away from home or care" in home
    assert "Running away from home or care" in young  # falls back to the adults' words

    missing.public_text = ""
    missing.save()
    home = text(client.get(reverse("public:home", kwargs={"area": area.slug})))
    assert "Missing from home or care" in home  # falls back to the official wording


def test_every_warning_sign_of_the_current_set_has_public_wording():
    indicators = Indicator.objects.filter(indicator_set__is_current=True)
    assert indicators.count() == 29
    assert all(indicator.public_text for indicator in indicators)
    assert all(indicator.young_person_text for indicator in indicators.filter(kind="warning_sign"))


def test_national_defaults_show_until_the_partnership_publishes_its_numbers(client):
    area = AreaFactory()
    url = reverse("public:help", kwargs={"area": area.slug})
    page = text(client.get(url))
    assert "999" in page
    assert "0800 1111" in page
    assert "0808 800 5000" in page
    assert "https://www.ceop.police.uk/safety-centre/" in client.get(url).content.decode()
    assert "Find your local council on GOV.UK" in page

    publish(
        area,
        front_door_name="Testshire Children's Front Door",
        front_door_phone="01234 567890",
        front_door_hours="Monday to Friday 9am to 5pm",
        out_of_hours_phone="01234 000111",
        introduction="Testshire's own words.",
        notes_taxis="All Testshire drivers take safeguarding training.",
    )
    page = text(client.get(url))
    assert "Testshire Children's Front Door" in page
    assert "01234 567890" in page
    assert "Open Monday to Friday 9am to 5pm." in page
    assert "01234 000111" in page
    assert "999" in page
    assert "Find your local council" not in page
    home = text(client.get(reverse("public:home", kwargs={"area": area.slug})))
    assert "Testshire's own words." in home
    taxis = text(
        client.get(reverse("public:business", kwargs={"area": area.slug, "business": "taxis"}))
    )
    assert "All Testshire drivers take safeguarding training." in taxis
    hotels = text(
        client.get(reverse("public:business", kwargs={"area": area.slug, "business": "hotels"}))
    )
    assert "All Testshire drivers" not in hotels


def test_another_language_falls_back_field_by_field_to_the_default(settings):
    area = AreaFactory()
    publish(area, front_door_phone="01234 567890", introduction="English words.")
    PublicText.objects.create(
        area=area,
        language="cy",
        introduction="Geiriau Cymraeg.",
        published_by=StaffUserFactory(),
        published_at=PublicText.objects.get().published_at,
    )
    welsh = published_text(area, "cy")
    assert welsh.introduction == "Geiriau Cymraeg."
    assert welsh.contacts.front_door_phone == "01234 567890"
    assert welsh.contacts.childline_phone == "0800 1111"
    assert published_text(area, "en-gb").introduction == "English words."


def test_an_unknown_business_type_or_partnership_is_not_found(client):
    area = AreaFactory()
    url = reverse("public:business", kwargs={"area": area.slug, "business": "banks"})
    assert client.get(url).status_code == 404
    url = reverse("public:poster", kwargs={"area": area.slug, "business": "banks"})
    assert client.get(url).status_code == 404
    url = reverse("public:help", kwargs={"area": "nowhere"})
    assert client.get(url).status_code == 404


def _pdf_text(document) -> list[str]:
    def walk(box, out: list[str]) -> list[str]:
        if getattr(box, "text", None):
            out.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, out)
        return out

    return [" ".join(" ".join(walk(page._page_box, [])).split()) for page in document.pages]


@pytest.mark.parametrize("business", BusinessType.values)
def test_each_poster_is_one_a4_page_with_the_partnerships_numbers(client, business):
    area = AreaFactory()
    publish(
        area,
        front_door_name="Testshire Children's Front Door",
        front_door_phone="01234 567890",
        front_door_hours="Monday to Thursday 8:30am to 5pm, Friday 8:30am to 4:30pm",
        out_of_hours_phone="01234 000111",
        **{
            f"notes_{'licensed' if business == 'pubs-bars-and-clubs' else business}": "A local "
            "note. " * 40
        },
    )
    response = client.get(
        reverse("public:poster", kwargs={"area": area.slug, "business": business})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]

    document = poster.render_document(
        poster.poster_document(area=area, advice=BUSINESS_ADVICE[business])
    )
    assert len(document.pages) == 1
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)  # A4 in mm
    (words,) = _pdf_text(document)
    assert "01234 567890" in words
    assert "01234 000111" in words
    assert area.name in words
