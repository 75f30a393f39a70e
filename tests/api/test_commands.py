"""`smh token create` and `smh token revoke`, run in-process so they share the test database."""

from __future__ import annotations

import stat

import pytest
from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.api.tokens import agency_system_authenticate
from seemehearme.feeds.models import AgencySystem
from tests.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db

runner = CliRunner()


def test_create_writes_the_token_to_a_file_only_its_owner_can_read(police, tmp_path):
    target = tmp_path / "police.token"

    result = runner.invoke(
        cli.app,
        ["token", "create", "--agency", "Testshire Police", "--name", "Custody system",
         "--output", str(target)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    token = target.read_text().strip()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert token not in result.output
    system = agency_system_authenticate(token=token)
    assert system is not None
    assert (system.name, system.agency) == ("Custody system", police)
    assert system.token_prefix in result.output


def test_create_without_a_file_prints_the_token_once_with_a_warning(police):
    result = runner.invoke(
        cli.app, ["token", "create", "--agency", str(police.pk), "--name", "Custody system"]
    )

    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert agency_system_authenticate(token=token).agency == police
    assert result.output.count(token) == 1
    assert "shown this once" in result.output


def test_create_refuses_to_overwrite_a_file_and_makes_nothing(police, tmp_path):
    target = tmp_path / "existing"
    target.write_text("keep me")

    result = runner.invoke(
        cli.app,
        ["token", "create", "--agency", "Testshire Police", "--name", "Custody system",
         "--output", str(target)],
    )  # fmt: skip

    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_text() == "keep me"
    assert not AgencySystem.objects.exists()


def test_create_keeps_nothing_if_the_file_cannot_be_written(police, tmp_path):
    result = runner.invoke(
        cli.app,
        ["token", "create", "--agency", "Testshire Police", "--name", "Custody system",
         "--output", str(tmp_path / "missing-folder" / "token")],
    )  # fmt: skip

    assert result.exit_code == 1
    assert "No token was made" in result.output
    assert not AgencySystem.objects.exists()


def test_create_explains_an_unknown_or_ambiguous_agency(police):
    AgencyFactory(name="Testshire Police", area=AreaFactory(name="Otherton", slug="otherton"))

    unknown = runner.invoke(cli.app, ["token", "create", "--agency", "Nowhere", "--name", "X"])
    ambiguous = runner.invoke(
        cli.app, ["token", "create", "--agency", "testshire police", "--name", "X"]
    )

    assert unknown.exit_code == 1
    assert "No agency called 'Nowhere'" in unknown.output
    assert ambiguous.exit_code == 1
    assert "More than one agency" in ambiguous.output
    assert str(police.pk) in ambiguous.output
    assert not AgencySystem.objects.exists()


def test_create_refuses_a_second_system_of_the_same_name(caller, police):
    result = runner.invoke(
        cli.app, ["token", "create", "--agency", str(police.pk), "--name", "Records system"]
    )

    assert result.exit_code == 1
    assert "already has a system with this name" in result.output


def test_revoke_by_prefix(caller):
    result = runner.invoke(cli.app, ["token", "revoke", "--prefix", caller.system.token_prefix])

    assert result.exit_code == 0, result.output
    assert "Revoked the token of Records system" in result.output
    assert agency_system_authenticate(token=caller.token) is None
    again = runner.invoke(cli.app, ["token", "revoke", "--prefix", caller.system.token_prefix])
    assert again.exit_code == 0
    assert "already revoked" in again.output


def test_revoke_explains_a_prefix_it_cannot_use(caller):
    short = runner.invoke(cli.app, ["token", "revoke", "--prefix", "smh_"])
    unknown = runner.invoke(cli.app, ["token", "revoke", "--prefix", "smh_AAAAAAAAzz"])

    assert short.exit_code == 1
    assert "first 12 characters" in short.output
    assert unknown.exit_code == 1
    assert "No token starts smh_AAAAAAAA" in unknown.output
    assert agency_system_authenticate(token=caller.token) is not None
