"""The import format: one row is one event about one person.

The columns are defined once, here. The validator, the CSV template, the upload page and
``docs/feeds.md`` all follow this list. Every example is made up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of the file (and one field of an API record)."""

    name: str
    required: bool
    max_length: int
    format: str
    example: str
    notes: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "record_id", True, 100, "Text", "MIS-2026-000123",
        "Your system's own id for the event. Sending the same id again updates the event or "
        "leaves it unchanged; it never adds a second copy. Each id once per file.",
    ),
    Column(
        "event_type", True, 50, "An event type code", "missing-episode",
        "What kind of event this is: one of the codes listed below.",
    ),
    Column(
        "occurred_on", True, 20, "Date", "2026-10-01",
        "The day it happened. Not in the future.",
    ),
    Column(
        "person_id", True, 100, "Text", "P000123",
        "Your system's own id for the child. The same child must always have the same id.",
    ),
    Column("given_name", True, 100, "Text", "Robin", "The child's first name."),
    Column("family_name", True, 100, "Text", "Testperson", "The child's last name."),
    Column(
        "date_of_birth", False, 20, "Date", "2011-05-17",
        "Strongly recommended: matching to other agencies' records is much weaker without it. "
        "Not in the future and not after the event.",
    ),
    Column(
        "gender", False, 20, "female, male, non_binary, other or not_known", "female",
        "F, M, Female and Male are accepted too. Left blank: not known.",
    ),
    Column(
        "ethnicity", False, 20, "white, mixed, asian, black, other or not_known", "white",
        "The 2021 census high-level group.",
    ),
    Column(
        "address", False, 200, "Text", "12 Testing Row, Flat 2",
        "The first line or lines of the child's home address, as your system holds it, without "
        "the town or postcode. Spaces are tidied; line breaks become commas.",
    ),
    Column(
        "postcode", False, 16, "UK postcode", "ZZ1 1AA",
        "The child's home postcode; spaces and capitals do not matter.",
    ),
    Column(
        "school", False, 200, "Text", "Northbridge Academy",
        "The school the child attends, as your system names it.",
    ),
    Column(
        "nhs_number", False, 20, "10 digits", "9990000018",
        "Spaces are allowed. A wrong check digit is kept but not used for matching.",
    ),
    Column(
        "upn", False, 13, "A letter then 12 digits", "A123456789012",
        "The child's unique pupil number.",
    ),
    Column(
        "category", False, 50, "An information category code", "",
        "Only when this event is not in its type's usual category. It decides who may see the "
        "event.",
    ),
    Column("location", False, 200, "Text", "Bus station, High Street", "Where it happened."),
    Column(
        "location_postcode", False, 16, "UK postcode", "ZZ1 2BB",
        "The postcode of where it happened.",
    ),
    Column(
        "detail", False, 4000, "Text", "Found by patrol at 23:40 and taken home.",
        "What happened, briefly and factually. Staff allowed to see the category read it.",
    ),
    Column(
        "linked_person_role", False, 100, "Text", "adult of concern",
        "Someone else involved, such as an adult the child was found with: how they were "
        "involved.",
    ),
    Column(
        "linked_person_id", False, 100, "Text", "P900017",
        "Your system's own id for the linked person.",
    ),
    Column(
        "linked_person_given_name", False, 100, "Text", "Sam",
        "The linked person's first name.",
    ),
    Column(
        "linked_person_family_name", False, 100, "Text", "Exampleton",
        "The linked person's last name.",
    ),
    Column(
        "linked_person_date_of_birth", False, 20, "Date", "1994-02-03",
        "The linked person's date of birth: their age on the day is worked out from it.",
    ),
)  # fmt: skip

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}

# The flat linked-person columns, and the key each has in a ``linked_people`` entry.
LINKED_PERSON_FIELDS: dict[str, str] = {
    "linked_person_role": "role",
    "linked_person_id": "person_id",
    "linked_person_given_name": "given_name",
    "linked_person_family_name": "family_name",
    "linked_person_date_of_birth": "date_of_birth",
}
LINKED_PERSON_KEYS: tuple[str, ...] = tuple(LINKED_PERSON_FIELDS.values())

# What people write for gender, and the code it means (compared in lower case).
GENDER_WORDS: dict[str, str] = {
    "female": "female",
    "f": "female",
    "girl": "female",
    "male": "male",
    "m": "male",
    "boy": "male",
    "non_binary": "non_binary",
    "non-binary": "non_binary",
    "non binary": "non_binary",
    "nonbinary": "non_binary",
    "other": "other",
    "not_known": "not_known",
    "not known": "not_known",
    "unknown": "not_known",
}

DATE_FORMATS = "YYYY-MM-DD or DD/MM/YYYY"
