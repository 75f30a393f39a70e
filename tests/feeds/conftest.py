from __future__ import annotations

import io

import pytest

from seemehearme.feeds.importer import ImportResult, import_file
from seemehearme.feeds.models import ImportChannel
from tests.factories import AgencyFactory


@pytest.fixture
def agency():
    return AgencyFactory(name="Northbridge Police", kind="police")


@pytest.fixture
def run_import(agency):
    """Import bytes (or text, encoded as UTF-8) as a file called ``filename``."""

    def run(data: bytes | str, *, filename: str = "events.csv", **kwargs) -> ImportResult:
        if isinstance(data, str):
            data = data.encode("utf-8")
        kwargs.setdefault("agency", agency)
        return import_file(
            file=io.BytesIO(data), filename=filename, channel=ImportChannel.COMMAND, **kwargs
        )

    return run
