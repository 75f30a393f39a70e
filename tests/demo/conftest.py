"""The demo area, built once per test module and shared by that module's tests.

Building Northbridge takes seconds, and about seventy tests only look at it (or change something
and look again), so each module builds it once inside a transaction that is rolled back when the
module ends; it is never committed. Each test still runs in its own transaction nested inside that
one (a savepoint, exactly as for any `db` test) and rolled back after it, so nothing one test
writes is seen by the next: every test starts from the demo area as built.

A test that builds a demo area itself (for another day or size) needs a database without one, so
it cannot share a module with tests that use ``northbridge`` or ``empty_northbridge``: put it in
``test_demo_built_afresh.py``. Collection stops with an error if a module mixes the two.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator

import pytest
from django.db import transaction

from seemehearme.areas.models import Area
from seemehearme.demo.area import demo_area_create

SHARED = ("northbridge", "empty_northbridge")
# The reference day of the empty demo area (the children's tests draw children as of it).
EMPTY_AS_OF = dt.date(2026, 3, 2)


def _built_once_per_module(django_db_blocker, **kwargs) -> Iterator[int]:
    """Build a demo area in a transaction held open for the module, then roll it back.

    The database is unblocked only to build and to roll back, so between them a test that does
    not ask for the database still cannot reach it."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            pk = demo_area_create(**kwargs).area.pk
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield pk
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _northbridge_built(django_db_setup, django_db_blocker) -> Iterator[int]:
    yield from _built_once_per_module(django_db_blocker, children=40)


@pytest.fixture(scope="module")
def _empty_northbridge_built(django_db_setup, django_db_blocker) -> Iterator[int]:
    yield from _built_once_per_module(django_db_blocker, children=0, as_of=EMPTY_AS_OF)


@pytest.fixture
def northbridge(_northbridge_built, db) -> Area:
    """The demo area with a few dozen children besides the featured child, dated today."""
    return Area.objects.get(pk=_northbridge_built)


@pytest.fixture
def empty_northbridge(_empty_northbridge_built, db) -> Area:
    """The demo area with only the featured child, dated 2 March 2026."""
    return Area.objects.get(pk=_empty_northbridge_built)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a module that mixes tests sharing its demo area with other database tests, which
    would see the shared area or not depending on the order they ran in."""
    by_module: dict[str, list[pytest.Item]] = {}
    for item in items:
        if isinstance(item, pytest.Function) and item.path.parent == config.rootpath / "tests/demo":
            by_module.setdefault(item.nodeid.split("::")[0], []).append(item)
    for module, module_items in by_module.items():
        sharing = {name for item in module_items for name in SHARED if name in item.fixturenames}
        if not sharing:
            continue
        others = [
            item.name
            for item in module_items
            if ("db" in item.fixturenames or item.get_closest_marker("django_db"))
            and not sharing & set(item.fixturenames)
        ]
        if len(sharing) > 1 or others:
            raise pytest.UsageError(
                f"{module} shares a demo area ({', '.join(sorted(sharing))}) but also has "
                f"database tests that do not: {', '.join(others) or 'the other shared area'}. "
                "Move them to tests/demo/test_demo_built_afresh.py (see tests/demo/conftest.py)."
            )
