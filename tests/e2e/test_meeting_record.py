"""The record of a meeting in a real browser: a panel agrees an action for a child whose case
has no plan, and it reaches the plan when the plan is written; the decision form asks what the
child thinks under "Yes" and why not under "No"; minutes that name a child on the agenda are
warned about, and a panel member suggests wording instead of rewriting the chair's minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.cases.models import Case
from seemehearme.meetings.models import SuggestionStatus
from seemehearme.people.models import RelationshipKind
from tests.e2e.accessibility import assert_accessible
from tests.factories import AgencyFactory, PanelFactory, StaffUserFactory, TeamFactory, relate
from tests.meetings.conftest import story  # noqa: F401  # the meeting about Robyn and Jordan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ACTION = "Return home interview within 72 hours of any missing episode."
NARROWEST = 320


@pytest.fixture(autouse=True)
def _pages_loaded():
    # Load every page's code now, not on the first request: importing it (Splink included)
    # can outlast a page load's time-out on a busy machine.
    get_resolver().url_patterns  # noqa: B018


def _main(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main").inner_text()


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROWEST
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_action_for_a_child_with_no_plan_reaches_the_plan_when_it_is_written(
    page,
    sign_in_as,
    story,  # noqa: F811  # the fixture imported above
):
    sign_in_as(story.chair)
    page.goto(f"/meetings/{story.meeting.pk}/action?agenda={story.jordan_item.pk}")
    text = _main(page)
    assert "Jordan's case has no protection plan yet." in text
    assert "nothing agreed here is lost" in text
    assert_accessible(page)
    _no_sideways_scroll(page)

    due = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("What will be done").fill(ACTION)
    page.get_by_label("Agency responsible").select_option(label=story.council.name)
    page.get_by_label("Who will do it").select_option(
        label=f"Priya Chairwell ({story.council.name})"
    )
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Agree the action").click()
    assert "Action kept on Jordan Westfold's case until the protection plan is written." in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    assert "Waiting for the plan" in _main(page)

    case = Case.objects.get(child=story.jordan)
    page.goto(f"/cases/{case.pk}/")
    agreed = page.locator(".smh-pending-actions").inner_text()
    assert ACTION in agreed
    assert f"due by {due.day} {due:%B %Y}" in agreed

    # The chair starts the plan from the case: the action is offered into it, ticked.
    page.get_by_role("link", name="Start the protection plan").click()
    box = page.get_by_label(ACTION, exact=False)
    assert box.is_checked()
    assert_accessible(page)
    review = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("What is the plan for?").fill("Jordan is safe at home and at school.")
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Start the plan").click()
    assert "1 action agreed before the plan is now on it." in (
        page.locator(".govuk-notification-banner").first.inner_text()
        + page.locator(".govuk-notification-banner").last.inner_text()
    )
    assert ACTION in _main(page)


def test_the_decision_form_asks_why_not_when_the_child_did_not_take_part(
    page,
    sign_in_as,
    story,  # noqa: F811  # the fixture imported above
):
    sign_in_as(story.chair)
    for url in (
        f"/meetings/{story.meeting.pk}/decision?agenda={story.robyn_item.pk}",
        f"/cases/{story.robyn_case.pk}/decisions/new",
    ):
        page.goto(url)
        thinks = page.get_by_label("What does the child think?")
        why_not = page.get_by_label("Why did the child not take part?")
        assert not thinks.is_visible()
        assert not why_not.is_visible()
        page.get_by_label("No", exact=True).check()
        assert why_not.is_visible()
        assert not thinks.is_visible()
        assert_accessible(page)
        page.get_by_label("Yes", exact=True).check()
        assert thinks.is_visible()
        assert page.get_by_label("How was the child's view weighed?").is_visible()
        assert not why_not.is_visible()
        _no_sideways_scroll(page)

    page.get_by_label("What was decided?").fill("Move her to a placement near her sister")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter why the child did not take part" in summary
    assert "what the child thinks" not in summary
    assert why_not.is_visible()  # the answer chosen is kept, and its question shown
    why_not.fill("She was in hospital that week.")
    page.get_by_role("button", name="Record the decision").click()
    decision = page.locator(".smh-decision").first.inner_text()
    assert "She was in hospital that week." in decision
    assert "What Robyn thinks" not in decision


def test_the_chair_is_warned_about_names_and_a_panel_member_suggests_wording(
    page,
    sign_in_as,
    story,  # noqa: F811  # the fixture imported above
):
    youth_justice = AgencyFactory(
        area=story.meeting.area, name="Testshire Youth Justice", kind=AgencyKind.YOUTH_JUSTICE
    )
    member = StaffUserFactory(
        team=TeamFactory(agency=youth_justice),
        agency=youth_justice,
        role=Role.PANEL_MEMBER,
        first_name="Jo",
        last_name="Panelist",
    )
    panel = PanelFactory(area=story.meeting.area, name="Testshire MACE panel")
    panel.members.add(member)
    story.meeting.panel = panel
    story.meeting.save()
    relate(story.robyn, RelationshipKind.PANEL, panel=panel, case=story.robyn_case)

    sign_in_as(story.chair)
    page.goto(f"/meetings/{story.meeting.pk}/minutes/write")
    page.get_by_label("Minutes", exact=True).fill("Robyn was seen at the station again.")
    page.get_by_role("button", name="Save and mark the meeting as held").click()
    warning = page.locator(".smh-names-warning").inner_text()
    assert "names Robyn Eastmere, who is on the agenda" in warning
    assert_accessible(page)
    page.get_by_label("Minutes", exact=True).fill("A young person was seen at the station again.")
    page.get_by_role("button", name="Check again and save").click()
    assert "Minutes saved and the meeting marked as held." in (
        page.locator(".govuk-notification-banner").inner_text()
    )

    # The panel member cannot rewrite the chair's minutes: they suggest wording.
    page.context.clear_cookies()
    sign_in_as(member)
    page.goto(f"/meetings/{story.meeting.pk}/")
    assert page.get_by_role("link", name="Change the minutes").count() == 0
    page.get_by_role("link", name="Suggest wording for the minutes").click()
    page.get_by_label("The wording you suggest").fill(
        "A young person was seen at the station again, twice with the same adult."
    )
    page.get_by_role("button", name="Send to the chair").click()
    assert "Your wording has been sent to the chair, Priya Chairwell." in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    response = page.goto(f"/meetings/{story.meeting.pk}/minutes/write")
    assert response.status == 403
    assert "Only the chair, Priya Chairwell, or a CSE coordinator" in _main(page)

    page.context.clear_cookies()
    sign_in_as(story.chair)
    page.goto(f"/meetings/{story.meeting.pk}/minutes/write")
    assert "From Jo Panelist, Testshire Youth Justice" in _main(page)
    assert_accessible(page)
    page.get_by_role("button", name="Use this wording from Jo Panelist").click()
    assert story.meeting.minutes_suggestions.get().status == SuggestionStatus.USED
    page.goto(f"/meetings/{story.meeting.pk}/minutes")
    history = page.locator(".smh-minutes-history").inner_text()
    assert "changed by Priya Chairwell (Used the wording suggested by Jo Panelist)" in history
    page.get_by_text("What the minutes said before").first.click()
    earlier = page.locator(".smh-minutes-history .govuk-details__text").first
    assert earlier.inner_text() == "A young person was seen at the station again."
    _no_sideways_scroll(page)
