"""Settings come from the environment; production refuses unsafe defaults."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "seemehearme.settings.production",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-Qx9vT2mL8pR4sW7zA1bC5dE0fG6hJ3nU",
    "ALLOWED_HOSTS": "smh.example.invalid",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests lift Django's async guard for their session; a deployment never would.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(override, message):
    result = _manage("check", env={**PRODUCTION_ENV, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_default_sqlite_file_really_opens_in_wal_mode(tmp_path, monkeypatch, django_db_blocker):
    """Open a SQLite file through Django's backend with the configured options (whichever
    database this test run itself uses) and ask SQLite which journal mode it is in."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from seemehearme.settings.base import database_from_env

    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "wal.sqlite3")
    wrapper = DatabaseWrapper(
        {
            **config,
            "TIME_ZONE": None,
            "CONN_HEALTH_CHECKS": False,
            "CONN_MAX_AGE": 0,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        }
    )
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                mode = cursor.fetchone()[0]
        finally:
            wrapper.close()
    assert mode == "wal"


def test_the_default_database_is_a_wal_sqlite_file_under_var(tmp_path):
    from seemehearme.settings.base import database_from_env

    env = os.environ.pop("DATABASE_URL", None)
    try:
        config = database_from_env(tmp_path / "x.sqlite3")
    finally:
        if env is not None:
            os.environ["DATABASE_URL"] = env
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    from seemehearme.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgresql://root@127.0.0.1:5432/test")
    config = database_from_env(tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "test"
