from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from pytest_django.fixtures import validate_django_db

from seemehearme.areas.models import StaffUser
from tests.factories import totp_device_for


def sign_in_verified(client: Client, user: StaffUser) -> Client:
    """Sign a user in as if they had passed both the password and the two-factor steps."""
    device = user.totpdevice_set.filter(confirmed=True).first() or totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client():
    """Call with a user to get a test client signed in with two-factor authentication."""

    def make(user: StaffUser) -> Client:
        return sign_in_verified(Client(), user)

    return make


def _kind(item: pytest.Item) -> tuple[int, bool]:
    """How the test uses the database, as pytest-django decides the order tests run in (0 in a
    transaction rolled back after it, 1 committing, 2 not at all), and whether it is a browser
    test (marked e2e). Committing tests empty the tables after themselves, so a committing test
    that is not a browser test (a migration test, say) must not be moved after browser tests it
    used to run before."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    browser = item.get_closest_marker("e2e") is not None
    transactional = "live_server" in fixtures or "transactional_db" in fixtures
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return 1, browser
    return (0 if marker is not None or "db" in fixtures else 2), browser


# bin/test hands tests to each worker at most this many at a time (pytest-xdist's
# --maxschedchunk), and slow tests are this many apart, so no worker is given two at once.
SCHEDULE_CHUNK = 2


def _slow_first(run: list[pytest.Item]) -> list[pytest.Item]:
    """The run's slow tests first, each followed by SCHEDULE_CHUNK others, then the rest."""
    slow = [item for item in run if item.get_closest_marker("slow") is not None]
    others = [item for item in run if item.get_closest_marker("slow") is None]
    ordered: list[pytest.Item] = []
    for item in slow:
        ordered.append(item)
        ordered.extend(others[:SCHEDULE_CHUNK])
        del others[:SCHEDULE_CHUNK]
    return ordered + others


def _once_only(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, leave out the tests marked ``database_free`` (they ran on SQLite, and the
    database cannot change their result), saying so, as pytest counts them "deselected". A
    test so marked that asks for the database is a mistake in the marking: refuse to run."""
    from django.conf import settings

    marked = [item for item in items if item.get_closest_marker("database_free") is not None]
    wrong = [item.nodeid for item in marked if _kind(item)[0] != 2]
    if wrong:
        raise pytest.UsageError(f"database_free tests that use the database: {wrong}")
    if not marked or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    config.hook.pytest_deselected(items=marked)
    items[:] = [item for item in items if item.get_closest_marker("database_free") is None]


def pytest_report_header(config: pytest.Config) -> str | None:
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return (
            "tests marked database_free are left out (deselected) on PostgreSQL: they use no "
            "database and run in the SQLite suite"
        )
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out on PostgreSQL the tests that use no database (``_once_only``), and start the
    tests marked ``slow`` first among those of their kind.

    pytest-django runs database tests first, then committing ones (the browser tests), then the
    rest, and pytest-xdist hands tests to its workers in that order. A test that takes minutes
    started late kept one worker busy while the other sat idle; started first, the other worker
    shares out the rest meanwhile. Tests only move within a run of their own kind, so every test
    that ran before another of a different kind still does.
    """
    _once_only(config, items)
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or _kind(items[end]) != _kind(items[start]):
            items[start:end] = _slow_first(items[start:end])
            start = end


@pytest.fixture(scope="session", autouse=True)
def quick_flush_on_postgresql() -> Iterator[None]:
    """On PostgreSQL, empty the tables after a committing test with ``DELETE FROM`` each table
    rather than one ``TRUNCATE`` of all.

    Every browser test commits, so the tables are emptied after each. TRUNCATE makes new files
    for each of the ~175 tables and their indexes: 4 s a time here, against 0.08 s to delete the
    few rows a test leaves. Django's foreign keys on PostgreSQL are checked at commit and the
    flush runs in one transaction, so the order of the deletes does not matter. Sequences are
    left alone, as TRUNCATE without RESTART IDENTITY leaves them; a test that asks for them to be
    reset gets Django's own statement.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_from_each(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        delete = style.SQL_KEYWORD("DELETE FROM")
        return [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_from_each)
        yield
