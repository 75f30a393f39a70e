"""Agency systems with tokens, and a client that calls the API with one. All made up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from seemehearme.api.tokens import agency_system_create
from seemehearme.areas.models import Agency, AgencyKind
from seemehearme.feeds.models import AgencySystem
from tests.factories import AgencyFactory


@dataclass
class Caller:
    """A test client that sends one agency system's token with every request."""

    system: AgencySystem
    token: str
    client: Client

    def get(self, path: str, **extra: Any):
        return self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {self.token}", **extra)

    def post_json(self, path: str, data: Any, **extra: Any):
        return self.client.post(
            path,
            data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
            **extra,
        )


def caller_for(agency: Agency, name: str = "Records system") -> Caller:
    system, token = agency_system_create(agency=agency, name=name)
    return Caller(system=system, token=token, client=Client())


@pytest.fixture
def police():
    return AgencyFactory(name="Testshire Police", kind=AgencyKind.POLICE)


@pytest.fixture
def caller(police) -> Caller:
    return caller_for(police)
