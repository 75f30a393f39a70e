"""The data protection lead adds an agency system and revokes its token in a real browser, and
axe finds no serious accessibility problem on any page of the journey."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.feeds.models import AgencySystem
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory

# The browser fixtures above come from tests/e2e (reference_data is autouse there, and here).

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_lead_makes_a_token_sees_it_once_and_revokes_it(page, sign_in_as):
    police = AgencyFactory(name="Testshire Police", kind=AgencyKind.POLICE)
    sign_in_as(StaffUserFactory(team__agency=police, role=Role.DATA_PROTECTION_LEAD))

    page.goto("/agency-systems/")
    assert page.get_by_role("heading", level=1).inner_text() == "Agency systems"
    assert_accessible(page)

    page.get_by_role("button", name="Add an agency system").click()
    page.get_by_role("button", name="Make a token").click()
    assert page.get_by_role("alert").is_visible()  # the error summary
    assert_accessible(page)

    page.get_by_label("Which agency's system is it?").select_option(label="Testshire Police")
    page.get_by_label("Name of the system").fill("Custody system")
    page.get_by_role("button", name="Make a token").click()
    token = page.get_by_label("The token").input_value()
    assert token.startswith("smh_")
    assert "only time it is shown" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Back to agency systems").click()
    assert token not in page.content()
    page.get_by_role("link", name="Revoke the token of Custody system").click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()

    assert "no longer works" in page.locator("main").inner_text()
    assert AgencySystem.objects.get(name="Custody system").revoked_at is not None
    assert_accessible(page)
