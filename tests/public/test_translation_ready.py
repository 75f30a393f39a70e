"""Every sentence on the public pages goes through Django's translation machinery.

Every catalogue lookup is replaced by a pseudo-translation that wraps the message in ⟦ ⟧ (as a
pseudo-locale catalogue would), and the rendered pages are read: any English left outside the
markers, other than the partnership's own data (its name, the indicators' wording, numbers and
its published text), was not marked for translation.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import trans_real

from seemehearme.public.models import BusinessType
from seemehearme.screening.models import Indicator
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

MARKED = re.compile(r"⟦[^⟦⟧]*⟧")  # innermost first: a marked message may hold another


def _pseudo(message: str) -> str:
    if "\x04" in message:  # pgettext's context
        message = message.split("\x04", 1)[1]
    return f"⟦{message}⟧"


@pytest.fixture
def pseudo_locale(monkeypatch):
    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", lambda self, m: _pseudo(m))
    monkeypatch.setattr(
        trans_real.DjangoTranslation,
        "ngettext",
        lambda self, singular, plural, n: _pseudo(singular if n == 1 else plural),
    )


def _unmarked(html: str, data: list[str]) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style"]):
        hidden.decompose()
    texts = [page.get_text(" ")]
    for attribute in ("aria-label", "title", "alt", "placeholder"):
        texts += [str(tag[attribute]) for tag in page.find_all(attrs={attribute: True})]
    left = " ".join(texts)
    while MARKED.search(left):
        left = MARKED.sub(" ", left)
    for value in sorted(data, key=len, reverse=True):
        left = left.replace(value, " ")
    return re.findall(r"[A-Za-z]{2,}[A-Za-z' ]*", left)


def test_the_public_pages_are_fully_marked_for_translation(client, pseudo_locale):
    area = AreaFactory()
    indicators = Indicator.objects.filter(indicator_set__is_current=True)
    data = [area.name] + [i.public_wording for i in indicators]
    data += [i.young_person_wording for i in indicators]
    urls = [
        reverse(name, kwargs={"area": area.slug})
        for name in (
            "public:home",
            "public:young-people",
            "public:parents",
            "public:businesses",
            "public:help",
        )
    ] + [
        reverse("public:business", kwargs={"area": area.slug, "business": business})
        for business in BusinessType.values
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "⟦" in response.content.decode()
        assert _unmarked(response.content.decode(), data) == [], url


def test_the_poster_is_fully_marked_for_translation(pseudo_locale):
    from seemehearme.public.content import BUSINESS_ADVICE
    from seemehearme.public.poster import poster_document

    area = AreaFactory()
    for advice in BUSINESS_ADVICE.values():
        assert _unmarked(poster_document(area=area, advice=advice), [area.name]) == []
