"""Recording the patterns of abuse a case shows, in a real browser, at desktop width and at
320 px: the form's checkboxes with each pattern's description, the reason, the error when it is
missing, and the patterns on the case page afterwards. axe checks every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.cases.test_casework import case_story
from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1024, 320])
def test_a_key_worker_records_patterns_of_abuse(page, sign_in_as, width):
    story = case_story()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as(story.worker)

    page.goto(f"/cases/{story.case.pk}/")
    patterns = page.locator("#patterns + *")
    expect(patterns).to_have_text("No pattern recorded yet.")
    page.get_by_role("link", name="Record patterns of abuse").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Patterns of abuse")
    expect(page.get_by_text("Grooming by an older “boyfriend”")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    page.get_by_label("Party model").check()
    page.get_by_role("button", name="Save the patterns").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you think so")
    assert_accessible(page)

    expect(page.get_by_label("Party model")).to_be_checked()
    page.get_by_label("Online").check()
    page.get_by_label("Why do you think so?").fill(
        "Taken to a hotel party twice; messages from the adults on a social media app."
    )
    page.get_by_role("button", name="Save the patterns").click()

    expect(page.get_by_text("The patterns of abuse have been recorded")).to_be_visible()
    recorded = page.locator(".smh-patterns")
    expect(recorded).to_contain_text("Party model")
    expect(recorded).to_contain_text("Online")
    expect(recorded).to_contain_text("Taken to a hotel party twice")
    expect(recorded).to_contain_text("by Amara Hollins")
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
