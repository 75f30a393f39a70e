"""The early-warning pages in real Chromium: axe finds no serious problem on any of them, and a
coordinator dismisses a flag, error first. Uses the browser fixtures of tests/e2e."""

from __future__ import annotations

import pytest

from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.earlywarning.sweep import sweep
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_early_warning_pages_are_accessible(page, sign_in_as):
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
    flag = Flag.objects.get(child=child, rule_code="three-or-more-warning-signs")

    sign_in_as(world.coordinator)
    for url in ["/early-warning/", f"/early-warning/flags/{flag.pk}/", "/early-warning/rules/"]:
        assert page.goto(url).status == 200, url
        assert_accessible(page)
    page.goto(f"/early-warning/flags/{flag.pk}/")
    page.get_by_role("button", name="Dismiss the flag").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Why are you dismissing this flag?").fill("Known to the team; plan in place.")
    page.get_by_role("button", name="Dismiss the flag").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Early-warning flags"
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED

    sign_in_as(world.manager)
    assert page.goto("/early-warning/equality/").status == 200
    assert_accessible(page)
