"""What the API accepts and returns, documented field by field for the OpenAPI schema.

Event fields are typed loosely (text or null) on purpose: the importer checks each record and
reports a bad one with its position, so one wrong date does not refuse the other 4,999. Only a
body that is not the right shape at all (not an object, an unknown field, an object where text
belongs) is refused as a whole. Every example value here is made up.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, field_validator
from pydantic_core import PydanticCustomError

from seemehearme.feeds import schema as feeds_schema

MAX_EVENTS = 5_000


def _numbers_as_text(value: Any) -> Any:
    """Accept 9990000018 for "9990000018": systems often send numeric ids as numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str | None, BeforeValidator(_numbers_as_text)]


def _column(name: str) -> Any:
    """A field documented from the import format's column of that name (feeds.schema)."""
    column = feeds_schema.BY_NAME[name]
    shape = feeds_schema.DATE_FORMATS if column.format == "Date" else column.format
    required = "Required. " if column.required else ""
    return Field(
        default=None,
        description=f"{required}{column.notes} Format: {shape}.",
        examples=[column.example or None],
        json_schema_extra={"maxLength": column.max_length},
    )


_FLAT_LINKED = {key: name for name, key in feeds_schema.LINKED_PERSON_FIELDS.items()}


class Strict(BaseModel):
    """A request body. Plain Pydantic rather than Ninja's Schema, whose hook for reading Django
    models makes validating 5,000 events several times slower."""

    model_config = ConfigDict(extra="forbid")


class LinkedPersonIn(Strict):
    """Someone else involved in the event, such as an adult the child was found with."""

    role: Text = _column(_FLAT_LINKED["role"])
    person_id: Text = _column(_FLAT_LINKED["person_id"])
    given_name: Text = _column(_FLAT_LINKED["given_name"])
    family_name: Text = _column(_FLAT_LINKED["family_name"])
    date_of_birth: Text = _column(_FLAT_LINKED["date_of_birth"])


class EventIn(Strict):
    """One event your agency recorded about a child: the fields of a row of an import file,
    with any number of linked people instead of the file's one."""

    record_id: Text = _column("record_id")
    event_type: Text = _column("event_type")
    occurred_on: Text = _column("occurred_on")
    person_id: Text = _column("person_id")
    given_name: Text = _column("given_name")
    family_name: Text = _column("family_name")
    date_of_birth: Text = _column("date_of_birth")
    gender: Text = _column("gender")
    ethnicity: Text = _column("ethnicity")
    address: Text = _column("address")
    postcode: Text = _column("postcode")
    school: Text = _column("school")
    nhs_number: Text = _column("nhs_number")
    upn: Text = _column("upn")
    category: Text = _column("category")
    location: Text = _column("location")
    location_postcode: Text = _column("location_postcode")
    detail: Text = _column("detail")
    linked_people: list[LinkedPersonIn] | None = Field(
        default=None,
        description="Other people involved, such as an adult the child was found with. "
        "Each needs an id or a name.",
    )

    def as_record(self) -> dict[str, Any]:
        """The event as the importer reads an API record."""
        record = self.model_dump(exclude={"linked_people"})
        record["linked_people"] = [person.model_dump() for person in self.linked_people or []]
        return record


EXAMPLE_EVENT: dict[str, JsonValue] = {
    **{
        name: feeds_schema.BY_NAME[name].example or None
        for name in EventIn.model_fields
        if name != "linked_people"
    },
    "linked_people": [
        {
            key: feeds_schema.BY_NAME[_FLAT_LINKED[key]].example
            for key in LinkedPersonIn.model_fields
        }
    ],
}


class EventsIn(Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"events": [EXAMPLE_EVENT]}]}
    )

    events: list[EventIn] = Field(
        min_length=1,
        max_length=MAX_EVENTS,
        description=f"From 1 to {MAX_EVENTS:,} events. Send more in further requests.",
    )

    @field_validator("events", mode="before")
    @classmethod
    def _not_too_many(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_EVENTS:
            raise PydanticCustomError(
                "too_many_events",
                "Send at most {limit} events in one request; this one had {count}. Split them "
                "across several requests.",
                {"limit": f"{MAX_EVENTS:,}", "count": f"{len(value):,}"},
            )
        return value


class CountsOut(Schema):
    read: int = Field(description="Events in the request.")
    created: int = Field(description="New events kept.")
    updated: int = Field(description="Events sent before whose content has changed.")
    unchanged: int = Field(description="Events sent before exactly as they are now.")
    rejected: int = Field(description="Events not kept: see problems.")


class ProblemOut(Schema):
    position: int = Field(description="The event's place in the request; the first is 1.")
    field: str = Field(description="The field at fault, or empty if it is the whole event.")
    reason: str = Field(description="What is wrong, in plain words (never the value sent).")


class ImportOut(Schema):
    batch_id: int = Field(description="The import's id, for GET /api/v1/imports/{batch_id}.")
    status: str = Field(description="running, completed or failed (nothing kept).")
    channel: str = Field(description="How it arrived: api, upload or command.")
    started_at: dt.datetime
    finished_at: dt.datetime | None
    counts: CountsOut
    problems: list[ProblemOut]
    error: str = Field(description="Why the import failed, if it did.")


class CategoryOut(Schema):
    code: str = Field(examples=["police-incidents"])
    name: str = Field(examples=["Police incidents"])


class EventTypeOut(Schema):
    code: str = Field(description="Send this as event_type.", examples=["missing-episode"])
    name: str = Field(examples=["Missing episode"])
    description: str
    default_category: CategoryOut = Field(
        description="The information category its events are in unless the event says."
    )


class AgencyOut(Schema):
    id: int
    name: str = Field(examples=["Northbridge Police"])
    kind: str = Field(examples=["police"])
    area: str = Field(description="The safeguarding partnership.")


class SystemOut(Schema):
    name: str = Field(description="The agency system this token belongs to.")
    token_prefix: str = Field(description="The token's first characters.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    agency: AgencyOut


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    type: str = Field(examples=["missing"])
    loc: list[str | int] = Field(examples=[["body", "payload", "events"]])
    msg: str = Field(examples=["Field required"])


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]
