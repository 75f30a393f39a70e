"""Checking files and rows: the header, every rule for a value, and what is stored from a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.feeds.models import AgencyEvent, EventType, ImportBatch, ImportProblem
from seemehearme.identity.models import AgencyPerson
from seemehearme.people.identifiers import nhs_number_is_valid
from tests.feeds.factories import GOOD_ROW, csv_text, event_row

pytestmark = pytest.mark.django_db


def nothing_kept() -> bool:
    return not (
        AgencyEvent.objects.exists()
        or AgencyPerson.objects.exists()
        or ImportProblem.objects.exists()
    )


# --- The header --------------------------------------------------------------------------------


def test_a_file_missing_required_columns_is_refused_naming_them(run_import):
    columns = [c for c in GOOD_ROW if c not in {"occurred_on", "family_name"}]
    result = run_import(csv_text([event_row()], columns=columns))
    batch = result.batch
    assert batch.status == "failed"
    assert "missing required columns: occurred_on, family_name" in batch.error
    assert batch.finished_at is not None
    assert nothing_kept()


def test_a_file_with_unknown_columns_is_refused_naming_them(run_import):
    text = csv_text([event_row()], columns=[*GOOD_ROW, "Favourite_Colour"])
    batch = run_import(text).batch
    assert batch.status == "failed"
    assert "not part of the format: favourite_colour" in batch.error
    assert nothing_kept()


def test_a_column_named_twice_is_refused(run_import):
    batch = run_import(csv_text([event_row()], columns=[*GOOD_ROW, "detail"])).batch
    assert batch.status == "failed"
    assert "more than once: detail" in batch.error


def test_header_names_ignore_case_and_surrounding_spaces(run_import):
    header = ",".join(f"  {name.upper()} " for name in GOOD_ROW)
    body = csv_text([event_row()]).split("\r\n", 1)[1]
    batch = run_import(f"{header}\r\n{body}").batch
    assert batch.status == "completed"
    assert batch.rows_created == 1


def test_only_the_required_columns_are_needed(run_import):
    required = ["record_id", "event_type", "occurred_on", "person_id", "given_name", "family_name"]
    batch = run_import(csv_text([event_row()], columns=required)).batch
    assert (batch.status, batch.rows_created) == ("completed", 1)
    person = AgencyPerson.objects.get()
    assert person.date_of_birth is None
    assert person.gender == "not_known"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "events.csv", "The file is empty"),
        (b"record_id\n", "events.xls", "old Excel (.xls)"),
        (b"record_id\n", "events.pdf", "must be a CSV file (.csv) or an Excel workbook"),
        (b"not a zip", "events.xlsx", "could not be opened as an Excel workbook"),
        ("record_id\n".encode("utf-16"), "events.csv", "saved as UTF-16"),
        (b"record_id;event_type;occurred_on\n", "events.csv", "not separated by commas"),
    ],
)
def test_files_that_cannot_be_read_are_refused_in_plain_words(run_import, data, filename, message):
    batch = run_import(data, filename=filename).batch
    assert batch.status == "failed"
    assert message in batch.error


# --- Row by row --------------------------------------------------------------------------------


def only_problem(result):
    assert result.batch.status == "completed", result.batch.error
    assert result.batch.rows_rejected == 1
    assert result.batch.rows_created == 0
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert problem.line == 2
    return problem.column, problem.reason


TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

NOT_A_DATE = "is not a date: use YYYY-MM-DD or DD/MM/YYYY"
GENDER = "is not one of female, male, non_binary, other or not_known"
ETHNICITY = "is not one of white, mixed, asian, black, other, not_known"
LINKED_DOB = "linked_person_date_of_birth"

RULES = [
    ({"record_id": ""}, "record_id", "is required"),
    ({"event_type": ""}, "event_type", "is required"),
    ({"occurred_on": ""}, "occurred_on", "is required"),
    ({"person_id": ""}, "person_id", "is required"),
    ({"given_name": "  "}, "given_name", "is required"),
    ({"family_name": ""}, "family_name", "is required"),
    ({"event_type": "went-missing"}, "event_type", "is not a known event type code"),
    ({"category": "gossip"}, "category", "is not a known information category code"),
    ({"occurred_on": "1st October"}, "occurred_on", NOT_A_DATE),
    ({"occurred_on": "2026-02-30"}, "occurred_on", "is not a real date"),
    ({"occurred_on": "31/04/2026"}, "occurred_on", "is not a real date"),
    ({"occurred_on": "20261001"}, "occurred_on", NOT_A_DATE),
    ({"occurred_on": "1899-12-31"}, "occurred_on", "is before 1900"),
    ({"occurred_on": TOMORROW}, "occurred_on", "is in the future"),
    ({"date_of_birth": TOMORROW}, "date_of_birth", "is in the future"),
    ({"date_of_birth": "2026-10-02"}, "date_of_birth", "is after the event"),
    ({"date_of_birth": "17.05.2011"}, "date_of_birth", NOT_A_DATE),
    ({"gender": "girlish"}, "gender", GENDER),
    ({"ethnicity": "martian"}, "ethnicity", ETHNICITY),
    ({"postcode": "NOT A CODE"}, "postcode", "is not a UK postcode"),
    ({"location_postcode": "12345"}, "location_postcode", "is not a UK postcode"),
    ({"nhs_number": "99900000"}, "nhs_number", "must be 10 digits"),
    ({"upn": "1234567890123"}, "upn", "must be a letter followed by 12 digits"),
    ({"upn": "A12345678901"}, "upn", "must be a letter followed by 12 digits"),
    ({"record_id": "R" * 101}, "record_id", "is longer than 100 characters"),
    ({"given_name": "N" * 101}, "given_name", "is longer than 100 characters"),
    ({"detail": "D" * 4001}, "detail", "is longer than 4000 characters"),
    ({"linked_person_role": "adult"}, "linked_person_id", "a linked person needs an id or a name"),
    ({"linked_person_id": "A1", LINKED_DOB: "2026-13-01"}, LINKED_DOB, "is not a real date"),
    ({"linked_person_id": "A1", LINKED_DOB: "2026-10-05"}, LINKED_DOB, "is after the event"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "column", "reason"), RULES)
def test_each_rule_rejects_the_row_naming_the_column(run_import, changes, column, reason):
    result = run_import(csv_text([event_row(**changes)]))
    assert only_problem(result) == (column, reason)
    stored = ImportProblem.objects.get(batch=result.batch)
    assert (stored.line, stored.column, stored.reason) == (2, column, reason)
    assert not AgencyEvent.objects.exists()


def test_a_reason_never_contains_the_value(run_import):
    bad = {
        "occurred_on": "2026-02-30",
        "date_of_birth": "Tuesday",
        "gender": "Zorblax",
        "postcode": "QQQ QQQ",
        "nhs_number": "99900000",
        "upn": "Z99",
        "event_type": "secret-code",
    }
    result = run_import(csv_text([event_row(**bad)]))
    assert result.batch.rows_rejected == 1
    assert {p.column for p in result.problems} == set(bad)
    for problem in result.problems:
        for value in bad.values():
            assert value not in problem.reason


def test_an_event_type_no_longer_in_use_says_so(run_import):
    EventType.objects.filter(code="arrest").update(is_active=False)
    result = run_import(csv_text([event_row(event_type="arrest")]))
    assert only_problem(result) == ("event_type", "is an event type that is no longer in use")


def test_bad_rows_are_skipped_and_good_rows_kept(run_import):
    rows = [
        event_row(record_id="A"),
        event_row(record_id="B", occurred_on="yesterday"),
        event_row(record_id="C", person_id="P2"),
    ]
    result = run_import(csv_text(rows))
    batch = result.batch
    assert (batch.rows_read, batch.rows_created, batch.rows_rejected) == (3, 2, 1)
    assert [(p.line, p.column) for p in result.problems] == [(3, "occurred_on")]
    assert set(AgencyEvent.objects.values_list("source_id", flat=True)) == {"A", "C"}


def test_an_nhs_number_with_a_wrong_check_digit_is_kept_not_rejected(run_import):
    result = run_import(csv_text([event_row(record_id="A", nhs_number="999 000 0017")]))
    assert (result.batch.rows_created, result.batch.rows_rejected) == (1, 0)
    assert AgencyEvent.objects.get(source_id="A").person.nhs_number == "9990000017"


def test_every_problem_of_a_row_is_reported_in_column_order(run_import):
    result = run_import(csv_text([event_row(gender="?", occurred_on="", record_id="")]))
    assert [p.column for p in result.problems] == ["record_id", "occurred_on", "gender"]
    assert result.batch.rows_rejected == 1


def test_a_line_with_more_values_than_the_header_is_rejected(run_import):
    text = (
        csv_text([event_row(record_id="A")]) + "B,missing-episode,2026-10-01,P1,Al,Ex" + ",x" * 20
    )
    result = run_import(text)
    assert result.batch.rows_created == 1
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (3, "", "has 26 values but the header has 22 columns")
    ]


def test_blank_lines_and_empty_rows_are_skipped_without_counting(run_import):
    text = csv_text([event_row(record_id="A")]) + "\r\n" + "," * 21 + "\r\n"
    text += csv_text([event_row(record_id="B")]).split("\r\n", 1)[1]
    result = run_import(text)
    assert (result.batch.rows_read, result.batch.rows_created) == (2, 2)
    assert result.problems == []


def test_a_quoted_value_over_several_lines_is_reported_by_its_first_line(run_import):
    rows = [
        event_row(record_id="A", detail="First line\nsecond line\nthird line"),
        event_row(record_id="B", gender="?"),
    ]
    result = run_import(csv_text(rows))
    assert [(p.line, p.column) for p in result.problems] == [(5, "gender")]
    assert AgencyEvent.objects.get().detail == "First line\nsecond line\nthird line"


# --- What is stored from a good row ------------------------------------------------------------


def test_values_are_normalised_and_ages_worked_out(run_import):
    row = event_row(
        occurred_on="01/10/2026",
        date_of_birth="17/05/2011",
        gender="F",
        ethnicity="White",
        postcode="zz11aa",
        nhs_number="999-000-0018",
        upn="a123456789012",
        linked_person_role="adult of concern",
        linked_person_id="A77",
        linked_person_given_name="Sam",
        linked_person_family_name="Exampleton",
        linked_person_date_of_birth="1994-10-02",
    )
    result = run_import(csv_text([row]))
    assert result.problems == []
    event = AgencyEvent.objects.select_related("person", "event_type", "category").get()
    assert event.occurred_on == dt.date(2026, 10, 1)
    assert event.age_at_event == 15
    assert event.oldest_linked_age == 31  # the day before their 32nd birthday
    assert event.linked_people == [
        {
            "role": "adult of concern",
            "person_id": "A77",
            "given_name": "Sam",
            "family_name": "Exampleton",
            "date_of_birth": "1994-10-02",
            "age_at_event": 31,
        }
    ]
    assert event.event_type.code == "missing-episode"
    assert event.category.code == "police-incidents"  # the type's default
    assert event.postcode == "ZZ1 2BB"
    assert event.location == "Bus station"
    person = event.person
    assert (person.source_person_id, person.given_name, person.family_name) == (
        "P000123",
        "Robin",
        "Testperson",
    )
    assert person.date_of_birth == dt.date(2011, 5, 17)
    assert (person.gender, person.ethnicity, person.postcode) == ("female", "white", "ZZ1 1AA")
    assert (person.nhs_number, person.upn) == ("9990000018", "A123456789012")
    assert person.school == "Northbridge Academy"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("M", "male"),
        ("male", "male"),
        ("Female", "female"),
        ("non-binary", "non_binary"),
        ("Other", "other"),
        ("not known", "not_known"),
        ("", "not_known"),
    ],
)
def test_gender_words(run_import, written, stored):
    run_import(csv_text([event_row(gender=written)]))
    assert AgencyPerson.objects.get().gender == stored


def test_a_row_may_put_an_event_in_another_category(run_import):
    run_import(csv_text([event_row(category="police-intelligence")]))
    assert AgencyEvent.objects.get().category.code == "police-intelligence"


def test_the_oldest_linked_person_with_a_known_date_of_birth_counts(agency):
    from seemehearme.feeds.importer import import_records

    record = event_row(occurred_on="2026-10-01")
    record["linked_people"] = [
        {"role": "associate", "person_id": "A1", "given_name": "", "family_name": "",
         "date_of_birth": "2009-01-01"},
        {"role": "adult of concern", "given_name": "Sam", "date_of_birth": "1990-06-30"},
        {"role": "driver", "person_id": "A3", "date_of_birth": None},
    ]  # fmt: skip
    result = import_records(agency=agency, records=[(1, record)], channel="api")
    assert result.problems == []
    event = AgencyEvent.objects.get()
    assert event.oldest_linked_age == 36
    assert [p["age_at_event"] for p in event.linked_people] == [17, 36, None]


def test_no_linked_person_means_no_oldest_age(run_import):
    run_import(csv_text([event_row()]))
    event = AgencyEvent.objects.get()
    assert event.linked_people == []
    assert event.oldest_linked_age is None


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9990000018", True), ("9434765919", True), ("9434765918", False), ("0000000000", True)],
)
def test_nhs_number_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid


def test_a_row_of_a_failed_import_is_not_counted_as_imported(run_import):
    batch = run_import(csv_text([event_row()], columns=["record_id"])).batch
    assert batch.rows_read == batch.rows_created == 0
    assert ImportBatch.objects.get() == batch
