"""The case-work journey in a real browser, done by the people who do each part: a school refers
a child, the CSE coordinator triages and opens a case, screens the child and builds the team, the
key worker records the child's words and a decision, the plan gets a police disruption action,
a MACE panel meets, a review lowers the risk and the case closes. Each person signs in with
their own authenticator code, sees only what they may, and axe checks every page they visit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role, StaffUser
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import Case, CaseStatus, Referral, ReflectiveQuestion
from seemehearme.people.models import Child
from seemehearme.plans.models import ActionStatus, PlanAction
from tests.accounts.conftest import PASSWORD, totp_code
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import TIMEOUT_MS
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    StaffUserFactory,
    TeamFactory,
    totp_device_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHILD = "Kezia Marlowfield"
BORN = dt.date(2011, 8, 14)
SOCIAL_CARE = "Testshire Children's Services"
POLICE = "Testshire Police"
# Typed exactly as the child said it: lower case, no apostrophes, an ampersand. Checks that it
# is withheld look for "princess", which the HTML cannot escape into something else.
CHILDS_WORDS = (
    "he calls me his princess & says the others are just jealous. i dont want him in "
    "trouble i just want to feel safe walking home"
)
CAWN = "Child Abduction Warning Notice"
CAWN_TARGET = "Adult male known as 'Jay', white Audi ZZ11 AAA"


# --- The partnership and its people ----------------------------------------------------------


@pytest.fixture
def people() -> dict[str, Any]:
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name=SOCIAL_CARE, kind=AgencyKind.SOCIAL_CARE)
    police = AgencyFactory(area=area, name=POLICE, kind=AgencyKind.POLICE)
    school = AgencyFactory(area=area, name="Marlowfield Academy", kind=AgencyKind.SCHOOL)
    hub = TeamFactory(agency=social_care, name="Exploitation hub")
    area.triage_team = hub
    area.save()
    # Social care and the police share a good deal, but not the child's own words: the
    # police officer on the case team must be told they exist and why he cannot read them.
    AgreementFactory(
        area=area,
        parties=[social_care, police, school],
        categories=["social-care", "police-intelligence", "police-incidents", "education"],
    )

    def staff(username: str, first: str, last: str, job: str, team: Any, role: str) -> StaffUser:
        user = StaffUserFactory(
            username=username,
            first_name=first,
            last_name=last,
            job_title=job,
            team=team,
            role=role,
        )
        totp_device_for(user)  # each their own device: a code is accepted once per device
        return user

    return {
        "area": area,
        "teacher": staff(
            "dsl.marlowfield",
            "Priya",
            "Hallam",
            "Designated safeguarding lead",
            TeamFactory(agency=school, name="Pastoral"),
            Role.PRACTITIONER,
        ),
        "coordinator": staff(
            "cse.coordinator", "Morag", "Ellery", "CSE coordinator", hub, Role.CSE_COORDINATOR
        ),
        "key_worker": staff(
            "sam.okafor",
            "Sam",
            "Okafor",
            "Social worker",
            TeamFactory(agency=social_care, name="Adolescent safeguarding"),
            Role.PRACTITIONER,
        ),
        "officer": staff(
            "dc.pereira",
            "Dan",
            "Pereira",
            "Detective constable",
            TeamFactory(agency=police, name="Child exploitation unit"),
            Role.PRACTITIONER,
        ),
    }


@pytest.fixture
def desk(browser, live_server) -> Iterator[Any]:
    """Call with a user to get their own browser (cookies and all), signed in through the real
    sign-in pages with a code from their authenticator app. Each person works at their own
    desk, so the journey can go back and forth between them."""
    contexts = []

    def sign_in(user: StaffUser) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,  # so that axe can be injected
            locale="en-GB",
            timezone_id="Europe/London",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        visit(tab, "/my-work")
        assert "/account/sign-in" in tab.url
        tab.get_by_label("User name").fill(user.username)
        tab.get_by_label("Password").fill(PASSWORD)
        through(tab, tab.get_by_role("button", name="Continue"))
        tab.get_by_label(re.compile("code", re.IGNORECASE)).fill(
            totp_code(user.totpdevice_set.get())
        )
        through(tab, tab.get_by_role("button", name="Sign in"))
        assert tab.url.endswith("/my-work")
        return tab

    yield sign_in
    for context in contexts:
        context.close()


# --- Moving through pages: axe on every one ---------------------------------------------------


def visit(page: Any, url: str) -> Any:
    response = page.goto(url)
    assert_accessible(page)
    return response


def through(page: Any, target: Any) -> Any:
    """Click a link or button that loads a page, wait for it, and check it with axe."""
    with page.expect_navigation() as navigation:
        target.click()
    assert_accessible(page)
    return navigation.value


def menu(page: Any, label: str) -> Any:
    return through(
        page,
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True),
    )


def main_text(page: Any) -> str:
    return page.locator("main").inner_text()


def choose(scope: Any, question: str, answer: str) -> None:
    """Pick a radio button (or tick a box) in the fieldset whose legend is ``question``."""
    scope.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def fill_date(scope: Any, legend: str, day: dt.date) -> None:
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def success(page: Any) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


# --- The journey ------------------------------------------------------------------------------


@pytest.mark.slow
def test_referral_through_screening_case_voice_plan_meeting_review_to_closure(desk, people):
    today = timezone.localdate()
    teacher, coordinator = people["teacher"], people["coordinator"]
    key_worker, officer = people["key_worker"], people["officer"]

    # 1. The school's designated safeguarding lead refers a child the partnership does not know.
    page = desk(teacher)
    menu(page, "Refer a child")
    assert page.get_by_role("heading", level=1).inner_text() == "Who are you worried about?"
    page.get_by_label("First name").fill("Kezia")
    page.get_by_label("Last name").fill("Marlowfield")
    fill_date(page, "Date of birth", BORN)
    through(page, page.get_by_role("button", name="Continue"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tell us about the child"
    choose(page, "Gender", "Female")
    page.get_by_label("Postcode (optional)").fill("zz1 1aa")
    page.get_by_label("School (optional)").select_option(label="Marlowfield Academy")
    through(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("What are you worried about?").fill(
        "Kezia has missed 9 days this half term. Staff saw her collected from the school gate "
        "by an adult man in a white Audi twice this week. She has a new phone and new trainers."
    )
    choose(page, "Does the child know about this referral?", "Yes")
    through(page, page.get_by_role("button", name="Send referral"))
    assert page.get_by_role("heading", level=1).inner_text() == "Referral sent"
    referral = Referral.objects.get(child__given_name="Kezia", child__family_name="Marlowfield")
    due = timezone.localtime(referral.triage_due_at)
    assert page.locator(".smh-triage-due").inner_text() == (
        f"{due:%H:%M} on {due:%A} {due.day} {due:%B %Y}"
    )
    assert str(referral.pk) in page.locator(".govuk-panel__body").inner_text()
    # Referring gives no access to the record.
    child = Child.objects.get(pk=referral.child_id)
    response = visit(page, f"/children/{child.pk}/")
    assert response.status == 403
    assert "You do not have a working relationship with this child." in main_text(page)
    assert "Marlowfield" not in main_text(page)

    # 2. The CSE coordinator triages it from the queue and opens a case.
    hub = desk(coordinator)
    menu(hub, "Referrals")
    queue = hub.locator("main table").first
    assert "Marlowfield Academy" in queue.inner_text()
    through(hub, queue.get_by_role("link", name=CHILD))
    assert hub.get_by_role("heading", level=1).inner_text() == CHILD
    choose(hub, "What is your decision?", "Open a case")
    hub.get_by_label("Why?", exact=True).fill(
        "Adult male collecting her from school, gifts and absence: three warning signs."
    )
    choose(hub, "Risk level (only if you are opening a case)", "Category 2: medium risk")
    through(hub, hub.get_by_role("button", name="Record the decision"))
    case = Case.objects.get(child=child)
    case_url = f"/cases/{case.pk}/"
    assert hub.url.endswith(case_url)
    assert "Triage decision recorded: Open a case" in success(hub)
    assert "Category 2: medium risk" in hub.locator("#risk ~ p").first.inner_text()

    # 3. She screens the child: three warning signs with evidence, the rest no.
    with hub.expect_navigation():
        hub.get_by_role("link", name="Screen Kezia for warning signs").click()
    assert_accessible(hub)  # GOV.UK's reveal radios: see the helper
    choose(hub, "How should this screening be scored?", "SERAF-style points and bands")
    indicators = hub.locator(".smh-indicator")
    assert indicators.count() == 29
    for number in range(indicators.count()):
        indicators.nth(number).get_by_label("No", exact=True).check()
    for sign, evidence, agency, days_ago in [
        ("Missing from home or care", "Missing overnight on 3 October.", POLICE, 12),
        ("Absent from school", "9 days absent this half term.", "Marlowfield Academy", 2),
        ("Receipt of gifts from unknown sources", "New phone and trainers.", POLICE, 5),
    ]:
        block = indicators.filter(has_text=sign)
        block.get_by_label("Yes", exact=True).check()
        block.get_by_label("What is the evidence?").fill(evidence)
        block.get_by_label("Which agency knows this?").select_option(label=agency)
        fill_date(block, "Date last seen", today - dt.timedelta(days=days_ago))
    through(hub, hub.get_by_role("button", name="Work out the result"))
    assert hub.locator(".smh-screening-level").inner_text() == "Level: Moderate"
    explanation = hub.locator(".smh-explanation").inner_text()
    assert "Missing from home or care" in explanation
    assert "Receipt of gifts from unknown sources" in explanation
    assert "Total: 11 points, which is Moderate" in explanation
    assert "multi-agency strategy discussion" in hub.locator(".smh-required-action").inner_text()

    # ... back on the case (the screening belongs to it), chooses the key worker, says why and
    # how Kezia was told, and adds the police officer.
    through(hub, hub.get_by_role("link", name="Back to the case"))
    assert hub.url.endswith(case_url)
    through(hub, hub.get_by_role("link", name="Change the key worker"))
    key_workers = hub.get_by_role("group", name="Who is the key worker?")
    sam_choice = key_workers.get_by_label("Sam Okafor", exact=True)
    hint = hub.locator(f"#{sam_choice.get_attribute('aria-describedby')}").inner_text()
    assert hint == f"Social worker, {SOCIAL_CARE}. Now key worker for 0 open cases."
    sam_choice.check()
    hub.get_by_label("Why this person?").fill("Sam already knows Kezia from her school visits.")
    choose(hub, "Has the child been told?", "Yes")
    hub.get_by_label("If they have been told, how and by whom?").fill(
        "Morag told her face to face at school, and Kezia said Sam was ok."
    )
    through(hub, hub.get_by_role("button", name="Save the key worker"))
    assert "Sam Okafor is now the key worker" in success(hub)
    assert "Kezia has had 1 key worker on this case." in main_text(hub)
    through(hub, hub.get_by_role("link", name="Change the case team"))
    hub.get_by_label("Who should join the case team?").select_option(
        label=f"Dan Pereira, Detective constable ({POLICE})"
    )
    hub.get_by_label("Why are they joining? (optional)").fill("Investigating the man in the Audi")
    through(hub, hub.get_by_role("button", name="Add to the case team"))
    assert "Dan Pereira has joined the case team" in success(hub)

    # 4. The key worker records Kezia's words, shown first and exactly as typed.
    sam = desk(key_worker)
    my_cases = sam.locator("main table").filter(has_text="Your role")
    assert "Key worker" in my_cases.inner_text()
    through(sam, my_cases.get_by_role("link", name=CHILD))
    assert sam.url.endswith(case_url)
    through(sam, sam.get_by_role("link", name="Add Kezia's words"))
    choose(sam, "What kind of words are these?", "In their own words")
    sam.get_by_label("What the child said", exact=True).fill(CHILDS_WORDS)
    choose(sam, "How did they say it?", "Face to face")
    sam.get_by_label("Who were they talking to?").fill("Sam Okafor (key worker)")
    sam.get_by_label("Where were they?").fill("In the car after school")
    fill_date(sam, "Date they said it", today)
    through(sam, sam.get_by_role("button", name="Add the words"))
    # The child's words come before everything else on the case.
    assert sam.locator("main h2.govuk-heading-l").first.inner_text() == "In Kezia's own words"
    assert sam.locator(".smh-child-voice blockquote").first.inner_text() == CHILDS_WORDS

    # ... records a decision Kezia took part in.
    through(sam, sam.get_by_role("link", name="Record a decision"))
    sam.get_by_label("What was decided?").fill("Sam drives Kezia home from school on weekdays")
    choose(sam, "Did the child take part in the decision?", "Yes")
    sam.get_by_label("What does the child think?").fill("ok but not every day, my mates walk")
    sam.get_by_label("How was the child's view weighed?").fill(
        "Lifts on the days her friends are not walking with her."
    )
    through(sam, sam.get_by_role("button", name="Record the decision"))
    decision = sam.locator(".smh-decision").first.inner_text()
    assert "Sam drives Kezia home from school on weekdays" in decision
    assert "ok but not every day, my mates walk" in decision

    # ... cannot start the protection plan (a coordinator's job), so the coordinator does.
    through(sam, sam.get_by_role("link", name="Start the protection plan"))
    assert sam.get_by_role("heading", level=1).inner_text() == "You cannot make this change"
    assert "Only a CSE coordinator or a team manager can do this." in main_text(sam)
    visit(hub, case_url)
    through(hub, hub.get_by_role("link", name="Start the protection plan"))
    hub.get_by_label("What is the plan for?").fill(
        "Kezia gets home safely from school, and the man in the Audi stays away from her."
    )
    through(hub, hub.get_by_role("button", name="Start the plan"))
    assert hub.get_by_role("heading", level=1).inner_text() == "Protection plan"
    plan_url = hub.url

    # ... and adds the police officer's disruption action to it.
    visit(sam, plan_url)
    through(sam, sam.get_by_role("button", name="Add an action"))
    sam.get_by_label("What will be done?").fill("Serve a warning notice on the man in the Audi.")
    sam.get_by_label("Who will do it?").select_option(label=f"Dan Pereira, {POLICE}")
    fill_date(sam, "Due by", today + dt.timedelta(days=7))
    sam.get_by_label("Disruption tactic (optional)").select_option(label=CAWN)
    sam.get_by_label("Who or where is the disruption aimed at? (optional)").fill(CAWN_TARGET)
    through(sam, sam.get_by_role("button", name="Add the action"))
    disruption = sam.locator(".smh-plan-disruption").inner_text()
    assert f"{CAWN}\nAimed at: {CAWN_TARGET}" in disruption
    assert "Dan Pereira" in disruption

    # 5. The police officer finds the case in his work, sees the plan and updates his action,
    # but not Kezia's words: no agreement shares them with the police.
    dan = desk(officer)
    work = main_text(dan)
    assert "Serve a warning notice on the man in the Audi." in work
    my_cases = dan.locator("main table").filter(has_text="Your role")
    assert "Case team" in my_cases.inner_text()
    through(dan, my_cases.get_by_role("link", name=CHILD))
    assert dan.url.endswith(case_url)
    case_page = main_text(dan)
    assert "princess" not in dan.content()
    assert "Nothing in Kezia's own words has been shared with you yet." in case_page
    withheld = dan.locator(".smh-withheld").inner_text()
    assert f"1 entry: Held by {SOCIAL_CARE};" in withheld
    assert "not shared with your agency under current agreements" in withheld
    assert AccessLogEntry.objects.filter(
        user=officer, child=child, action=AccessAction.VIEW_ITEM, allowed=False
    ).exists()
    visit(sam, case_url)  # while the key worker, in the same agency as the words, reads them
    assert sam.locator(".smh-child-voice blockquote").first.inner_text() == CHILDS_WORDS

    through(dan, dan.get_by_role("link", name="Open the protection plan"))
    through(dan, dan.get_by_role("link", name=re.compile(r"^Update")).first)
    choose(dan, "Status", "In progress")
    dan.get_by_label("Note", exact=True).fill("Notice drafted; serving it on Friday.")
    through(dan, dan.get_by_role("button", name="Save the update"))
    assert "In progress" in dan.locator(".smh-plan-disruption").inner_text()
    assert PlanAction.objects.get(owner=officer).status == ActionStatus.IN_PROGRESS

    # 6. The coordinator chairs a child-focused MACE panel about Kezia.
    menu(hub, "Meetings")
    through(hub, hub.get_by_role("button", name="Plan a meeting"))
    choose(hub, "Type of meeting", "Child-focused MACE panel")
    fill_date(hub, "Date", today)
    hub.get_by_label("Start time").fill("9:30")
    hub.get_by_label("Where", exact=True).fill("Room 2, Testshire Civic Centre")
    through(hub, hub.get_by_role("button", name="Plan the meeting"))
    hub.get_by_label(re.compile(rf"^{CHILD}, born 14 August 2011")).check()
    through(hub, hub.get_by_role("button", name="Add to the agenda"))
    meeting_url = hub.url

    # Attendance is one form: the chair is listed; others are added on the same page.
    through(hub, hub.get_by_role("link", name="Record who came"))
    choose(hub, f"Morag Ellery, {SOCIAL_CARE} (chair)", "Present")
    hub.get_by_label("Agency", exact=True).select_option(label=POLICE)
    hub.get_by_label("Their account (if they use See Me, Hear Me)").select_option(
        label=f"Dan Pereira ({POLICE})"
    )
    choose(hub, "Were they there?", "Present")
    through(hub, hub.get_by_role("button", name="Save and add someone else"))
    hub.get_by_label("Agency", exact=True).select_option(label="Marlowfield Academy")
    hub.get_by_label("Name (if they do not have an account)").fill("Priya Hallam")
    choose(hub, "Were they there?", "Sent apologies")
    through(hub, hub.get_by_role("button", name="Save attendance"))

    through(hub, hub.get_by_role("link", name=re.compile(r"^Taking part and discussion")))
    choose(
        hub,
        "How did the child take part?",
        "Views shared through their key worker or an advocate",
    )
    notes = hub.get_by_label("How they took part, or why they were not invited")
    notes.nth(0).fill("Sam brought a letter Kezia wrote for the panel.")
    choose(hub, "How did the child's family or carers take part?", "Attended")
    hub.get_by_label("What was discussed about the child").fill(
        "The warning notice is drafted; lifts home are working on most days."
    )
    through(hub, hub.get_by_role("button", name="Save", exact=True))

    through(hub, hub.get_by_role("link", name=re.compile(r"^Add a decision")))
    hub.get_by_label("What was decided?").fill("Keep Kezia on the panel's list")
    choose(hub, "Did the child take part in the decision?", "Yes")
    hub.get_by_label("What does the child think?").fill("i dont mind if it means he stays away")
    hub.get_by_label("How was the child's view weighed?").fill("She agreed; reviewed in a month.")
    through(hub, hub.get_by_role("button", name="Save the decision"))

    through(hub, hub.get_by_role("link", name=re.compile(r"^Add an action")))
    hub.get_by_label("What will be done", exact=True).fill("Safety plan for the walk home")
    hub.get_by_label("Agency responsible").select_option(label=SOCIAL_CARE)
    hub.get_by_label("Who will do it").select_option(label=f"Sam Okafor ({SOCIAL_CARE})")
    fill_date(hub, "Due by", today + dt.timedelta(days=10))
    through(hub, hub.get_by_role("button", name="Add to the plan"))
    assert "Action added to Kezia Marlowfield's plan." in success(hub)

    through(hub, hub.get_by_role("link", name="Write the minutes"))
    hub.get_by_label("Minutes", exact=True).fill("Patterns around the school gate were discussed.")
    through(hub, hub.get_by_role("button", name="Save and mark the meeting as held"))
    assert hub.url == meeting_url
    through(hub, hub.get_by_role("link", name="Read the minutes"))
    minutes = main_text(hub)
    for expected in [
        "Testshire Police",
        "Priya Hallam",
        CHILD,
        "Views shared through their key worker or an advocate",
        "Keep Kezia on the panel's list",
        "i dont mind if it means he stays away",
        "Safety plan for the walk home",
        "Patterns around the school gate were discussed.",
    ]:
        assert expected in minutes
    pdf_url = hub.get_by_role("link", name="Download as a PDF").get_attribute("href")
    pdf = hub.request.get(pdf_url)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The meeting's action is on Kezia's plan.
    visit(sam, plan_url)
    assert "Safety plan for the walk home" in main_text(sam)

    # 7. The key worker records a review: the outcome measures, every reflective question, and
    # the risk comes down.
    visit(sam, case_url)
    through(sam, sam.get_by_role("link", name="Record a review"))
    sam.get_by_label("Missing episodes since the last review (optional)").fill("0")
    sam.get_by_label("School attendance since the last review, as a percentage (optional)").fill(
        "88"
    )
    choose(
        sam,
        "How is the child engaging with their key worker?",
        "Engaging well with their key worker",
    )
    choose(sam, "What is the risk level after the review?", "Category 1: low or emerging risk")
    choose(sam, "Does the child say things are better?", "Better")
    sam.get_by_label("What the child said about it (optional)").fill("its better. he's gone")
    reflective = ReflectiveQuestion.objects.filter(is_active=True)
    assert reflective.count() == 12
    for question in reflective:
        choose(sam, question.text, "Partly" if question.code == "supervised" else "Yes")
        if question.code in {"trained", "supervised"}:
            # No training or supervision is recorded: an answer other than the records'
            # suggestion says why.
            sam.locator(f"#id_reflection_{question.pk}_note").fill("Recorded elsewhere so far.")
    sam.get_by_label("Summary of the review").fill(
        "No missing episodes since the notice was served; attendance back up."
    )
    through(sam, sam.get_by_role("button", name="Record the review"))
    assert "The review has been recorded" in success(sam)
    review = sam.locator(".smh-review").first.inner_text()
    assert "From Category 2: medium risk to Category 1: low or emerging risk" in review
    assert "its better. he's gone" in review
    assert sam.locator(".smh-reflections tbody td strong").count() == 12
    assert "Category 1: low or emerging risk" in sam.locator("#risk ~ p").first.inner_text()
    case.refresh_from_db()
    assert case.risk_level.code == "category-1"

    # 8. The coordinator closes the case; the police officer's access ends with it.
    visit(hub, case_url)
    through(hub, hub.get_by_role("link", name="Close the case"))
    choose(
        hub,
        "Why is the case closing?",
        "Risk reduced: safety plan working and the child agrees",
    )
    hub.get_by_label("Summary", exact=True).fill(
        "Notice served, lifts home worked, Kezia says she feels safe. School keeps watching."
    )
    through(hub, hub.get_by_role("button", name="Close the case"))
    assert "The case has been closed" in success(hub)
    assert "Closed" in hub.get_by_role("heading", level=1).inner_text()
    assert "Risk reduced" in hub.locator(".smh-closure").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    response = visit(dan, case_url)
    assert response.status == 403
    assert "You do not have a working relationship with this child." in main_text(dan)
    assert "princess" not in dan.content()
