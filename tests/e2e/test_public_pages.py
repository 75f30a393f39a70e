"""The public pages in a real browser: accessible at desktop width and at 320 px, every link
reachable by keyboard with the quick exit first, and the quick exit leaving the site (by button
and by pressing Shift three times) without leaving the page in the back button's history.

The quick exit's destination is intercepted with ``page.route``, so no network is needed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from seemehearme.public.models import BusinessType
from tests.e2e.accessibility import assert_accessible
from tests.factories import AreaFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXIT_URL = "https://exit.example.test/"


@pytest.fixture
def area(settings):
    settings.SMH_QUICK_EXIT_URL = EXIT_URL
    return AreaFactory()


def _urls(area) -> list[str]:
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
    return urls + [
        reverse("public:business", kwargs={"area": area.slug, "business": business})
        for business in BusinessType.values
    ]


def _exit_site(page) -> None:
    page.route(
        f"{EXIT_URL}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )


def test_every_public_page_is_accessible_at_desktop_and_320_pixels(page, area):
    problems = []
    for url in _urls(area):
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(url).status == 200
            if (wide := page.evaluate("() => document.documentElement.scrollWidth")) > width:
                problems.append(f"{url}: {wide} px wide at {width} px")
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{url} at {width} px: {error}")
    assert problems == [], "\n".join(problems)


def test_the_keyboard_reaches_the_quick_exit_early_and_every_link(page, area):
    for url in _urls(area):
        page.goto(url)
        links = page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href]'))"
            ".filter(a => a.offsetParent !== null || a.classList.contains('govuk-skip-link'))"
            ".map(a => a.getAttribute('href'))"
        )
        reached: list[str] = []
        for _ in range(len(links) + 10):
            page.keyboard.press("Tab")
            href = page.evaluate(
                "() => document.activeElement && document.activeElement.getAttribute('href')"
            )
            if href is not None:
                reached.append(href)
        # After the skip link, the header and the menu (GOV.UK's place for it), before the page.
        assert EXIT_URL in reached[:8], f"{url}: the quick exit is not among the first stops"
        assert set(links) <= set(reached), f"{url}: not reached {set(links) - set(reached)}"


def test_the_quick_exit_leaves_and_the_back_button_does_not_return(page, area):
    _exit_site(page)
    home, help_page = _urls(area)[0], _urls(area)[4]
    page.goto("about:blank")
    page.goto(home)
    page.goto(help_page)
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(EXIT_URL)
    assert page.locator("h1").inner_text() == "Weather"
    page.go_back()
    # Back goes to the page before the help page (it was replaced), never the help page.
    assert page.url.endswith(home)
    assert not page.url.endswith(help_page)


def test_pressing_shift_three_times_exits(page, area):
    _exit_site(page)
    page.goto("about:blank")
    help_page = _urls(area)[4]
    page.goto(help_page)
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert not page.url.endswith(help_page)


def test_the_editor_previews_and_publishes_and_its_pages_are_accessible(page, sign_in_as, area):
    from seemehearme.areas.models import Role
    from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory

    agency = AgencyFactory(area=area)
    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD, team=TeamFactory(agency=agency))
    sign_in_as(lead)
    problems = []

    def check(name: str) -> None:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{name} at {width} px: {error}")

    page.goto(reverse("public_editor:edit"))
    check("edit")
    page.get_by_label("Their phone number").fill("01234 567890")
    page.get_by_label("Local introduction").fill("Testshire's own words.")
    page.get_by_role("button", name="Preview").click()
    assert "Testshire's own words." in page.locator("main").inner_text()
    check("preview")
    page.get_by_role("button", name="Publish").click()
    assert "Published" in page.locator("body").inner_text()
    page.goto(reverse("public_editor:history"))
    assert "01234 567890" in page.locator("main").inner_text()
    check("history")
    page.goto(reverse("public:help", kwargs={"area": area.slug}))
    assert "01234 567890" in page.locator("main").inner_text()
    assert problems == [], "\n".join(problems)
