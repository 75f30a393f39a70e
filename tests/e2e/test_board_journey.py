"""The strategic lead's journey in a real browser, axe-core clean at each step and at 320 px:
the board dashboard from the menu, another period chosen without JavaScript, and the records
behind a figure, where children are pseudonyms and never named."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.models import Decision
from seemehearme.sharing.pseudonyms import pseudonym
from tests.e2e.accessibility import assert_accessible
from tests.factories import CaseFactory, ChildFactory, StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAMES = ("Zephyrine", "Quillborough")
RECORDS_LINK = re.compile(r"See the records behind this figure\W+decisions the child took part in")


def _fits(page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 320])
def test_the_strategic_lead_reads_the_dashboard_and_drills_into_a_figure(page, sign_in_as, width):
    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD, username="morgan.test")
    child = ChildFactory(area=lead.agency.area, given_name=NAMES[0], family_name=NAMES[1])
    case = CaseFactory(child=child, opened_at=timezone.now() - dt.timedelta(days=40))
    Decision.objects.create(
        case=case,
        made_on=timezone.localdate(),
        made_by=case.opened_by,
        source_agency=case.opened_by.agency,
        summary="Safety plan agreed (synthetic).",
        child_took_part=True,
        child_view="I want to keep going to college.",
        how_weighed="The plan keeps her college days.",
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(lead)

    page.goto("/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Board dashboard").click()
    main = page.locator("main")
    assert "Is the strategy working?" in main.inner_text()
    assert "Decisions the child took part in" in main.inner_text()
    assert "No data" in main.inner_text()
    _fits(page, width)
    assert_accessible(page)

    page.get_by_label("Period").select_option(label="Year (12 months)")
    with page.expect_navigation():
        page.get_by_role("button", name="Show this period").click()
    assert "length=year" in page.url

    with page.expect_navigation():
        page.get_by_role("link", name=RECORDS_LINK).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Decisions the child took part in"
    table = page.locator("#records-caption").locator("xpath=..").inner_text()
    assert pseudonym(child.area, child.pk) in table
    for name in NAMES:
        assert name not in page.content()
    _fits(page, width)
    assert_accessible(page)
    entries = AccessLogEntry.objects.filter(user=lead)
    assert entries.count() == 1
    assert entries.get().child is None
