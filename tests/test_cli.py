"""The `smh` command line, run in-process so it shares the test database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from typer.testing import CliRunner

from seemehearme import cli
from seemehearme.areas.models import Agency, Role, StaffUser
from seemehearme.demo.area import demo_area_get
from seemehearme.demo.staff import DEMO_PASSWORD, DEMO_TOTP_BASE32, demo_totp_code
from seemehearme.identity.models import LinkMethod
from seemehearme.people.models import Child
from tests.factories import AgencyFactory, StaffUserFactory, totp_device_for

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_demo_mode_leaks(monkeypatch):
    """`smh demo` sets SMH_DEMO_MODE in the environment; put it back after each test."""
    monkeypatch.delenv("SMH_DEMO_MODE", raising=False)


@pytest.fixture
def small_demo(monkeypatch):
    """Make the demo area small so CLI tests stay fast."""
    monkeypatch.setattr("seemehearme.demo.area.DEMO_CHILDREN", 20)


def _code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


# --- demo-code -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_code_refuses_to_show_a_real_users_code():
    user = StaffUserFactory(username="real.person")
    device = totp_device_for(user)
    result = runner.invoke(cli.app, ["demo-code", "--username", "real.person"])
    assert result.exit_code == 1
    assert "not a demo account" in result.output
    assert _code_for(device) not in result.output
    assert demo_totp_code() not in result.output


@pytest.mark.django_db
def test_demo_code_refuses_without_demo_mode_or_demo_accounts(settings):
    settings.SMH_DEMO_MODE = False
    result = runner.invoke(cli.app, ["demo-code"])
    assert result.exit_code == 1
    assert "no demo code" in result.output
    assert not re.search(r"\b\d{6}\b", result.output)


@pytest.mark.django_db
def test_demo_code_prints_the_published_secrets_code_in_demo_mode(settings):
    settings.SMH_DEMO_MODE = True
    result = runner.invoke(cli.app, ["demo-code"])
    assert result.exit_code == 0
    assert re.search(r"^\d{6}$", result.stdout.strip())


@pytest.mark.django_db
def test_demo_code_works_for_a_demo_account_and_the_device_accepts_it(small_demo):
    runner.invoke(cli.app, ["demo", "--no-serve"])
    result = runner.invoke(cli.app, ["demo-code", "--username", "grace.school"])
    assert result.exit_code == 0
    device = TOTPDevice.objects.get(user__username="grace.school")
    assert device.verify_token(result.stdout.strip())


def test_bin_smh_runs_without_uv_on_path_and_says_plainly_when_there_is_no_demo(tmp_path):
    """A new user runs `bin/smh demo-code` before `bin/demo`: a plain refusal, not a traceback.

    PATH holds only the system's folders (no uv), as on a fresh machine; bin/smh finds uv where
    bin/setup installed it.
    """
    root = Path(__file__).resolve().parents[1]
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "SMH_VAR_DIR": str(tmp_path),  # an empty folder: no database yet
        "DATABASE_URL": "",
    }
    for name in ("UV_CACHE_DIR", "PYTHONPATH"):
        if name in os.environ:
            env[name] = os.environ[name]
    result = subprocess.run(
        [str(root / "bin" / "smh"), "demo-code"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "run bin/demo first" in " ".join(output.split())
    assert "Traceback" not in output


# --- createadmin -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_createadmin_reads_the_password_from_stdin_and_prints_no_secret():
    agency = AgencyFactory(name="Testshire County Council")
    result = runner.invoke(
        cli.app,
        ["createadmin", "--username", "chris.admin", "--email", "chris@example.invalid",
         "--agency", "Testshire County Council", "--password-stdin"],
        input="a long and unusual passphrase\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = StaffUser.objects.get(username="chris.admin")
    assert user.role == Role.SYSTEM_ADMINISTRATOR
    assert user.is_superuser
    assert user.agency == agency
    assert user.check_password("a long and unusual passphrase")
    assert not TOTPDevice.objects.filter(user=user).exists()  # enrols at first sign-in
    assert "two-factor" in result.output
    assert "passphrase" not in result.output


@pytest.mark.django_db
def test_createadmin_prompts_twice_without_echo():
    AgencyFactory(name="Testshire County Council")
    result = runner.invoke(
        cli.app,
        ["createadmin", "--username", "chris.admin", "--email", "chris@example.invalid",
         "--agency", "Testshire County Council"],
        input="a long and unusual passphrase\na long and unusual passphrase\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Repeat the password" in result.output
    assert "a long and unusual passphrase" not in result.output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "too short"), ("password1234", "too common"), ("123456789012345", "numeric")],
)
def test_createadmin_rejects_weak_passwords(password, message):
    AgencyFactory(name="Testshire County Council")
    result = runner.invoke(
        cli.app,
        ["createadmin", "--username", "chris.admin", "--email", "chris@example.invalid",
         "--agency", "Testshire County Council", "--password-stdin"],
        input=f"{password}\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert message in result.output
    assert not StaffUser.objects.filter(username="chris.admin").exists()


@pytest.mark.django_db
def test_createadmin_needs_a_known_agency_and_a_new_username():
    AgencyFactory(name="Testshire County Council")
    StaffUserFactory(username="taken")
    args = ["createadmin", "--email", "x@example.invalid", "--password-stdin"]
    unknown = runner.invoke(
        cli.app, [*args, "--username", "new", "--agency", "Nowhere"], input="x\n"
    )
    assert unknown.exit_code == 1
    assert "No agency called 'Nowhere'" in unknown.output
    taken = runner.invoke(
        cli.app,
        [*args, "--username", "taken", "--agency", "Testshire County Council"],
        input="a long and unusual passphrase\n",
    )
    assert taken.exit_code == 1
    assert "already an account" in taken.output


@pytest.mark.django_db
def test_createadmin_can_create_the_first_agency_on_a_new_install():
    result = runner.invoke(
        cli.app,
        ["createadmin", "--username", "chris.admin", "--email", "chris@example.invalid",
         "--agency", "Testshire Children's Services", "--create-agency",
         "--area", "Testshire Safeguarding Partnership", "--kind", "social_care",
         "--password-stdin"],
        input="a long and unusual passphrase\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = StaffUser.objects.get(username="chris.admin")
    assert user.agency.name == "Testshire Children's Services"
    assert user.agency.kind == "social_care"
    assert user.agency.area.slug == "testshire-safeguarding-partnership"


@pytest.mark.django_db
def test_a_weak_password_leaves_no_new_agency_behind():
    result = runner.invoke(
        cli.app,
        ["createadmin", "--username", "chris.admin", "--email", "chris@example.invalid",
         "--agency", "Testshire Children's Services", "--create-agency",
         "--area", "Testshire Safeguarding Partnership", "--kind", "social_care",
         "--password-stdin"],
        input="short\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_createadmin_asks_for_what_it_was_not_given():
    AgencyFactory(name="Testshire County Council")
    result = runner.invoke(
        cli.app,
        ["createadmin", "--password-stdin"],
        input="chris.admin\nchris@example.invalid\nTestshire County Council\n"
        "a long and unusual passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "User name" in result.output
    assert StaffUser.objects.filter(username="chris.admin", email="chris@example.invalid").exists()


# --- demo and seed ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_without_serving_creates_the_area_and_lists_the_sign_ins(small_demo, monkeypatch):
    monkeypatch.setattr(
        "django.core.management.call_command",
        lambda *a, **k: pytest.fail("nothing should be served or migrated here"),
    )
    result = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert demo_area_get() is not None
    for username in ("amara.social", "dan.police", "grace.school", "farah.dpo"):
        assert username in result.output
    assert DEMO_PASSWORD in result.output
    assert DEMO_TOTP_BASE32 in result.output
    assert "smh demo-code" in result.output
    assert "Fernhollow" not in result.output  # no child's details on the console


@pytest.mark.django_db
def test_running_the_demo_twice_does_not_duplicate_it(small_demo):
    runner.invoke(cli.app, ["demo", "--no-serve"])
    children = Child.objects.count()
    again = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert again.exit_code == 0
    assert "already" in again.output
    assert Child.objects.count() == children


@pytest.mark.django_db
def test_demo_serves_with_runserver_without_the_reloader(small_demo, monkeypatch):
    calls = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append((a, k)))
    result = runner.invoke(cli.app, ["demo", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls == [(("runserver", "127.0.0.1:8123"), {"use_reloader": False})]
    assert "http://127.0.0.1:8123/" in result.output


@pytest.mark.django_db
def test_seed_creates_the_demo_area_then_adds_children(small_demo):
    result = runner.invoke(cli.app, ["seed", "--children", "50"])
    assert result.exit_code == 0, result.output
    assert "Added 50 children" in result.output
    seeded = Child.objects.filter(area=demo_area_get()).exclude(
        identity_links__method=LinkMethod.NEW_CHILD  # children the demo's agency feeds brought
    )
    assert seeded.count() == 20 + 1 + 50
    total = Child.objects.filter(area=demo_area_get()).count()
    more = runner.invoke(cli.app, ["seed", "--children", "50", "--seed", "9"])
    assert more.exit_code == 0
    assert f"now has {total + 50}" in more.output


@pytest.mark.django_db
def test_seed_refuses_a_database_that_holds_a_real_partnership(small_demo):
    AgencyFactory()  # a partnership that is not the demo
    result = runner.invoke(cli.app, ["seed", "--children", "5"])
    assert result.exit_code == 1
    assert "database of their own" in result.output
    assert not Child.objects.exists()


# --- manage and main -------------------------------------------------------------------------


@pytest.mark.django_db
def test_manage_passes_arguments_through_to_django(capsys):
    result = runner.invoke(cli.app, ["manage", "showmigrations", "sharing"])
    assert result.exit_code == 0, result.output
    assert "0002_reference_categories_and_purposes" in result.output


@pytest.mark.django_db
def test_main_sets_django_up_again_harmlessly(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["smh", "demo-code", "--username", "nobody"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1


def test_the_demo_s_email_links_point_where_it_is_served(monkeypatch):
    from seemehearme.cli import demo_site_url

    monkeypatch.delenv("SMH_SITE_URL", raising=False)
    assert demo_site_url(host="127.0.0.1", port=8123) == "http://127.0.0.1:8123"
    monkeypatch.setenv("SMH_SITE_URL", "https://demo.example.invalid/")
    assert demo_site_url(host="127.0.0.1", port=8123) == "https://demo.example.invalid"
