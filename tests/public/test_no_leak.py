"""No public page reveals a child, a member of staff or an agency: the demo area is built (its
children, staff, agencies, cases and intelligence) and every public address, Report a concern's
pages among them, is fetched signed out."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from seemehearme.areas.models import Agency, StaffUser
from seemehearme.demo.area import demo_area_create
from seemehearme.intelligence.models import PersonOfConcern
from seemehearme.people.models import Child
from seemehearme.public.content import BUSINESS_ADVICE
from seemehearme.public.models import BusinessType
from seemehearme.public.poster import poster_document
from tests.concerns.helpers import report_data

pytestmark = pytest.mark.django_db


def test_no_public_page_names_a_child_staff_member_or_agency(client):
    area = demo_area_create(children=5).area
    secrets: set[str] = set()
    for child in Child.objects.all():
        secrets.add(child.full_name)
    for staff in StaffUser.objects.all():
        secrets |= {staff.username, staff.email, staff.get_full_name()}
    for agency in Agency.objects.all():
        secrets.add(agency.name)
    for person in PersonOfConcern.objects.all():
        secrets.add(f"{person.given_name} {person.family_name}".strip())
    secrets = {secret for secret in secrets if secret and secret != area.name}
    assert len(secrets) > 20

    kwargs = {"area": area.slug}
    urls = [
        reverse(name, kwargs=kwargs)
        for name in (
            "public:home",
            "public:young-people",
            "public:parents",
            "public:businesses",
            "public:help",
        )
    ]
    urls += [
        reverse("public:business", kwargs={**kwargs, "business": business})
        for business in BusinessType.values
    ]
    urls.append(reverse("public:partnerships"))
    pages = []
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    # Report a concern: the form, the form with errors, the confirmation and "too many".
    cache.clear()  # the rate limit counts in the cache
    report = reverse("concerns:report", kwargs=kwargs)
    pages.append(client.get(report).content.decode())
    pages.append(client.post(report, report_data(what_happened="", contact="yes")).content.decode())
    sent = client.post(report, report_data(), follow=True)
    assert sent.status_code == 200
    assert "smh-reference" in sent.content.decode()  # the confirmation, not "not taking"
    pages.append(sent.content.decode())
    with override_settings(SMH_REPORT_RATE_LIMIT="0/hour"):
        pages.append(client.post(report, report_data()).content.decode())
    cache.clear()
    for business in BusinessType.values:
        response = client.get(reverse("public:poster", kwargs={**kwargs, "business": business}))
        assert response.status_code == 200
        pages.append(poster_document(area=area, advice=BUSINESS_ADVICE[business]))
    for page in pages:
        for secret in secrets:
            assert secret not in page
