"""``smh agreement-reminders`` and ``smh retention --dry-run``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from seemehearme import cli
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_smh_agreement_reminders_is_idempotent(partnership, django_capture_on_commit_callbacks):
    AgreementFactory(
        area=partnership.council.area,
        parties=[partnership.council, partnership.police],
        categories=["social-care"],
        review_date=timezone.localdate() + dt.timedelta(days=7),
    )
    runner = CliRunner()
    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(cli.app, ["agreement-reminders"])
    assert result.exit_code == 0, result.output
    assert "about 1 agreement(s) in 1 email(s)" in result.output
    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(
            cli.app, ["agreement-reminders", "--area", partnership.council.area.name]
        )
    assert "No agreements have newly become due" in result.output
    assert len(mail.outbox) == 1


def test_smh_retention_dry_run_prints_counts_and_refuses_a_real_run(partnership):
    runner = CliRunner()
    result = runner.invoke(cli.app, ["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Testshire Safeguarding Partnership: retention dry run on" in result.output
    assert partnership.child.given_name not in result.output
    refused = runner.invoke(cli.app, ["retention"])
    assert refused.exit_code != 0
    assert "Only --dry-run" in refused.output
