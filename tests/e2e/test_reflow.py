"""WCAG 2.2 reflow (1.4.10): at 320 CSS pixels wide no page scrolls sideways; a wide data
table scrolls inside its own region, which keyboard users can focus and which is named by the
table's caption."""

from __future__ import annotations

import pytest

from seemehearme.earlywarning.models import Flag
from seemehearme.earlywarning.services import flag_confirm
from seemehearme.earlywarning.sweep import sweep
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARROWEST = 320

REGIONS = """() => Array.from(document.querySelectorAll('.smh-table-scroll')).map(region => {
  const label = document.getElementById(region.getAttribute('aria-labelledby') || '');
  return {
    tabindex: region.getAttribute('tabindex'),
    role: region.getAttribute('role'),
    name: label ? label.textContent.trim() : '',
    wraps: region.querySelector(':scope > table') !== null,
  };
})"""


def assert_reflows(page, url: str) -> int:
    assert page.goto(url).status == 200, url
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{url} is {width} px wide at {NARROWEST} px"
    regions = page.evaluate(REGIONS)
    tables = page.evaluate("() => document.querySelectorAll('table').length")
    assert len(regions) == tables, f"{url}: a table is not in a scrolling region"
    for region in regions:
        assert region == {**region, "tabindex": "0", "role": "region", "wraps": True}, url
        assert region["name"], f"{url}: a table region has no name"
    return tables


def test_pages_with_tables_reflow_at_320_pixels(page, sign_in_as):
    from tests.earlywarning.conftest import World, world_create

    world: World = world_create()
    AgreementFactory(
        area=world.area, parties=[world.police, world.social_care], categories=["police-incidents"]
    )
    child = world.child()
    world.events(child, "missing-episode", [2, 20, 40])
    world.events(child, "self-harm", [5], agency=world.health)
    world.events(child, "online-concern", [8], agency=world.social_care)
    sweep(area=world.area, as_of=world.as_of)
    flag = Flag.objects.filter(child=child).first()
    assert flag is not None
    other = world.child(given_name="Second", family_name="Reflowchild")
    world.events(other, "missing-episode", [3, 21, 41])
    sweep(area=world.area, as_of=world.as_of)
    referral = flag_confirm(
        flag=Flag.objects.get(child=other), by=world.coordinator, reason="Refer to check reflow."
    )

    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in_as(world.coordinator)
    tables = 0
    for url in [
        "/early-warning/",
        f"/early-warning/flags/{flag.pk}/",
        "/early-warning/rules/",
        "/referrals/",
        f"/referrals/{referral.pk}/",
        "/my-work",
        "/meetings/",
        "/feeds/imports/",
        "/feeds/imports/upload",
        "/identity/review/",
        f"/children/{child.pk}/",
    ]:
        tables += assert_reflows(page, url)
    assert tables >= 8  # the pages above really have tables to check
    assert_accessible(page)

    sign_in_as(world.manager)
    assert assert_reflows(page, "/early-warning/equality/") >= 4
    # The charts repeat the tables' figures and would be unreadably small: tables only.
    assert not page.locator(".smh-chart").first.is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 800})
    assert page.locator(".smh-chart").first.is_visible()
