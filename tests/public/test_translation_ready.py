"""Every sentence on the public pages goes through Django's translation machinery.

Every catalogue lookup is replaced by a pseudo-translation that wraps the message in ⟦ ⟧ (as a
pseudo-locale catalogue would), and the rendered pages are read: any English left outside the
markers, other than the partnership's own data (its name, the indicators' wording, numbers and
its published text), was not marked for translation.
"""

from __future__ import annotations

import re
import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import trans_real

from seemehearme.concerns.spam import started_token
from seemehearme.concerns.views_public import SENT_SESSION_KEY
from seemehearme.public.models import BusinessType, PublicText
from seemehearme.screening.models import Indicator
from tests.concerns.helpers import report_data
from tests.factories import AreaFactory, StaffUserFactory, TeamFactory

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


def test_the_report_a_concern_pages_are_fully_marked_for_translation(client, pseudo_locale):
    """The form, the form with every kind of error, the confirmation, the page after too many
    reports and the page for a partnership that takes none online."""
    cache.clear()  # the rate limit counts in the cache
    team = TeamFactory()
    area = team.agency.area
    area.triage_team = team
    area.save()
    report = reverse("concerns:report", kwargs={"area": area.slug})
    # The partnership's name, and what the visitor typed in the text area (shown back to them).
    data = [area.name, report_data()["what_happened"]]

    pages = {"the form, no contacts published": client.get(report)}
    contacts = {
        "front_door_name": "Testshire Children's Front Door",
        "front_door_phone": "01234 567890",
        "front_door_hours": "Monday to Friday, 9am to 5pm",
        "out_of_hours_phone": "01234 000000",
    }
    PublicText.objects.create(
        area=area,
        language="en-gb",
        published_by=StaffUserFactory(),
        published_at=timezone.now(),
        **contacts,
    )
    data += contacts.values()
    pages["the form"] = client.get(report)
    pages["the form with errors"] = client.post(
        report,
        report_data(reporter_type="business", business_type="", what_happened="", contact="yes"),
    )
    errors = BeautifulSoup(pages["the form with errors"].content, "html.parser")
    assert len(errors.select(".govuk-error-summary__list li")) == 3
    pages["the form with more errors"] = client.post(
        report,
        report_data(
            reporter_type="nobody",
            what_happened="1" * 10001,  # digits: what a visitor typed is not the page's text
            contact="yes",
            contact_email="not an address",
            contact_name="2" * 201,
        ),
    )
    pages["the form sent too quickly"] = client.post(
        report, report_data(started=started_token(time.time()))
    )
    sent = client.post(report, report_data(), follow=True)
    data.append(client.session[SENT_SESSION_KEY]["reference"])
    pages["the confirmation"] = sent
    with override_settings(SMH_REPORT_RATE_LIMIT="0/hour"):
        pages["too many reports"] = client.post(report, report_data())
    assert pages["too many reports"].status_code == 429
    area.triage_team = None
    area.save()
    pages["not taking reports"] = client.get(report)

    for name, response in pages.items():
        html = response.content.decode()
        assert "⟦" in html, name
        assert _unmarked(html, data) == [], name
    cache.clear()
