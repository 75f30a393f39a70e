"""The screening form in a real browser: each indicator asks for the evidence, the agency that
knows it and the date only once "Yes" is chosen (GOV.UK conditional reveal), so a form of 29
"No" answers is short; without JavaScript every field shows and the server ignores those of
indicators that do not apply. Nothing answered "No" is saved as known to anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from seemehearme.people.models import RelationshipKind
from seemehearme.screening.models import Presence, Screening
from tests.conftest import sign_in_verified
from tests.e2e.accessibility import assert_accessible
from tests.factories import ChildFactory, StaffUserFactory, relate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEIGHT = "() => document.documentElement.scrollHeight"


@pytest.fixture
def key_worker():
    # Load every page's code now, not on the first request: importing it (Splink included)
    # can outlast a page load's time-out on a busy machine.
    get_resolver().url_patterns  # noqa: B018
    child = ChildFactory(given_name="Kezia", family_name="Marlowfield")
    worker = StaffUserFactory(team__agency__area=child.area)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    return worker, child


def without_javascript(browser, live_server, user):  # type: ignore[no-untyped-def]
    """A signed-in browser context with JavaScript switched off, and a tab in it."""
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    name = settings.SESSION_COOKIE_NAME
    cookie = sign_in_verified(Client(), user).cookies[name].value
    context.add_cookies([{"name": name, "value": cookie, "url": live_server.url}])
    return context, context.new_page()


def answer_all_no(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("SERAF-style points and bands", exact=True).check()
    indicators = page.locator(".smh-indicator")
    assert indicators.count() == 29
    for number in range(indicators.count()):
        indicators.nth(number).get_by_label("No", exact=True).check()


def test_all_no_is_a_short_form_and_yes_reveals_its_questions(
    browser, live_server, page, sign_in_as, key_worker
):
    worker, child = key_worker
    url = f"/screening/child/{child.pk}/new"

    # Without JavaScript every question is on the page: how tall the form used to be.
    context, static = without_javascript(browser, live_server, worker)
    static.goto(url)
    everything_shown = static.evaluate(HEIGHT)
    assert static.locator(".smh-indicator textarea:visible").count() == 29
    context.close()

    sign_in_as(worker)
    page.goto(url)
    assert page.locator(".smh-indicator textarea:visible").count() == 0
    answer_all_no(page)
    all_no = page.evaluate(HEIGHT)
    # Measured: 19,336 px with every question shown (the old form was 18,840), 7,402 all no.
    assert all_no < everything_shown * 0.45, (all_no, everything_shown)
    assert_accessible(page)

    missing = page.locator(".smh-indicator").filter(has_text="Missing from home or care")
    missing.get_by_label("Yes", exact=True).check()
    assert missing.get_by_label("What is the evidence?").is_visible()
    assert missing.get_by_label("Which agency knows this?").is_visible()
    assert page.locator(".smh-indicator textarea:visible").count() == 1
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10: no sideways scrolling
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    missing.get_by_label("No", exact=True).check()
    assert not missing.get_by_label("What is the evidence?").is_visible()

    page.get_by_role("button", name="Work out the result").click()
    page.wait_for_url("**/screening/*/")
    screening = Screening.objects.get(child=child)
    answers = screening.answers.all()
    assert answers.count() == 29
    assert all(answer.present == Presence.NO for answer in answers)
    assert not answers.filter(source_agency__isnull=False).exists()
    assert "Known to" not in page.locator("main").inner_text()


def test_without_javascript_details_of_a_no_are_ignored(browser, live_server, key_worker):
    worker, child = key_worker
    context, page = without_javascript(browser, live_server, worker)
    page.goto(f"/screening/child/{child.pk}/new")
    answer_all_no(page)
    # Typed into the fields of an answer that is "No": the server must not keep it.
    homeless = page.locator(".smh-indicator").filter(has_text="Homeless")
    homeless.get_by_label("What is the evidence?").fill("Sofa surfing (synthetic).")
    seen = timezone.localdate() - dt.timedelta(days=3)
    homeless.get_by_label("Day").fill(str(seen.day))
    homeless.get_by_label("Month").fill("13")  # not a month: no error for an ignored field
    homeless.get_by_label("Year").fill(str(seen.year))
    page.get_by_role("button", name="Work out the result").click()
    page.wait_for_url("**/screening/*/")
    answer = Screening.objects.get(child=child).answers.get(indicator__text="Homeless")
    assert (answer.present, answer.evidence, answer.source_agency, answer.observed_on) == (
        Presence.NO,
        "",
        None,
        None,
    )
    context.close()


def test_a_judgement_above_the_case_level_leads_to_reviewing_it(page, sign_in_as, key_worker):
    from seemehearme.areas.models import Role
    from seemehearme.screening.models import Indicator
    from seemehearme.screening.services import AnswerInput, screening_record
    from tests.factories import CaseFactory, risk_level
    from tests.screening.factories import scheme

    worker, child = key_worker
    case = CaseFactory(child=child, risk_level=risk_level("category-1"))
    coordinator = StaffUserFactory(team__agency__area=child.area, role=Role.CSE_COORDINATOR)
    relate(child, RelationshipKind.CASE_TEAM, user=coordinator)
    seen = timezone.localdate() - dt.timedelta(days=10)
    yes = {"Missing from home or care", "Homeless"}  # 6 points: Mild
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        case=case,
        answers=[
            AnswerInput(
                indicator=indicator,
                present=Presence.YES,
                evidence="Seen by the school (synthetic).",
                source_agency=worker.agency,
                observed_on=seen,
            )
            if indicator.text in yes
            else AnswerInput(indicator=indicator, present=Presence.NO)
            for indicator in Indicator.objects.filter(indicator_set=screening_indicator_set())
        ],
    )
    assert screening.band_label == "Mild"

    sign_in_as(coordinator)
    page.goto(f"/screening/{screening.pk}/")
    page.get_by_role("group", name="What level do you judge the risk to be?").get_by_label(
        "Significant", exact=True
    ).check()
    page.get_by_label("Why does your judgement differ from the score?").fill(
        "She told her teacher a man collects her from school in a car."
    )
    page.get_by_role("button", name="Record my judgement").click()
    page.wait_for_url(f"**/cases/{case.pk}/risk")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "It is higher than the score (Mild)" in banner
    assert "Review the case's risk level now." in banner
    reason = page.get_by_label("Why is this the right level now?")
    assert "professional judgement Significant (scored Mild)" in reason.input_value()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.get_by_label("Category 3: high risk or being exploited", exact=True).check()
    page.get_by_role("button", name="Change the risk level").click()
    page.wait_for_url(f"**/cases/{case.pk}/#risk")
    risk = page.locator("#risk ~ p").first.inner_text()
    assert "Category 3: high risk or being exploited" in risk
    assert "Risk review due" not in page.locator("main").inner_text()


def screening_indicator_set():  # type: ignore[no-untyped-def]
    from seemehearme.screening.models import IndicatorSet

    return IndicatorSet.objects.get(is_current=True)
