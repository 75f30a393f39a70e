"""The network graph in a real browser: Cytoscape.js, served from this site, draws the same
subjects as the table under the real Content Security Policy; the table stays for everyone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from seemehearme.areas.models import Role
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory
from tests.intelligence.factories import AssociationFactory, PersonOfConcernFactory, PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_graph_draws_under_the_content_security_policy(page_with_csp, live_server):
    police = AgencyFactory(kind="police")
    analyst = StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=police)
    man = PersonOfConcernFactory(source_agency=police, given_name="Ivor", family_name="Graphman")
    hotel = PlaceFactory(source_agency=police, name="Larkspur Hotel")
    AssociationFactory(entity=man, other=hotel)
    AssociationFactory(entity=hotel, other=None, child=ChildFactory(area=police.area))
    client = sign_in_verified(Client(), analyst)
    name = settings.SESSION_COOKIE_NAME
    page_with_csp.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )

    response = page_with_csp.goto(f"/intelligence/network/subject/e{man.pk}/")

    assert response.status == 200
    page_with_csp.locator(".smh-network__canvas canvas").first.wait_for()
    drawn = page_with_csp.evaluate(
        "() => document.querySelector('.smh-network__canvas').getBoundingClientRect().height"
    )
    assert drawn > 200
    assert page_with_csp.get_by_role("img", name="The network drawn as a graph").count() == 1
    assert page_with_csp.get_by_role("table").filter(has_text="Larkspur Hotel").count() >= 1
    assert page_with_csp.csp_violations == []
