"""The child's words in a real browser: words the key worker adds on the case page are the words
shown first on the child's record, exactly as typed, at desktop width and at 320 px."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.cases.test_casework import case_story
from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# An apostrophe, quotation marks, an ampersand, a line break and words in Polish and Urdu.
SAID = 'i dont want him in trouble & he\'s not "bad".\nNie chcę tam wracać.\nمیں ٹھیک ہوں'


@pytest.mark.parametrize("width", [1280, 320])
def test_words_added_on_the_case_are_first_on_the_childs_record(
    page, live_server, sign_in_as, width
):
    story = case_story()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(story.worker)
    # The live server's first page loads and compiles templates: allow for a busy machine.
    page.goto(f"/cases/{story.case.pk}/", timeout=60_000)
    page.get_by_role("link", name="Add Maisie's words").click()
    assert_accessible(page)
    page.get_by_role("group", name="What kind of words are these?").get_by_label(
        "In their own words"
    ).check()
    page.get_by_label("What the child said", exact=True).fill(SAID)
    page.get_by_role("group", name="How did they say it?").get_by_label("Face to face").check()
    page.get_by_label("Who were they talking to?").fill("Amara Hollins (key worker)")
    page.get_by_label("Where were they?").fill("In the car after school")
    today = timezone.localdate()
    date = page.get_by_role("group", name="Date they said it")
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Add the words").click()
    assert page.locator(".smh-child-voice blockquote").first.inner_text() == SAID

    page.get_by_role("link", name="Maisie's record").click()
    assert page.locator("main h1").inner_text().startswith("Maisie Testchild")
    main = page.locator("main")
    assert main.locator("h2").first.inner_text() == "In Maisie's own words"
    assert main.locator(".smh-child-voice blockquote").first.inner_text() == SAID
    caption = main.locator(".smh-child-voice figcaption").first.inner_text()
    assert "face to face with Amara Hollins (key worker), In the car after school" in caption
    assert_accessible(page)
    width_now = page.evaluate("() => document.documentElement.scrollWidth")
    assert width_now <= max(width, 320)
