"""The public form: validation, the honeypot, timing, the rate limit and anonymity."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from seemehearme.cases.models import Referral
from seemehearme.cases.services import referral_create
from seemehearme.concerns.models import Concern
from seemehearme.concerns.services import REFERENCE_ALPHABET
from seemehearme.concerns.spam import started_token
from seemehearme.public.models import PublicText
from tests.concerns.helpers import report_data
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def url(area, name: str = "concerns:report") -> str:
    return reverse(name, kwargs={"area": area.slug})


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def send(client: Client, area, **changes: str):
    return client.post(url(area), report_data(**changes))


# --- The page -------------------------------------------------------------------------------


def test_the_form_opens_without_signing_in_says_what_happens_and_what_to_do_now(client, area):
    response = client.get(url(area["area"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Other sites are told nothing; this one gets the Origin its CSRF check needs.
    assert response["Referrer-Policy"] == "same-origin"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("meta[name=referrer]")["content"] == "same-origin"
    page = text(response)
    assert "If a child is in danger now, call 999" in page
    assert "What happens next" in page
    assert "You do not have to give your name" in page
    honeypot = soup.select_one("input[name=website]")
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    assert soup.select_one("input[name=started]")["value"]
    # The conditional questions are in the page without JavaScript.
    assert soup.select_one("#conditional-business input[name=business_type]") is not None
    assert soup.select_one("#conditional-contact input[name=contact_email]") is not None


def test_an_unknown_partnership_is_not_found(client, area):
    assert client.get("/help/nowhere/report/").status_code == 404


def test_a_partnership_without_a_triage_team_says_how_else_to_report(client, area):
    area["area"].triage_team = None
    area["area"].save()
    response = client.get(url(area["area"]))
    assert "cannot take reports online yet" in text(response)
    assert "999" in text(response)


def test_the_report_pages_give_the_partnerships_published_numbers(client, area):
    PublicText.objects.create(
        area=area["area"],
        language="en-gb",
        published_by=area["coordinator"],
        published_at=timezone.now(),
        front_door_name="Testshire Front Door",
        front_door_phone="01234 567890",
        front_door_hours="Monday to Friday, 9am to 5pm",
        emergency_phone="112",
        childline_phone="0800 2222",
    )
    form = text(client.get(url(area["area"])))
    assert "If a child is in danger now, call 112" in form
    assert "call Childline free on 0800 2222" in form
    assert (
        "call Testshire Front Door on 01234 567890. They are open Monday to Friday, 9am to 5pm"
        in form
    )
    assert "999" not in form
    assert send(client, area["area"]).status_code == 302
    sent = text(client.get(url(area["area"], "concerns:sent")))
    assert "call 112" in sent
    assert "Testshire Front Door" in sent
    with override_settings(SMH_REPORT_RATE_LIMIT="0/hour"):
        refused = send(client, area["area"])
    assert refused.status_code == 429
    assert "Testshire Front Door" in text(refused)
    assert "112" in text(refused)


# --- Validation -----------------------------------------------------------------------------


def test_what_happened_and_who_you_are_are_required(client, area):
    response = send(client, area["area"], what_happened="  ", reporter_type="", contact="")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Tell us what has happened or what you are worried about" in page
    assert "Choose who you are" in page
    assert "Choose whether we can contact you" in page
    assert Concern.objects.count() == 0
    soup = BeautifulSoup(response.content, "html.parser")
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert "#id_reporter_type_0" in links
    assert "#id_what_happened" in links


def test_a_business_says_what_kind(client, area):
    page = text(send(client, area["area"], business_type=""))
    assert "Choose what kind of business you work in" in page
    assert Concern.objects.count() == 0


def test_someone_who_can_be_contacted_gives_a_phone_or_email(client, area):
    page = text(send(client, area["area"], contact="yes", contact_name="Sam"))
    assert "Enter a phone number or an email address" in page
    page = text(send(client, area["area"], contact="yes", contact_email="not-an-email"))
    assert "Enter an email address like name@example.com" in page
    assert Concern.objects.count() == 0


def test_choosing_anonymity_drops_any_details_typed(client, area):
    send(client, area["area"], contact="no", contact_phone="07700 900123", contact_email="x")
    concern = Concern.objects.get()
    assert concern.is_anonymous
    assert concern.contact_phone == ""
    assert concern.contact_email == ""


# --- Landing in the triage queue ------------------------------------------------------------


def test_an_anonymous_report_lands_with_its_source_and_only_the_reference_comes_back(client, area):
    response = send(client, area["area"])
    assert response.status_code == 302
    assert response["Location"] == url(area["area"], "concerns:sent")  # nothing in the address
    concern = Concern.objects.get()
    assert concern.area == area["area"]
    assert concern.holding_team == area["team"]
    assert concern.reporter_type == "business"
    assert concern.business_type == "hotel"
    assert concern.source_words == "Someone working in a business (Hotel or other accommodation)"
    assert concern.is_anonymous
    assert concern.awaiting_triage
    assert concern.triage_due_at > concern.received_at
    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{8}}", concern.reference)

    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "no-store" in sent["Cache-Control"]
    assert sent["Referrer-Policy"] == "no-referrer"
    page = text(sent)
    assert concern.reference in page
    assert "999" in page
    # Nothing the reporter typed is echoed back.
    for typed in ("older man", "Riverside", "about 14", "Last Friday", "Hotel"):
        assert typed not in page


def test_the_triage_team_is_told_by_an_email_that_says_nothing_of_the_concern(
    client, area, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, area["area"])
    concern = Concern.objects.get()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == sorted([area["coordinator"].email, area["manager"].email])
    assert concern.reference in email.subject
    assert "older man" not in email.body
    assert "Riverside" not in email.body
    assert f"/concerns/{concern.reference}/" in email.body


def test_the_confirmation_without_a_report_goes_back_to_the_form(client, area):
    response = client.get(url(area["area"], "concerns:sent"))
    assert response.status_code == 302
    assert response["Location"] == url(area["area"])


def test_references_are_random_not_counts(client, area):
    send(client, area["area"])
    send(client, area["area"], what_happened="Another worry entirely.")
    first, second = Concern.objects.order_by("pk")
    assert first.reference != second.reference
    assert not any(ch.isdigit() and ch in "01" for ch in first.reference + second.reference)


# --- Robots ---------------------------------------------------------------------------------


def test_a_filled_honeypot_is_thanked_alike_and_nothing_is_kept(client, area):
    response = send(client, area["area"], website="https://spam.example")
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Thank you for telling us" in page
    assert Concern.objects.count() == 0


def test_a_missing_or_forged_start_time_is_thanked_alike_and_nothing_is_kept(client, area):
    for started in ("", "not-signed", started_token()[:-3] + "abc"):
        response = send(client, area["area"], started=started)
        assert response.status_code == 302
    assert Concern.objects.count() == 0


def test_a_too_quick_send_is_kindly_asked_again_keeping_what_was_typed(client, area):
    response = send(client, area["area"], started=started_token(time.time()))
    assert response.status_code == 200
    page = text(response)
    assert "sent very quickly" in page
    assert Concern.objects.count() == 0
    soup = BeautifulSoup(response.content, "html.parser")
    assert "older man" in soup.select_one("textarea[name=what_happened]").text
    # Sent again a little later (the page gave a fresh start time), it arrives.
    again = report_data(started=started_token(time.time() - 10))
    assert client.post(url(area["area"]), again).status_code == 302
    assert Concern.objects.count() == 1


def test_a_form_left_open_for_hours_is_asked_again(client, area):
    response = send(client, area["area"], started=started_token(time.time() - 5 * 3600))
    assert "open for a long time" in text(response)
    assert Concern.objects.count() == 0


# --- Rate limit -----------------------------------------------------------------------------


@override_settings(SMH_REPORT_RATE_LIMIT="3/hour")
def test_after_the_limit_an_address_is_told_kindly_and_others_are_not_affected(area):
    here = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert send(here, area["area"]).status_code == 302
    refused = send(here, area["area"])
    assert refused.status_code == 429
    page = text(refused)
    assert "Please wait before sending another" in page
    assert "999" in page
    assert "0800 1111" in page
    assert Concern.objects.count() == 3
    # Robots count too: the honeypot does not get round the limit.
    assert send(here, area["area"], website="x").status_code == 429

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert send(elsewhere, area["area"]).status_code == 302
    assert Concern.objects.count() == 4


@override_settings(SMH_REPORT_RATE_LIMIT="1/hour", SMH_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP")
def test_behind_a_proxy_the_limit_keys_on_the_address_it_passes(area):
    one = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    two = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert send(one, area["area"]).status_code == 302
    assert send(one, area["area"]).status_code == 429
    assert send(two, area["area"]).status_code == 302


def test_the_address_is_never_kept_with_the_concern(area):
    client = Client(REMOTE_ADDR="203.0.113.99")
    send(client, area["area"])
    concern = Concern.objects.get()
    for value in concern.__dict__.values():
        assert "203.0.113.99" not in str(value)
    for row in concern.history.values():
        assert "203.0.113.99" not in str(row)


# --- Anonymity ------------------------------------------------------------------------------


def test_no_public_response_shows_anything_of_any_child_or_record(client, area):
    child = ChildFactory(
        area=area["area"],
        given_name="Zephyrine",
        family_name="Quillfeather",
        date_of_birth=dt.date(2011, 2, 3),
    )
    referral = referral_create(
        child=child,
        concerns="Seen with Obadiah Marchbank near the Kestrel Lane car park.",
        referred_by=area["teacher"],
    )
    Concern.objects.all().delete()
    earlier = send(client, area["area"], what_happened="Something about Zephyrine Quillfeather")
    assert earlier.status_code == 302
    earlier_concern = Concern.objects.get()
    distinctive = [
        "Zephyrine",
        "Quillfeather",
        "Obadiah",
        "Marchbank",
        "Kestrel",
        "2011",
        area["teacher"].last_name,
        area["coordinator"].last_name,
        earlier_concern.reference,
    ]

    fresh = Client()
    responses = [
        fresh.get(url(area["area"])),
        fresh.post(url(area["area"]), report_data(what_happened="")),
        fresh.post(url(area["area"]), report_data(started=started_token(time.time()))),
        fresh.post(url(area["area"]), report_data(website="x")),
    ]
    posted = fresh.post(url(area["area"]), report_data(child_description="a girl"))
    responses += [posted, fresh.get(posted["Location"])]
    for response in responses:
        body = response.content.decode()
        for word in distinctive:
            assert word not in body, (word, response.status_code)
        assert f"/referrals/{referral.pk}" not in body
    # Two concerns exist; the new one's reference is all the reporter is shown.
    newest = Concern.objects.order_by("-pk").first()
    assert newest.reference in responses[-1].content.decode()
    assert Referral.objects.count() == 1
