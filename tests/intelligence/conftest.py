"""A partnership with a police force and a council, shared by the intelligence tests."""

from __future__ import annotations

import pytest

from tests.factories import AgencyFactory, AreaFactory


@pytest.fixture
def area():
    return AreaFactory()


@pytest.fixture
def police(area):
    return AgencyFactory(area=area, kind="police", name="Testshire Police")


@pytest.fixture
def council(area):
    return AgencyFactory(area=area, kind="social_care", name="Testshire Council")
