"""Each role's home page, in a real browser at desktop width and at 320 px: it offers only what
that role can do, and every link it offers opens (none ends in a refusal)."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINKS = """() => Array.from(document.querySelectorAll('nav[aria-label=Menu] a, main a'))
  .map(link => link.getAttribute('href'))"""


@pytest.mark.parametrize("role", Role.values)
def test_the_home_page_offers_only_what_the_role_can_open(page, sign_in_as, role):
    agency = AgencyFactory()
    triage = TeamFactory(agency=agency, name="Child Exploitation Team")
    agency.area.triage_team = triage
    agency.area.save()
    managing = role in {Role.CSE_COORDINATOR, Role.TEAM_MANAGER}
    user = StaffUserFactory(
        role=role,
        team=triage if managing else TeamFactory(agency=agency),
        is_staff=role == Role.SYSTEM_ADMINISTRATOR,
    )
    sign_in_as(user)

    hrefs: set[str] = set()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto("/").status == 200
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert_accessible(page)
        hrefs |= set(page.evaluate(LINKS))
    if role in {Role.DATA_PROTECTION_LEAD, Role.INTELLIGENCE_ANALYST, Role.SYSTEM_ADMINISTRATOR}:
        assert "/children/" not in hrefs
    if role == Role.SYSTEM_ADMINISTRATOR:
        assert "/admin/" in hrefs

    for href in sorted(hrefs):
        response = page.goto(href)
        assert response.status != 403, f"{role} is offered {href}, which refuses them"
        assert response.status == 200, (href, response.status)
