"""Schemathesis sends requests generated from the API's own OpenAPI document and checks every
answer: no server error, and a status, content type, headers and body the document describes.

(Schemathesis's pytest plugin does not yet work with this pytest, so the operations are run
with Hypothesis directly.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from seemehearme.api import v1

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # for each operation


@pytest.fixture
def connection_kept():
    """Django's WSGI handler closes the database connection around each request, which would
    end the test's transaction; Django's own test client stops it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_answer_matches_the_openapi_document(caller, monkeypatch, connection_kept):
    # Hundreds of requests a minute: lift the rate limit (its own test is elsewhere).
    monkeypatch.setattr(v1.rate_limit, "num_requests", 1_000_000)
    headers = {"Authorization": f"Bearer {caller.token}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), headers=headers
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {
        "POST /api/v1/events",
        "GET /api/v1/imports/{batch_id}",
        "GET /api/v1/event-types",
        "GET /api/v1/me",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def answers_as_documented(case):
            case.call_and_validate(headers=headers)

        answers_as_documented()
