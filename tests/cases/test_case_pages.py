"""The case page and its forms, through the real pages."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import AgencyKind
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.casework import decision_record, voice_entry_add
from seemehearme.cases.forms_case import DecisionForm
from seemehearme.cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    Decision,
    ReflectiveQuestion,
    Review,
    VoiceEntry,
    VoiceKind,
)
from seemehearme.cases.services import case_team_add, keyworker_assign
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import relationship_to_child
from tests.cases.test_casework import case_story
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CaseFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
    risk_level,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return case_story()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def url(case: Case, tail: str = "") -> str:
    return f"/cases/{case.pk}/{tail}"


def words(story, by, kind, said, days_ago=0, where="Youth centre"):
    return voice_entry_add(
        case=story.case,
        by=by,
        kind=kind,
        words=said,
        captured_how="in_person",
        captured_with=f"{by.display_name}",
        captured_where=where,
        said_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


# --- The page --------------------------------------------------------------------------------


def test_the_childs_voice_comes_first_with_the_latest_of_each_kind(story, verified_client):
    words(story, story.worker, VoiceKind.OWN_WORDS, "They're my mates. They buy me stuff.", 70)
    words(story, story.worker, VoiceKind.OWN_WORDS, "I don't go in the car any more.", 5)
    words(story, story.worker, VoiceKind.WHAT_I_WANT, "I want to stay at my school.", 30)
    response = verified_client(story.worker).get(url(story.case))
    assert response.status_code == 200
    page = soup(response)
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    assert headings[0] == "In Maisie's own words"
    assert headings.index("Risk level") > 0
    prominent = [
        q.get_text(" ", strip=True) for q in page.select("figure.smh-child-voice blockquote")
    ]
    assert prominent == ["I don't go in the car any more.", "I want to stay at my school."]
    everything = page.select_one("table.smh-voice-all").get_text(" ", strip=True)
    assert "They're my mates. They buy me stuff." in everything
    assert "Face to face with Amara Hollins, Youth centre" in everything


def test_words_from_an_agency_not_sharing_them_are_withheld_and_counted(story, verified_client):
    health = AgencyFactory(area=story.area, name="Testshire Health", kind=AgencyKind.HEALTH)
    nurse = StaffUserFactory(team=TeamFactory(agency=health), agency=health)
    case_team_add(case=story.case, member=nurse, by=story.coordinator)
    AgreementFactory(
        area=story.area, parties=[story.social_care, health], categories=["child-voice"]
    )
    shared = words(story, story.worker, VoiceKind.OWN_WORDS, "School is the only normal bit.")
    held = words(story, story.officer, VoiceKind.WISHES_AND_FEELINGS, "I was scared that night.")

    page = text(verified_client(nurse).get(url(story.case)))
    assert "School is the only normal bit." in page
    assert "I was scared that night." not in page
    assert (
        "1 entry: Held by Testshire Police; not shared with your agency under current "
        "agreements (the child's own words)." in page
    )
    logged = AccessLogEntry.objects.filter(
        user=nurse, child=story.child, action=AccessAction.VIEW_ITEM
    )
    assert logged.get(subject__startswith=f"Child's words {shared.pk} ").allowed is True
    refused = logged.get(subject__startswith=f"Child's words {held.pk} ")
    assert refused.allowed is False
    assert refused.basis == "no_agreement"

    # The officer's own agency holds it, so the officer sees it.
    assert "I was scared that night." in text(verified_client(story.officer).get(url(story.case)))


def test_the_page_shows_the_key_worker_history_and_count(story, verified_client):
    second = StaffUserFactory(team__agency=story.social_care, first_name="Sam", last_name="Cover")
    keyworker_assign(
        case=story.case,
        worker=second,
        by=story.coordinator,
        reason="Amara is on long-term leave.",
        child_told=False,
    )
    page = soup(verified_client(story.coordinator).get(url(story.case)))
    assert (
        page.select_one(".smh-key-worker-count").get_text(strip=True)
        == "Maisie has had 2 key workers on this case."
    )
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("table.smh-key-worker-history tbody tr")
    ]
    assert rows[0][0].startswith("Amara Hollins")
    assert "Amara already knows Maisie" in rows[0][2]
    assert rows[0][3] == "Yes: Told together at the youth centre."
    assert rows[1][0].startswith("Sam Cover")
    assert rows[1][3] == "No"
    assert "(now)" in rows[1][1]


def test_the_page_shows_decisions_with_the_childs_part_in_them(story, verified_client):
    decision_record(
        case=story.case,
        by=story.officer,
        summary="Warning notice to the driver",
        child_took_part=False,
        why_without_child="Telling her first could put her under pressure.",
    )
    decision_record(
        case=story.case,
        by=story.worker,
        summary="Safe transport to school",
        child_took_part=True,
        child_view="As long as it isn't a police car.",
        how_weighed="We use the school minibus.",
    )
    cards = soup(verified_client(story.worker).get(url(story.case))).select(".smh-decision")
    without, taking_part = sorted(
        (card.get_text(" ", strip=True) for card in cards), key=lambda t: "Yes" in t
    )
    assert "Did Maisie take part? No" in without
    assert "Why not Telling her first could put her under pressure." in without
    assert "What Maisie thinks" not in without
    assert "Did Maisie take part? Yes" in taking_part
    assert "What Maisie thinks As long as it isn't a police car." in taking_part
    assert "How it was weighed We use the school minibus." in taking_part


def test_a_stranger_is_refused_and_logged_and_cannot_post(story, verified_client):
    stranger = StaffUserFactory(team__agency=story.social_care)
    client = verified_client(stranger)
    response = client.get(url(story.case))
    assert response.status_code == 403
    assert "Maisie" not in response.content.decode()
    entry = AccessLogEntry.objects.get(user=stranger, child=story.child)
    assert (entry.allowed, entry.basis) == (False, "no_relationship")

    response = client.post(
        url(story.case, "decisions/new"),
        {"summary": "x", "child_took_part": "yes", "child_view": "x", "how_weighed": "x"},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_break_glass_reads_the_case_but_cannot_add_to_it(story, verified_client):
    reader = StaffUserFactory(team__agency=story.police)
    BreakGlassAccess.objects.create(
        user=reader,
        child=story.child,
        reason="Found at 2am with an adult; need the case now.",
        expires_at=timezone.now() + dt.timedelta(hours=2),
    )
    client = verified_client(reader)
    page = text(client.get(url(story.case)))
    assert "You are using break-glass access" in page
    assert "You cannot add to this case. Break-glass access lets you read, not record." in page

    form_page = client.get(url(story.case, "voice/new"))
    assert form_page.status_code == 200
    assert "You cannot add the child's words" in text(form_page)
    assert not soup(form_page).select("main form")

    response = client.post(
        url(story.case, "voice/new"),
        {"kind": "own_words", "words": "x", "captured_how": "phone"},
    )
    assert response.status_code == 403
    assert not VoiceEntry.objects.exists()


# --- Forms -------------------------------------------------------------------------------------


def decision_post(**changes) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "summary": "Safe transport to and from school",
        "made_on_day": str(today.day),
        "made_on_month": str(today.month),
        "made_on_year": str(today.year),
        "child_took_part": "no",
        "why_without_child": "",
        "child_view": "",
        "how_weighed": "",
    }
    data.update(changes)
    return data


def test_a_decision_without_the_child_shows_the_missing_why_against_the_field(
    story, verified_client
):
    response = verified_client(story.worker).post(url(story.case, "decisions/new"), decision_post())
    assert response.status_code == 200
    assert type(response.context["form"]) is DecisionForm  # the one form, as at meetings
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary_link = page.select_one(".govuk-error-summary a")
    assert summary_link["href"] == "#id_why_without_child"
    # Only why not is asked: what the child thinks is not demanded when they did not take part.
    assert [a.get_text() for a in page.select(".govuk-error-summary a")] == [
        "Enter why the child did not take part"
    ]
    group = page.select_one("#id_why_without_child").find_parent("div", class_="govuk-form-group")
    assert "govuk-form-group--error" in group["class"]
    # Without JavaScript the question sits under its answer: "No" reveals why not.
    reveal = page.select_one("#id_why_without_child").find_parent(
        "div", class_="govuk-radios__conditional"
    )
    assert reveal["id"] == page.select_one("input[value=no]")["data-aria-controls"]
    assert "govuk-radios__conditional--hidden" not in reveal["class"]
    assert not Decision.objects.exists()

    response = verified_client(story.worker).post(
        url(story.case, "decisions/new"),
        decision_post(why_without_child="She was in hospital that week."),
    )
    assert response.status_code == 302
    assert response["Location"] == url(story.case) + "#decisions"
    decision = Decision.objects.get()
    assert decision.child_took_part is False
    assert decision.made_by == story.worker


def test_adding_the_childs_words_keeps_them_exactly(story, verified_client):
    said = "i'm NOT a kid!!  i can look after myself"
    today = timezone.localdate()
    response = verified_client(story.officer).post(
        url(story.case, "voice/new"),
        {
            "kind": "wishes_and_feelings",
            "words": said,
            "captured_how": "in_person",
            "captured_with": "PC Dan Beat",
            "captured_where": "Return home interview, at home",
            "said_on_day": str(today.day),
            "said_on_month": str(today.month),
            "said_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    entry = VoiceEntry.objects.get()
    assert entry.words == said
    assert entry.source_agency == story.police
    html = verified_client(story.officer).get(url(story.case)).content.decode()
    assert "i&#x27;m NOT a kid!!  i can look after myself" in html


def test_the_voice_form_says_what_is_missing(story, verified_client):
    response = verified_client(story.worker).post(url(story.case, "voice/new"), {})
    messages = [a.get_text() for a in soup(response).select(".govuk-error-summary a")]
    assert messages == [
        "Choose what kind of words these are",
        "Enter what the child said, in their words",
        "Choose how the child said it",
        "Enter who the child was talking to",
        "Enter where the child was",
        "Enter the date they said it",
    ]


def test_only_a_manager_can_change_the_key_worker_and_the_page_says_why(story, verified_client):
    response = verified_client(story.worker).get(url(story.case, "key-worker"))
    assert response.status_code == 200
    assert "Only a CSE coordinator or a team manager can do this." in text(response)
    response = verified_client(story.worker).post(url(story.case, "key-worker"), {})
    assert response.status_code == 403

    client = verified_client(story.coordinator)
    new_worker = StaffUserFactory(team__agency=story.police, first_name="Jo", last_name="Youth")
    response = client.post(
        url(story.case, "key-worker"),
        {"worker": new_worker.pk, "reason": "Maisie asked for Jo.", "child_told": "yes"},
    )
    assert response.status_code == 200
    assert "Enter how the child was told" in text(response)
    response = client.post(
        url(story.case, "key-worker"),
        {
            "worker": new_worker.pk,
            "reason": "Maisie asked for Jo.",
            "child_told": "yes",
            "child_told_how": "Amara and Jo met her together.",
        },
    )
    assert response.status_code == 302
    assert relationship_to_child(new_worker, story.child).basis == "key_worker"
    assert not relationship_to_child(story.worker, story.child).allowed


def test_the_key_worker_picker_shows_each_workers_agency_and_caseload_in_constant_queries(
    story, verified_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(story.coordinator)

    def picker() -> tuple[BeautifulSoup, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(story.case, "key-worker"))
        assert response.status_code == 200
        return soup(response), len(queries)

    _, before = picker()
    for n in range(12):  # a dozen more workers, each key worker for one open case
        extra = StaffUserFactory(
            team__agency=story.social_care, first_name=f"Extra{n}", last_name="Worker"
        )
        other = CaseFactory(child__area=story.area)
        relate(other.child, RelationshipKind.KEY_WORKER, user=extra, case=other)
    page, after = picker()
    assert after == before  # the same queries however many workers are offered

    group = page.select_one("fieldset")
    assert group.select_one("legend").get_text(strip=True) == "Who is the key worker?"
    options = {
        item.select_one("label").get_text(strip=True): item.select_one(".govuk-radios__hint")
        for item in group.select(".govuk-radios__item")
    }
    amara = options["Amara Hollins"]
    assert amara.get_text(strip=True).endswith(
        "Testshire Children's Services. Now key worker for 1 open case."
    )
    radio = group.select_one(f"input[aria-describedby='{amara['id']}']")
    assert radio is not None
    assert radio["type"] == "radio"
    assert "Now key worker for 1 open case." in options["Extra0 Worker"].get_text()
    assert "Now key worker for 0 open cases." in options["Priya Coordinator"].get_text()


def test_the_case_team_is_changed_from_its_page(story, verified_client):
    client = verified_client(story.coordinator)
    teacher = StaffUserFactory(team__agency__area=story.area, first_name="Grace")
    response = client.post(url(story.case, "team"), {"action": "add", "member": teacher.pk})
    assert response.status_code == 302
    assert relationship_to_child(teacher, story.child).basis == "case_team"

    response = client.post(url(story.case, "team"), {"action": "remove", "member": teacher.pk})
    assert response.status_code == 302
    assert not relationship_to_child(teacher, story.child).allowed
    page = text(client.get(url(story.case, "team")))
    assert "Who has left the case team" in page
    assert "Grace" in page

    response = client.post(url(story.case, "team"), {"action": "remove", "member": teacher.pk})
    assert response.status_code == 200
    assert "That person is not on the case team" in text(response)


def test_the_risk_level_form_refuses_a_change_based_on_an_old_page(story, verified_client):
    client = verified_client(story.coordinator)
    old_version = story.case.version
    hidden = soup(client.get(url(story.case, "risk"))).select_one("input[name=version]")
    assert hidden["value"] == str(old_version)
    first = client.post(
        url(story.case, "risk"),
        {
            "risk_level": risk_level("category-3").pk,
            "reason": "Found in a car.",
            "version": old_version,
        },
    )
    assert first.status_code == 302
    second = client.post(
        url(story.case, "risk"),
        {"risk_level": risk_level("category-1").pk, "reason": "Calmer.", "version": old_version},
    )
    assert second.status_code == 200
    assert "Someone else changed this case after you opened this page" in text(second)
    story.case.refresh_from_db()
    assert story.case.risk_level == risk_level("category-3")
    page = text(client.get(url(story.case)))
    assert "Found in a car." in page
    assert "Three warning signs within a month." in page  # the history keeps the old reason


def review_post(case: Case, *, skip: str = "", **changes) -> dict[str, str]:
    today = timezone.localdate()
    due = today + dt.timedelta(days=42)
    data = {
        "version": str(case.version),
        "held_on_day": str(today.day),
        "held_on_month": str(today.month),
        "held_on_year": str(today.year),
        "missing_episodes": "1",
        "school_attendance_percent": "84",
        "engagement": "good",
        "risk_level_after": str(risk_level("category-1").pk),
        "child_says_things_are": "better",
        "child_words": "It's better.",
        "summary": "Attendance up; no nights missing since the notice.",
        "next_review_due_day": str(due.day),
        "next_review_due_month": str(due.month),
        "next_review_due_year": str(due.year),
    }
    for question in ReflectiveQuestion.objects.filter(is_active=True):
        if question.code != skip:
            data[f"reflection_{question.pk}"] = "yes"
        if question.code in {"trained", "supervised"}:  # the records suggest otherwise
            data[f"reflection_{question.pk}_note"] = "Done; the records are not up to date."
    data.update(changes)
    return data


def test_the_review_form_asks_every_reflective_question_in_the_frameworks_groups(
    story, verified_client
):
    client = verified_client(story.worker)
    page = soup(client.get(url(story.case, "reviews/new")))
    groups = [h.get_text(strip=True) for h in page.select("form h3")]
    assert groups == ["Voice of the child", "Voice of the professional", "Protecting the child"]
    active = ReflectiveQuestion.objects.filter(is_active=True).count()
    assert len(page.select("input[type=radio][value=partly]")) == active

    skipped = ReflectiveQuestion.objects.get(code="plan-working")
    response = client.post(
        url(story.case, "reviews/new"), review_post(story.case, skip="plan-working")
    )
    assert response.status_code == 200
    link = soup(response).select_one(".govuk-error-summary a")
    assert link["href"] == f"#id_reflection_{skipped.pk}_0"
    assert not Review.objects.exists()

    response = client.post(url(story.case, "reviews/new"), review_post(story.case))
    assert response.status_code == 302
    story.case.refresh_from_db()
    assert story.case.risk_level.code == "category-1"
    assert story.case.next_review_due == timezone.localdate() + dt.timedelta(days=42)
    review_card = soup(client.get(url(story.case))).select_one(".smh-review")
    card = review_card.get_text(" ", strip=True)
    assert "From Category 2: medium risk to Category 1: low or emerging risk" in card
    assert "School attendance 84%" in card
    assert "Has the child been seen, on their own, since the last review? Yes" in card


def test_closing_the_case_from_its_page_ends_the_teams_access(story, verified_client):
    response = verified_client(story.worker).post(url(story.case, "close"), {})
    assert response.status_code == 403
    assert Case.objects.get(pk=story.case.pk).is_open

    client = verified_client(story.coordinator)
    reason = ClosureReason.objects.get(code="risk-reduced")
    response = client.post(url(story.case, "close"), {"version": story.case.version})
    assert "Choose why the case is closing" in text(response)
    response = client.post(
        url(story.case, "close"),
        {"version": story.case.version, "reason": reason.pk, "summary": "Plan working."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=story.case.pk).status == CaseStatus.CLOSED

    assert verified_client(story.officer).get(url(story.case)).status_code == 403
    page = text(client.get(url(story.case)))
    assert "Closed on" in page
    assert reason.name in page
    assert "Maisie has had 1 key worker on this case." in page
    assert WorkingRelationship.objects.filter(
        case=story.case, kind=RelationshipKind.CASE_TEAM, user=story.officer
    ).exists()
    # Nothing more can be added; the form page says so.
    assert "This case is closed" in text(client.get(url(story.case, "decisions/new")))


def test_the_case_page_offers_a_screening_linked_to_the_case(verified_client):
    from tests.factories import CaseFactory, StaffUserFactory, relate

    case = CaseFactory()
    worker = StaffUserFactory(team__agency__area=case.child.area)
    relate(case.child, "key_worker", user=worker, case=case)
    html = verified_client(worker).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/screening/child/{case.child.pk}/new?case={case.pk}"' in html
    assert f'href="/screening/child/{case.child.pk}/"' in html
