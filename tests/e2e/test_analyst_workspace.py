"""The analyst's workspace in a real browser: children as pseudonyms, filtered, never named,
at desktop width and at 320 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.sharing.pseudonyms import pseudonym
from tests.e2e.accessibility import assert_accessible
from tests.factories import CaseFactory, ChildFactory, StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_analyst_filters_children_seen_only_as_pseudonyms(page, sign_in_as, width):
    analyst = StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, username="lee.analyst")
    today = timezone.localdate()
    girl = ChildFactory(
        given_name="Zephyrine",
        family_name="Quillborough",
        date_of_birth=today.replace(year=today.year - 14) - dt.timedelta(days=40),
        postcode="NB3 4QT",
        gender="female",
    )
    boy = ChildFactory(
        given_name="Barnaby",
        family_name="Quillborough",
        date_of_birth=today.replace(year=today.year - 16) - dt.timedelta(days=40),
        gender="male",
    )
    CaseFactory(child=girl)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(analyst)

    page.goto("/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Analyst's workspace").click()
    main = page.locator("main").inner_text()
    assert "Children known to the partnership" in main
    assert pseudonym(girl.area, girl.pk) in main
    assert pseudonym(boy.area, boy.pk) in main
    assert "Quillborough" not in page.content()
    assert "NB3" in main
    assert "4QT" not in page.content()
    width_now = page.evaluate("() => document.documentElement.scrollWidth")
    assert width_now <= width
    assert_accessible(page)

    page.get_by_label("Gender").select_option(label="Male")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    table = page.locator("table").inner_text()
    assert pseudonym(boy.area, boy.pk) in table
    assert pseudonym(girl.area, girl.pk) not in table
    assert "1 child" in page.locator("main").inner_text()
    assert_accessible(page)
