"""The API takes a child's address like any other detail of the person, and checks it the
same way as a file's address column. Every address here is on an invented street."""

from __future__ import annotations

import pytest

from seemehearme.api import v1
from seemehearme.api.schemas import EXAMPLE_EVENT
from seemehearme.identity.models import AgencyPerson
from tests.api.test_events import URL, event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_pipeline(monkeypatch) -> None:
    """Linking and early warning are tested in their own apps."""
    monkeypatch.setattr(v1, "after_import", lambda result: None)


def test_an_events_address_is_kept_on_the_person_and_sending_it_again_changes_nothing(
    caller, police
):
    events = [event(1, address="Flat 2\n12  Testing Row"), event(2)]

    first = caller.post_json(URL, {"events": events})
    again = caller.post_json(URL, {"events": events})

    assert first.status_code == 201, first.content
    assert first.json()["problems"] == []
    assert dict(
        AgencyPerson.objects.filter(agency=police).values_list("source_person_id", "address")
    ) == {"P000001": "Flat 2, 12 Testing Row", "P000002": ""}
    assert again.json()["counts"]["unchanged"] == 2
    assert "Testing Row" not in first.content.decode()  # no child data comes back


def test_a_bad_address_is_reported_by_position_and_the_other_events_kept(caller, police):
    events = [event(1), event(2, address="12 Testing\x07Row"), event(3, address="1" * 201)]

    body = caller.post_json(URL, {"events": events}).json()

    assert [(p["position"], p["field"], p["reason"]) for p in body["problems"]] == [
        (2, "address", "has a control character, which an address cannot contain"),
        (3, "address", "is longer than 200 characters"),
    ]
    assert body["counts"]["created"] == 1
    assert list(AgencyPerson.objects.filter(agency=police).values_list("address", flat=True)) == [
        ""
    ]


def test_the_openapi_document_describes_the_address(caller):
    document = caller.get("/api/v1/openapi.json").json()
    field = document["components"]["schemas"]["EventIn"]["properties"]["address"]
    assert field["maxLength"] == 200
    assert "home address" in field["description"]
    assert EXAMPLE_EVENT["address"] == "12 Testing Row, Flat 2"
