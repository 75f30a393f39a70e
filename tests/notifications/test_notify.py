"""Notification emails: who gets them, what they say (never a child's name) and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.areas.models import AgencyKind, Role
from seemehearme.cases.models import TriageDecision
from seemehearme.cases.services import referral_create, referral_triage
from seemehearme.notifications.models import OverdueTriageNotice
from seemehearme.notifications.notify import overdue_triage_notify
from seemehearme.people.services import break_glass_start
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db

SITE = "https://smh.example.org"


@pytest.fixture(autouse=True)
def _site_url():
    with override_settings(SMH_SITE_URL=SITE):
        yield


@pytest.fixture
def area():
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    social_care = triage_team.agency
    return {
        "area": area,
        "child": ChildFactory(area=area, given_name="Robyn", family_name="Eastmere"),
        "coordinators": [
            StaffUserFactory(team=triage_team, agency=social_care, role=Role.CSE_COORDINATOR)
            for _ in range(2)
        ],
        "manager": StaffUserFactory(team=triage_team, agency=social_care, role=Role.TEAM_MANAGER),
        "teacher": StaffUserFactory(team=TeamFactory(agency=school), agency=school),
        "dpo": StaffUserFactory(
            team=TeamFactory(agency=social_care),
            agency=social_care,
            role=Role.DATA_PROTECTION_LEAD,
        ),
    }


def _refer(area, *, days_ago: int = 0):
    return referral_create(
        child=area["child"],
        concerns="Seen with older men (synthetic).",
        referred_by=area["teacher"],
        received_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def assert_safe(message) -> None:
    """No child's name anywhere in the email; a link to sign in instead."""
    for name in ("Robyn", "Eastmere"):
        assert name not in message.subject
        assert name not in message.body
    assert f"{SITE}/" in message.body


def test_the_referrer_is_emailed_when_their_referral_is_triaged(
    area, django_capture_on_commit_callbacks
):
    referral = _refer(area)
    with django_capture_on_commit_callbacks(execute=True):
        referral_triage(
            referral=referral,
            by=area["coordinators"][0],
            decision=TriageDecision.NO_FURTHER_ACTION,
            reason="Robyn Eastmere's needs are met by the school.",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [area["teacher"].email]
    assert message.subject == f"A decision has been made on your referral {referral.pk}"
    assert f"{SITE}/referrals/mine" in message.body
    assert_safe(message)


def test_no_email_goes_if_the_triage_is_rolled_back(area, django_capture_on_commit_callbacks):
    referral = _refer(area)

    def triage_then_fail() -> None:
        with transaction.atomic():
            referral_triage(
                referral=referral,
                by=area["coordinators"][0],
                decision=TriageDecision.SIGNPOST,
                reason="Signposted to the youth service.",
            )
            raise RuntimeError("something later failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="later failed"),
    ):
        triage_then_fail()
    assert callbacks == []
    assert mail.outbox == []


def test_the_data_protection_leads_are_emailed_when_break_glass_is_used(
    area, django_capture_on_commit_callbacks
):
    stranger = StaffUserFactory(team__agency__area=area["area"])
    other_area_dpo = StaffUserFactory(
        team__agency__area__slug="elsewhere",
        team__agency__area__name="Elsewhere Partnership",
        role=Role.DATA_PROTECTION_LEAD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        break_glass_start(
            user=stranger,
            child=area["child"],
            reason="Found by police at 2am with an adult; need to know who is responsible.",
            hours=2,
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [area["dpo"].email]
    assert other_area_dpo.email not in message.to
    assert message.subject == "A break-glass access is waiting for your review"
    assert f"{SITE}{reverse('sharing:break-glass-reviews')}" in message.body
    assert stranger.last_name not in message.body
    assert_safe(message)


def test_overdue_triage_is_emailed_to_the_coordinators_once(
    area, django_capture_on_commit_callbacks
):
    late = [_refer(area, days_ago=20), _refer(area, days_ago=15)]
    _refer(area)  # not yet due
    with django_capture_on_commit_callbacks(execute=True):
        first = overdue_triage_notify()
    assert (first.referrals, first.emails) == (2, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted(user.email for user in area["coordinators"])
    assert area["manager"].email not in message.to
    assert message.subject == "2 referrals are overdue for triage"
    assert f"{SITE}/referrals/" in message.body
    for referral in late:
        assert str(referral.pk) in message.body
    assert_safe(message)
    assert OverdueTriageNotice.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        again = overdue_triage_notify()
    assert (again.referrals, again.emails) == (0, 0)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_tried_again_next_time(
    area, django_capture_on_commit_callbacks, monkeypatch
):
    _refer(area, days_ago=20)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("seemehearme.notifications.notify.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        overdue_triage_notify()
    assert not OverdueTriageNotice.objects.exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        overdue_triage_notify()
    assert len(mail.outbox) == 1
    assert OverdueTriageNotice.objects.count() == 1


def test_smh_notify_overdue_is_idempotent(area, django_capture_on_commit_callbacks):
    _refer(area, days_ago=20)
    runner = CliRunner()
    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(cli.app, ["notify-overdue"])
    assert result.exit_code == 0, result.output
    assert "1 overdue referral" in result.output
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(cli.app, ["notify-overdue", "--area", area["area"].name])
    assert result.exit_code == 0, result.output
    assert "No referrals have newly become overdue" in result.output
    assert len(mail.outbox) == 1
    assert OverdueTriageNotice.objects.count() == 1
