"""The questionnaire pages: who sees what, answering through the form, and the report."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seemehearme.areas.models import Role
from seemehearme.questionnaires.models import Questionnaire, ResponseStatus, Round
from seemehearme.questionnaires.services import round_send
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory
from tests.questionnaires.conftest import manager_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def sent(world):
    return round_send(
        by=world.lead,
        questionnaire=world.questionnaire,
        name="Autumn",
        due_on=world.due,
        agencies=[world.police, world.health],
    )


def _answers(world, **overrides):
    q = {question.key: question.pk for question in world.questionnaire.questions.all()}
    data = {
        f"q{q['strategy']}": "yes",
        f"q{q['trained']}": "12",
        f"q{q['confidence']}": "4",
        f"q{q['changed']}": "We appointed a lead.",
        f"q{q['strategy']}_comment": "Agreed by the board in June.",
    }
    return data | overrides


def test_the_sender_writes_and_sends_through_the_pages(verified_client, world):
    client = verified_client(world.lead)
    response = client.post("/questionnaires/new", {"title": "Yearly check"})
    questionnaire = Questionnaire.objects.get(title="Yearly check")
    assert response.status_code == 302
    client.post(
        f"/questionnaires/{questionnaire.pk}/questions/new",
        {"text": "Do you have a CSE strategy?", "kind": "yes_no_partly"},
    )
    assert questionnaire.questions.get().key == "do-you-have-a-cse-strategy"
    due = world.due
    response = client.post(
        f"/questionnaires/{questionnaire.pk}/send",
        {
            "name": "Winter",
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
            "agencies": [world.police.pk],
        },
    )
    round_ = Round.objects.get(name="Winter")
    assert response.status_code == 302
    page = _text(client.get(f"/questionnaires/rounds/{round_.pk}/"))
    assert "Not answered yet (1)" in page
    assert "Police" in page


def test_the_starter_button(verified_client, world):
    response = verified_client(world.lead).post("/questionnaires/suggested")
    assert response.status_code == 302
    starter = Questionnaire.objects.get(title="Progress on child sexual exploitation")
    assert starter.questions.filter(text="Do you share information under an agreed protocol?")


def test_an_agency_manager_sees_and_answers_only_their_own(verified_client, world, sent):
    police = sent.responses.get(agency=world.police)
    health = sent.responses.get(agency=world.health)
    client = verified_client(world.police_manager)
    index = _text(client.get("/questionnaires/"))
    assert "Progress: Autumn" in index
    assert "Rounds sent" not in index  # not a sender
    assert client.get(f"/questionnaires/answers/{health.pk}/").status_code == 403
    assert client.post(f"/questionnaires/answers/{health.pk}/", _answers(world)).status_code == 403
    assert client.get(f"/questionnaires/rounds/{sent.pk}/report").status_code == 403
    # Save a draft, then send.
    response = client.post(
        f"/questionnaires/answers/{police.pk}/",
        {**_answers(world), "action": "save"},
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.status == ResponseStatus.DRAFT
    page = client.get(f"/questionnaires/answers/{police.pk}/")
    assert "Agreed by the board in June." in _text(page)
    response = client.post(
        f"/questionnaires/answers/{police.pk}/", {**_answers(world), "action": "submit"}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.status == ResponseStatus.SUBMITTED
    # Locked: the page shows the answers, and a change is refused.
    page = _text(client.get(f"/questionnaires/answers/{police.pk}/"))
    assert "can no longer change" in page
    response = client.post(
        f"/questionnaires/answers/{police.pk}/",
        {**_answers(world, **{"action": "submit"}), "action": "submit"},
    )
    assert response.status_code == 403


def test_submitting_with_a_gap_says_which(verified_client, world, sent):
    police = sent.responses.get(agency=world.police)
    q = world.questionnaire.questions.get(key="trained")
    response = verified_client(world.police_manager).post(
        f"/questionnaires/answers/{police.pk}/",
        {**_answers(world, **{f"q{q.pk}": ""}), "action": "submit"},
    )
    assert response.status_code == 200
    assert "Answer this question before sending your answers." in _text(response)


def test_the_report_shows_the_answers(verified_client, world, sent):
    police = sent.responses.get(agency=world.police)
    verified_client(world.police_manager).post(
        f"/questionnaires/answers/{police.pk}/", {**_answers(world), "action": "submit"}
    )
    page = _text(verified_client(world.lead).get(f"/questionnaires/rounds/{sent.pk}/report"))
    assert "1 of 2 agencies have sent their answers. Not answered yet: Health." in page
    assert "We appointed a lead." in page
    assert "Agreed by the board in June." in page


def test_other_partnerships_rounds_are_invisible(verified_client, world, sent):
    other = AreaFactory(slug="otherton", name="Otherton Partnership")
    their_lead = StaffUserFactory(
        role=Role.STRATEGIC_LEAD, team=TeamFactory(agency=AgencyFactory(area=other))
    )
    client = verified_client(their_lead)
    assert "Autumn" not in _text(client.get("/questionnaires/"))
    assert client.get(f"/questionnaires/rounds/{sent.pk}/").status_code == 404
    assert client.get(f"/questionnaires/rounds/{sent.pk}/report").status_code == 404
    assert client.get(f"/questionnaires/{world.questionnaire.pk}/").status_code == 404
    police = sent.responses.get(agency=world.police)
    assert client.get(f"/questionnaires/answers/{police.pk}/").status_code == 404


def test_people_without_a_questionnaire_are_refused(verified_client, world, sent):
    practitioner = StaffUserFactory(team=world.police_manager.team)
    assert verified_client(practitioner).get("/questionnaires/").status_code == 403
    unsent = manager_of(AgencyFactory(area=world.police.area, name="Housing"))
    assert verified_client(unsent).get("/questionnaires/").status_code == 403


def test_the_sender_chases(verified_client, world, sent):
    response = verified_client(world.lead).post(f"/questionnaires/rounds/{sent.pk}/remind")
    assert response.status_code == 302
    assert sent.responses.filter(reminded_at__isnull=False).count() == 2


def test_the_menu_offers_questionnaires_to_an_agency_once_one_is_waiting(verified_client, world):
    def menu(user) -> list[str]:
        soup = BeautifulSoup(verified_client(user).get("/").content, "html.parser")
        return [link.get_text(strip=True) for link in soup.select("nav[aria-label=Menu] a")]

    assert "Questionnaires" not in menu(world.police_manager)
    round_send(
        by=world.lead,
        questionnaire=world.questionnaire,
        name="Autumn",
        due_on=world.due,
        agencies=[world.police],
    )
    assert "Questionnaires" in menu(world.police_manager)
    assert "Questionnaires" in menu(world.lead)
