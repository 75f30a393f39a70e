"""The triage team's side: the queue, one concern, its outcome, a referral, the reporter."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.concerns.models import Concern, ConcernOutcome, ContactKind, ReporterContact
from seemehearme.concerns.services import Report, concern_decide, concern_receive
from seemehearme.people.models import Child
from tests.factories import AreaFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def receive(area, **changes) -> Concern:
    values = {
        "reporter_type": "young_person_friend",
        "what_happened": "My friend gets picked up after school by men in different cars.",
        "child_description": "My friend Jade",
        "child_age": "15",
        "where": "Outside the leisure centre",
        "child_knows": "no",
    }
    values.update(changes)
    return concern_receive(area=area, report=Report(**values))


def concern_url(concern: Concern, name: str = "concerns:concern") -> str:
    return reverse(name, kwargs={"reference": concern.reference})


# --- Who sees concerns ------------------------------------------------------------------------


def test_the_triage_queue_shows_concerns_with_their_source_and_times(area, verified_client):
    concern = receive(area["area"], reporter_type="business", business_type="taxi")
    response = verified_client(area["coordinator"]).get(reverse("cases:referrals"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one(".smh-concern-queue tbody tr").get_text(" ", strip=True)
    assert f"Concern {concern.reference}" in row
    assert "Someone working in a business (Taxi or private hire)" in row
    assert "Anonymous" in row
    assert concern.triage_due_at.strftime("%Y") in row


def test_only_the_triage_teams_coordinators_and_managers_see_a_concern(area, verified_client):
    concern = receive(area["area"])
    for who in ("coordinator", "manager"):
        assert verified_client(area[who]).get(concern_url(concern)).status_code == 200
    elsewhere = TeamFactory(agency=area["team"].agency)
    other_manager = StaffUserFactory(team=elsewhere, agency=elsewhere.agency, role="team_manager")
    other_area_coordinator = StaffUserFactory(
        team=TeamFactory(agency__area=AreaFactory(name="Elsewhere", slug="elsewhere")),
        role="cse_coordinator",
    )
    # The other partnership's coordinator is in its own triage team: refused as another area's.
    elsewhere_area = other_area_coordinator.agency.area
    elsewhere_area.triage_team = other_area_coordinator.team
    elsewhere_area.save()
    for user in (area["practitioner"], area["teacher"], other_manager, other_area_coordinator):
        client = verified_client(user)
        response = client.get(concern_url(concern))
        assert response.status_code == 403, user
        assert "Jade" not in response.content.decode()
        assert client.post(concern_url(concern, "concerns:outcome"), {}).status_code == 403
        queue = client.get(reverse("cases:referrals"))
        assert concern.reference not in queue.content.decode()
    refusals = AccessLogEntry.objects.filter(allowed=False, subject__contains=concern.reference)
    assert refusals.count() == 8
    assert set(refusals.values_list("basis", flat=True)) == {"not_concern_triage", "other_area"}


def test_outside_the_triage_team_an_unknown_reference_is_refused_like_a_real_one(
    area, verified_client
):
    concern = receive(area["area"])
    client = verified_client(area["practitioner"])
    real = client.get(concern_url(concern))
    made_up = client.get(reverse("concerns:concern", kwargs={"reference": "BCDFGHJK"}))
    assert (real.status_code, made_up.status_code) == (403, 403)
    assert AccessLogEntry.objects.filter(subject__contains="BCDFGHJK", allowed=False).exists()


def test_opening_a_concern_is_logged_with_its_basis(area, verified_client):
    concern = receive(area["area"])
    page = text(verified_client(area["manager"]).get(concern_url(concern)))
    assert "My friend gets picked up after school" in page
    assert "A young person, worried about a friend" in page
    assert "Anonymous" in page
    entry = AccessLogEntry.objects.get(user=area["manager"])
    assert entry.allowed
    assert entry.basis == "concern_triage"
    assert entry.action == AccessAction.VIEW_RECORD
    assert concern.reference in entry.subject
    assert entry.child is None


# --- Outcomes ---------------------------------------------------------------------------------


def test_recording_an_outcome_keeps_who_when_and_why(area, verified_client):
    concern = receive(area["area"])
    client = verified_client(area["manager"])
    response = client.post(concern_url(concern, "concerns:outcome"), {"outcome": "police"})
    assert "Say why" in text(response)
    response = client.post(
        concern_url(concern, "concerns:outcome"),
        {"outcome": "police", "outcome_reason": "Passed to the police child exploitation unit."},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.outcome == ConcernOutcome.POLICE
    assert concern.decided_by == area["manager"]
    assert concern.decided_at is not None
    assert concern.history.count() == 2
    # Decided once: the outcome page now goes back to the concern.
    assert client.get(concern_url(concern, "concerns:outcome")).status_code == 302
    page = text(client.get(concern_url(concern)))
    assert "Passed to the police" in page
    assert area["manager"].display_name in page


def test_a_duplicate_names_the_other_concern_of_the_same_partnership(area, verified_client):
    first = receive(area["area"])
    second = receive(area["area"])
    client = verified_client(area["coordinator"])
    outcome = concern_url(second, "concerns:outcome")
    page = text(client.post(outcome, {"outcome": "duplicate", "outcome_reason": "Same"}))
    assert "Enter the reference of the other concern" in page
    page = text(
        client.post(
            outcome, {"outcome": "duplicate", "outcome_reason": "Same", "duplicate_of": "ZZZZZZZZ"}
        )
    )
    assert "Enter the reference of the other concern" in page
    response = client.post(
        outcome,
        {
            "outcome": "duplicate",
            "outcome_reason": "The same car, reported twice.",
            "duplicate_of": first.reference.lower(),
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_an_outcome_cannot_be_recorded_twice(area):
    concern = receive(area["area"])
    concern_decide(concern=concern, by=area["manager"], outcome="signposted", reason="To Childline")
    with pytest.raises(Exception, match="already recorded"):
        concern_decide(
            concern=concern, by=area["coordinator"], outcome="no_further_action", reason="x"
        )


def test_a_coordinator_makes_it_a_community_referral_with_its_source(area, verified_client):
    concern = receive(area["area"], reporter_type="business", business_type="hotel")
    client = verified_client(area["coordinator"])
    form = client.get(concern_url(concern, "concerns:referral"))
    assert form.status_code == 200
    prefilled = BeautifulSoup(form.content, "html.parser").select_one("textarea[name=concerns]")
    assert "picked up after school" in prefilled.text
    assert "Where: Outside the leisure centre" in prefilled.text

    missing = client.post(concern_url(concern, "concerns:referral"), {"concerns": "x"})
    assert "Enter the child" in text(missing) or "There is a problem" in text(missing)
    response = client.post(
        concern_url(concern, "concerns:referral"),
        {
            "given_name": "Jade",
            "family_name": "Testington",
            "date_of_birth_day": "4",
            "date_of_birth_month": "5",
            "date_of_birth_year": "2010",
            "gender": "female",
            "postcode": "",
            "school": "",
            "concerns": prefilled.text,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:referral-triage", args=[referral.pk])
    assert referral.source == ReferralSource.COMMUNITY
    assert referral.referrer_description.startswith(
        "Someone working in a business (Hotel or other accommodation), reported online"
    )
    assert concern.reference in referral.referrer_description
    assert referral.child_knows is False
    assert referral.holding_team == area["team"]
    assert Child.objects.get().family_name == "Testington"
    concern.refresh_from_db()
    assert concern.outcome == ConcernOutcome.REFERRAL
    assert concern.referral == referral
    assert concern.decided_by == area["coordinator"]
    # The referral waits in the triage queue as a community concern.
    queue = text(client.get(reverse("cases:referrals")))
    assert "Jade Testington" in queue


def test_a_manager_cannot_make_a_referral_but_can_record_another_outcome(area, verified_client):
    concern = receive(area["area"])
    client = verified_client(area["manager"])
    assert "Only a CSE coordinator can make a concern a referral" in text(
        client.get(concern_url(concern))
    )
    assert client.get(concern_url(concern, "concerns:referral")).status_code == 403


# --- The reporter ---------------------------------------------------------------------------


def test_an_anonymous_reporter_cannot_be_contacted(area, verified_client):
    concern = receive(area["area"])
    response = verified_client(area["coordinator"]).get(concern_url(concern, "concerns:contact"))
    assert response.status_code == 302


def test_thanking_a_reporter_by_email_sends_it_and_records_it(area, verified_client):
    concern = receive(
        area["area"],
        reporter_type="parent_carer",
        contact_name="Pat Example",
        contact_email="pat@example.invalid",
    )
    client = verified_client(area["coordinator"])
    form = client.get(concern_url(concern, "concerns:contact"))
    message = BeautifulSoup(form.content, "html.parser").select_one("textarea[name=email_message]")
    assert concern.reference in message.text
    wrong = client.post(
        concern_url(concern, "concerns:contact"),
        {"kind": "thanked", "method": "phone", "email_message": message.text},
    )
    assert "Choose email if you are sending them an email" in text(wrong)
    assert mail.outbox == []
    response = client.post(
        concern_url(concern, "concerns:contact"),
        {"kind": "thanked", "method": "email", "note": "", "email_message": message.text},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.invalid"]
    assert concern.reference in mail.outbox[0].subject
    assert "Jade" not in mail.outbox[0].body
    contact = ReporterContact.objects.get()
    assert contact.kind == ContactKind.THANKED
    assert contact.emailed
    assert contact.contacted_by == area["coordinator"]
    page = text(client.get(concern_url(concern)))
    assert "Thanked them by email (sent from this service)" in page


def test_asking_for_more_by_phone_is_recorded_without_an_email(area, verified_client):
    concern = receive(area["area"], contact_phone="07700 900123")
    client = verified_client(area["manager"])
    form = client.get(concern_url(concern, "concerns:contact"))
    assert b"email_message" not in form.content  # no email address was given
    response = client.post(
        concern_url(concern, "concerns:contact"),
        {"kind": "asked_more", "method": "phone", "note": "Asked which car park; will call back."},
    )
    assert response.status_code == 302
    contact = ReporterContact.objects.get()
    assert contact.kind == ContactKind.ASKED_MORE
    assert not contact.emailed
    assert mail.outbox == []
