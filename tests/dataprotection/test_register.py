"""The agreements register's order and the review reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from seemehearme.dataprotection.agreements import (
    Attention,
    agreement_register,
    agreement_reminders_send,
)
from seemehearme.dataprotection.models import AgreementReviewReminder
from seemehearme.sharing.models import AgreementStatus
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _agreements(partnership, today):
    parties = [partnership.council, partnership.police]
    area = partnership.council.area

    def make(reference, review_in, end_in=None, status=AgreementStatus.ACTIVE):
        return AgreementFactory(
            area=area,
            reference=reference,
            parties=parties,
            categories=["social-care"],
            status=status,
            start_date=today - dt.timedelta(days=400),
            review_date=today + dt.timedelta(days=review_in),
            end_date=today + dt.timedelta(days=end_in) if end_in is not None else None,
        )

    return {
        "fine": make("ISA-A", 200),
        "ending": make("ISA-B", 200, end_in=30),
        "due-later": make("ISA-C", 50),
        "due-sooner": make("ISA-D", 10),
        "overdue": make("ISA-E", -5),
        "ended": make("ISA-F", -100, status=AgreementStatus.ENDED),
    }


def test_the_register_puts_what_needs_attention_first(partnership):
    today = timezone.localdate()
    _agreements(partnership, today)
    rows = agreement_register(area=partnership.council.area, today=today)
    assert [row.agreement.reference for row in rows] == [
        "ISA-E",  # review overdue
        "ISA-D",  # review due in 10 days
        "ISA-C",  # review due in 50 days
        "ISA-B",  # ends in 30 days
        "ISA-F",  # ended: nothing to do (its old review date sorts it first among these)
        "ISA-A",
    ]
    assert [row.attention for row in rows[:4]] == [
        Attention.REVIEW_OVERDUE,
        Attention.REVIEW_DUE,
        Attention.REVIEW_DUE,
        Attention.ENDING_SOON,
    ]


def test_reminders_go_once_per_agreement_per_review_date(
    partnership, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    made = _agreements(partnership, today)
    with django_capture_on_commit_callbacks(execute=True):
        first = agreement_reminders_send(today=today)
    assert (first.agreements, first.emails) == (3, 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [partnership.dpo.email]
    body = mail.outbox[0].body
    assert "ISA-E" in body
    assert "ISA-D" in body
    assert "ISA-C" in body
    assert "ISA-A" not in body
    assert "ISA-F" not in body
    with django_capture_on_commit_callbacks(execute=True):
        again = agreement_reminders_send(today=today)
    assert again.agreements == 0
    assert len(mail.outbox) == 1
    # A new review date is a new reminder.
    overdue = made["overdue"]
    overdue.review_date = today + dt.timedelta(days=20)
    overdue.save()
    with django_capture_on_commit_callbacks(execute=True):
        moved = agreement_reminders_send(today=today)
    assert moved.agreements == 1
    assert AgreementReviewReminder.objects.filter(agreement=overdue).count() == 2


def test_a_failed_email_is_tried_again(partnership, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.dataprotection.test_register.FailingBackend"
    today = timezone.localdate()
    _agreements(partnership, today)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_reminders_send(today=today)
    assert not AgreementReviewReminder.objects.exists()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("no mail server")


def test_the_register_page_shows_the_banner(partnership, verified_client):
    today = timezone.localdate()
    _agreements(partnership, today)
    page = verified_client(partnership.dpo).get("/data-protection/").content.decode()
    assert "4 agreements need attention" in page
    assert page.index("ISA-E") < page.index("ISA-A")


def test_only_the_data_protection_lead_sees_the_register(partnership, verified_client):
    response = verified_client(partnership.worker).get("/data-protection/")
    assert response.status_code == 403
