"""The OpenAPI document describes every endpoint, field and the bearer token, behind the token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from seemehearme.api.schemas import EventIn, LinkedPersonIn
from seemehearme.feeds import schema as feeds_schema

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_the_api(caller):
    response = caller.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "See Me, Hear Me agency API"
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/v1/events",
        "/api/v1/imports/{batch_id}",
        "/api/v1/event-types",
        "/api/v1/me",
    }
    scheme = schema["components"]["securitySchemes"]["AgencySystemToken"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    for path in schema["paths"].values():
        for operation in path.values():
            assert operation["security"] == [{"AgencySystemToken": []}]
            assert "401" in operation["responses"]


def test_every_event_field_is_documented_with_an_example(caller):
    schema = caller.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    event = components["EventIn"]["properties"]

    expected = {
        "record_id", "event_type", "occurred_on", "person_id", "given_name", "family_name",
        "date_of_birth", "gender", "ethnicity", "address", "postcode", "school", "nhs_number",
        "upn", "category", "location", "location_postcode", "detail", "linked_people",
    }  # fmt: skip
    assert set(event) == expected
    for name, field in event.items():
        assert field["description"], name
        if name != "linked_people":
            assert "examples" in field, name
    assert set(components["LinkedPersonIn"]["properties"]) == {
        "role", "person_id", "given_name", "family_name", "date_of_birth",
    }  # fmt: skip
    assert components["EventsIn"]["properties"]["events"]["maxItems"] == 5000
    body = schema["paths"]["/api/v1/events"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/EventsIn")


def test_there_is_no_interactive_docs_page(caller):
    """It would load scripts from a CDN, which the CSP and a closed network forbid."""
    assert caller.get("/api/v1/docs").status_code == 404
    # Without a token, any address under /api/ is refused before anything else is said.
    assert Client().get("/api/v1/docs").status_code == 401


def test_an_event_has_every_column_of_the_import_format():
    """The API and import files share one format (feeds.schema); a new column needs a field."""
    columns = set(feeds_schema.COLUMN_NAMES) - set(feeds_schema.LINKED_PERSON_FIELDS)

    assert set(EventIn.model_fields) == columns | {"linked_people"}
    assert set(LinkedPersonIn.model_fields) == set(feeds_schema.LINKED_PERSON_FIELDS.values())
