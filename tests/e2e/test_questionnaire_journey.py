"""A CSE coordinator writes a progress questionnaire and sends it to the police; the police's
team manager, told by the menu, answers it for the police; the coordinator then reads the
report. In a real browser, axe-core clean, and at 320 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARROW = 320


def _fits_320(page) -> None:
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.reload()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW, f"{page.url} is {width} px wide at 320 px"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_questionnaire_is_sent_answered_and_reported(page, sign_in_as):
    social_care = AgencyFactory(name="Eastmere Children's Social Care")
    police = AgencyFactory(area=social_care.area, name="Eastmere Police", kind=AgencyKind.POLICE)
    coordinator = StaffUserFactory(
        role=Role.CSE_COORDINATOR, team=TeamFactory(agency=social_care), first_name="Sam"
    )
    manager = StaffUserFactory(
        role=Role.TEAM_MANAGER, team=TeamFactory(agency=police), first_name="Rowan"
    )
    due = timezone.localdate() + dt.timedelta(days=21)

    # The coordinator writes two questions and sends them to the police.
    sign_in_as(coordinator)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Questionnaires").click()
    page.get_by_role("link", name="Write a new questionnaire").click()
    page.get_by_label("Title").fill("Progress check")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("The question", exact=True).fill("Do all frontline staff have CSE training?")
    page.get_by_label("Yes, no or partly").check()
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("The question", exact=True).fill("How many staff were trained this year?")
    page.get_by_label("A number").check()
    page.get_by_role("button", name="Add the question").click()
    assert_accessible(page)
    page.get_by_role("link", name="Send it to agencies").click()
    page.get_by_label("Name this round").fill("Winter")
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("Eastmere Police").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    assert "Not answered yet (1)" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    # The police's team manager is offered it, answers, and sends.
    page.context.clear_cookies()
    sign_in_as(manager)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Questionnaires").click()
    page.get_by_role("link", name="Progress check: Winter").click()
    assert_accessible(page)
    _fits_320(page)
    training = page.get_by_role("group", name="Do all frontline staff have CSE training?")
    training.get_by_label("Partly").check()
    page.get_by_label("How many staff were trained this year?").fill("48")
    page.get_by_role("button", name="Send your answers").click()
    mine = page.get_by_role("main").inner_text()
    assert "Your agency's answers have been sent" in mine
    assert "Answered" in mine

    # The coordinator reads the report.
    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto("/questionnaires/")
    page.get_by_role("link", name="Progress check: Winter").click()
    page.get_by_role("link", name="What changed since the last round").click()
    report = page.get_by_role("main").inner_text()
    assert "1 of 1 agencies have sent their answers." in report
    assert "This is the first round" in report
    rows = page.locator("table.smh-report-answers tbody tr")
    assert rows.nth(0).inner_text().split("\t") == ["Eastmere Police", "Partly"]
    assert "Eastmere Police" in rows.nth(1).inner_text()
    assert "48" in rows.nth(1).inner_text()
    assert "This round: average 48 from 1 agency (lowest 48, highest 48)." in report
    assert_accessible(page)
    _fits_320(page)
