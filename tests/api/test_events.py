"""Sending events: good ones are kept, bad ones reported by position, repeats never duplicate,
and a body of the wrong shape is refused as a whole. Every person here is made up."""

from __future__ import annotations

import json

import pytest

from seemehearme.api import v1
from seemehearme.feeds import bulk
from seemehearme.feeds.models import AgencyEvent, EventType, ImportBatch, ImportChannel
from tests.api.conftest import caller_for
from tests.factories import AgencyFactory
from tests.feeds.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events"


def event(number: int = 1, **overrides: object) -> dict[str, object]:
    """A valid event about a made-up child; override any field."""
    return {
        "record_id": f"MIS-2026-{number:06d}",
        "event_type": "missing-episode",
        "occurred_on": "2026-01-15",
        "person_id": f"P{number:06d}",
        "given_name": "Robin",
        "family_name": "Testperson",
        "date_of_birth": "2011-05-17",
        "gender": "female",
        "postcode": "ZZ1 1AA",
        "detail": "Reported missing overnight; found at the bus station.",
        **overrides,
    }


@pytest.fixture(autouse=True)
def pipeline_calls(monkeypatch) -> list:
    """Linking and early warning are tested in their own apps; here, that they are started."""
    calls: list = []
    monkeypatch.setattr(v1, "after_import", calls.append)
    return calls


def test_good_events_are_kept_and_counted(caller, police, pipeline_calls):
    response = caller.post_json(URL, {"events": [event(1), event(2, event_type="self-harm")]})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["counts"] == {"read": 2, "created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert body["problems"] == []
    assert body["status"] == "completed"
    assert body["channel"] == "api"
    batch = ImportBatch.objects.get(pk=body["batch_id"])
    assert (batch.agency, batch.system, batch.channel) == (police, caller.system, ImportChannel.API)
    assert response["Location"] == f"/api/v1/imports/{batch.pk}"
    assert AgencyEvent.objects.filter(agency=police, batch=batch).count() == 2
    assert [result.batch for result in pipeline_calls] == [batch]


def test_no_child_data_comes_back(caller):
    response = caller.post_json(URL, {"events": [event(1), event(2, occurred_on="31/02/2026")]})

    text = response.content.decode()
    for value in ("Robin", "Testperson", "2011-05-17", "ZZ1 1AA", "31/02/2026", "P000001"):
        assert value not in text


def test_bad_events_are_reported_by_position_and_the_good_ones_kept(caller, police):
    events = [
        event(1),
        event(2, occurred_on="2026-02-30"),
        event(3, event_type="no-such-type"),
        event(4, record_id=None),
        event(5, linked_people=[{"role": "adult of concern", "date_of_birth": "yesterday"}]),
        event(6, nhs_number=9990000018),  # a number where text was expected is fine
    ]

    response = caller.post_json(URL, {"events": events})

    assert response.status_code == 201
    body = response.json()
    assert body["counts"]["read"] == 6
    assert body["counts"]["created"] == 2
    assert body["counts"]["rejected"] == 4
    fields = {(problem["position"], problem["field"]) for problem in body["problems"]}
    assert {(2, "occurred_on"), (3, "event_type"), (4, "record_id")} <= fields
    assert any(position == 5 and field.startswith("linked_people") for position, field in fields)
    assert {position for position, _ in fields} == {2, 3, 4, 5}
    assert all(problem["reason"] for problem in body["problems"])
    assert set(AgencyEvent.objects.filter(agency=police).values_list("source_id", flat=True)) == {
        "MIS-2026-000001",
        "MIS-2026-000006",
    }


def test_sending_the_same_events_again_never_duplicates_them(caller, police):
    events = [event(1), event(2)]

    first = caller.post_json(URL, {"events": events}).json()
    again = caller.post_json(URL, {"events": events}).json()
    events[1] = event(2, detail="Returned home by a carer the next morning.")
    changed = caller.post_json(URL, {"events": events}).json()

    assert first["counts"] == {"read": 2, "created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert again["counts"] == {"read": 2, "created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert changed["counts"] == {
        "read": 2,
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "rejected": 0,
    }
    assert AgencyEvent.objects.filter(agency=police).count() == 2
    updated = AgencyEvent.objects.get(agency=police, source_id="MIS-2026-000002")
    assert updated.detail == "Returned home by a carer the next morning."


def test_an_import_that_fails_part_way_keeps_nothing_and_says_so(
    caller, monkeypatch, pipeline_calls
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bulk, "upsert_events", broken)

    response = caller.post_json(URL, {"events": [event(1), event(2)]})

    assert response.status_code == 500
    body = response.json()
    assert body["status"] == "failed"
    assert "nothing from it was kept" in body["error"]
    assert not AgencyEvent.objects.exists()
    assert pipeline_calls == []


def test_events_are_kept_if_matching_fails_afterwards_and_the_failure_is_logged(
    caller, monkeypatch, caplog
):
    def broken(result):
        name = result.batch.events.get().person.given_name
        raise RuntimeError(f"matching went wrong for {name}")

    monkeypatch.setattr(v1, "after_import", broken)

    response = caller.post_json(URL, {"events": [event(1)]})

    assert response.status_code == 201
    assert response.json()["counts"]["created"] == 1
    assert AgencyEvent.objects.count() == 1
    (record,) = [r for r in caplog.records if r.name == "seemehearme.api.v1"]
    assert record.levelname == "ERROR"
    assert f"after import {response.json()['batch_id']} with RuntimeError" in record.getMessage()
    assert "Robin" not in record.getMessage()


def test_another_agency_may_use_the_same_record_ids(caller, police):
    other = caller_for(AgencyFactory(area=police.area), name="School system")

    caller.post_json(URL, {"events": [event(1)]})
    response = other.post_json(URL, {"events": [event(1)]})

    assert response.json()["counts"]["created"] == 1
    assert AgencyEvent.objects.filter(source_id="MIS-2026-000001").count() == 2


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"events": [',
        b"\xff\xfe{}",
    ],
    ids=["broken", "cut-short", "not-utf8"],
)
def test_a_body_that_is_not_json_is_refused_as_a_whole(caller, body):
    response = caller.client.post(
        URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {caller.token}"
    )

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == "json_invalid"
    assert error["loc"] == ["body"]
    assert error["msg"].startswith("The body is not valid JSON")
    assert not ImportBatch.objects.exists()


BODY = ["body", "payload"]
FIRST = [*BODY, "events", 0]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({}, [*BODY, "events"]),
        ([event(1)], BODY),
        ({"events": "all of them"}, [*BODY, "events"]),
        ({"events": []}, [*BODY, "events"]),
        ({"events": [event(1), "an event"]}, [*BODY, "events", 1]),
        ({"events": [event(1, record_id={"id": 1})]}, [*FIRST, "record_id"]),
        ({"events": [event(1, occured_on="2026-01-15")]}, [*FIRST, "occured_on"]),
        ({"events": [event(1)], "dry_run": True}, [*BODY, "dry_run"]),
        ({"events": [event(1, linked_people="Sam")]}, [*FIRST, "linked_people"]),
    ],
    ids=[
        "no-events", "a-list", "events-not-a-list", "no-events-in-list", "event-not-an-object",
        "object-for-text", "misspelt-field", "unknown-field", "linked-people-not-a-list",
    ],
)  # fmt: skip
def test_a_body_of_the_wrong_shape_is_refused_with_where(caller, body, where):
    response = caller.post_json(URL, body)

    assert response.status_code == 422
    locations = [error["loc"] for error in response.json()["detail"]]
    assert any(location[: len(where)] == where for location in locations), locations
    assert not ImportBatch.objects.exists()


def test_more_than_5000_events_are_refused_with_a_clear_message(caller):
    response = caller.post_json(URL, {"events": [{}] * 5_001})

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "events"]
    assert error["msg"] == (
        "Send at most 5,000 events in one request; this one had 5,001. Split them across "
        "several requests."
    )
    assert not ImportBatch.objects.exists()


def test_a_body_over_the_size_limit_is_refused(caller, monkeypatch):
    monkeypatch.setattr(v1, "MAX_BODY_BYTES", 2_000)
    body = {"events": [event(n) for n in range(1, 11)]}
    assert len(json.dumps(body)) > 2_000

    response = caller.post_json(URL, body)

    assert response.status_code == 413
    assert "send fewer events" in response.json()["detail"]
    assert not ImportBatch.objects.exists()


def test_a_body_over_djangos_own_limit_is_accepted(caller, settings, pipeline_calls):
    """Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE; 5,000 events can be larger."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    body = {"events": [event(1), event(2)]}
    assert len(json.dumps(body)) > 500

    response = caller.post_json(URL, body)

    assert response.status_code == 201
    assert response.json()["counts"]["created"] == 2


# --- Checking an import ------------------------------------------------------------------------


def test_a_system_can_check_its_agencys_imports(caller, police):
    sent = caller.post_json(URL, {"events": [event(1), event(2, occurred_on="soon")]}).json()
    uploaded = ImportBatchFactory(agency=police, rows_read=7, rows_created=7)

    response = caller.get(f"/api/v1/imports/{sent['batch_id']}")
    by_upload = caller.get(f"/api/v1/imports/{uploaded.pk}")

    assert response.status_code == 200
    assert response.json()["counts"] == sent["counts"]
    assert response.json()["problems"] == sent["problems"]
    assert by_upload.status_code == 200
    assert by_upload.json()["counts"]["created"] == 7
    assert by_upload.json()["channel"] == "upload"


def test_another_agencys_import_is_not_found(caller, police):
    theirs = ImportBatchFactory(agency=AgencyFactory(area=police.area))

    response = caller.get(f"/api/v1/imports/{theirs.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert caller.get("/api/v1/imports/999999").status_code == 404


# --- Reference data ----------------------------------------------------------------------------


def test_event_types_list_the_codes_in_use(caller):
    EventType.objects.filter(code="arrest").update(is_active=False)

    response = caller.get("/api/v1/event-types")

    assert response.status_code == 200
    types = {item["code"]: item for item in response.json()}
    assert "arrest" not in types
    assert types["missing-episode"]["name"] == "Missing episode"
    assert types["missing-episode"]["default_category"]["code"] == "police-incidents"
    assert len(types) == EventType.objects.filter(is_active=True).count()


# --- Values that cannot be stored as text (issue 8, item 14) -----------------------------------


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("Zephy\x00rine", "has a NUL character (a zero byte), which cannot be stored"),
        ("Zephy\ud800rine", "has a lone surrogate (\\ud800 to \\udfff), which is not text"),
    ],
    ids=["NUL", "lone surrogate"],
)
@pytest.mark.parametrize("field", ["detail", "given_name", "linked_people[1].given_name"])
def test_a_nul_or_lone_surrogate_rejects_only_its_event(caller, police, bad, reason, field):
    if field.startswith("linked_people"):
        bad_event = event(2, linked_people=[{"role": "adult of concern", "given_name": bad}])
    else:
        bad_event = event(2, **{field: bad})
    # json.dumps writes both as escapes (\u0000, \ud800), as a sender's JSON library would.
    body = json.dumps({"events": [event(1), bad_event, event(3)]})

    for _ in range(2):  # sending the same request again gives the same answer
        response = caller.post_json(URL, body)

        assert response.status_code == 201
        answer = response.json()
        assert answer["problems"] == [{"position": 2, "field": field, "reason": reason}]
        assert answer["counts"]["rejected"] == 1
        assert "Zephy" not in response.content.decode()
    assert answer["counts"] == {
        "read": 3,
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 1,
    }
    assert set(AgencyEvent.objects.filter(agency=police).values_list("source_id", flat=True)) == {
        "MIS-2026-000001",
        "MIS-2026-000003",
    }


# --- Every answer matches the schema (issue 8, item 17) ----------------------------------------


def test_a_linked_persons_date_of_birth_longer_than_the_schema_allows_is_rejected(caller):
    padded = " " * 30 + "1994-02-03"
    linked = [{"role": "adult of concern", "person_id": "P9", "date_of_birth": padded}]

    response = caller.post_json(URL, {"events": [event(1, linked_people=linked), event(2)]})

    assert response.status_code == 201
    assert response.json()["problems"] == [
        {
            "position": 1,
            "field": "linked_people[1].date_of_birth",
            "reason": "is longer than 20 characters",
        }
    ]


def test_a_field_name_that_is_not_part_of_the_format_comes_back_shortened(caller):
    response = caller.post_json(URL, {"events": [event(1, **{"x" * 5_000: "1"})]})

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["type"] == "extra_forbidden"
    assert len(error["loc"][-1]) <= 100
    assert len(response.content) < 1_000
