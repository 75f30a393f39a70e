"""Importing as a whole: repeats, idempotency, persons, encodings, workbooks, large files, the
API's records, and one transaction for everything."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from seemehearme.feeds import bulk, importer
from seemehearme.feeds.importer import import_file, import_records
from seemehearme.feeds.models import AgencyEvent, ImportBatch, ImportProblem
from seemehearme.feeds.synthetic import synthetic_rows, write_csv
from seemehearme.identity.models import AgencyPerson
from tests.factories import AgencyFactory, ChildFactory
from tests.feeds.factories import AgencyPersonFactory, csv_text, event_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def counts(batch: ImportBatch) -> tuple[int, int, int, int, int]:
    return (
        batch.rows_read,
        batch.rows_created,
        batch.rows_updated,
        batch.rows_unchanged,
        batch.rows_rejected,
    )


# --- Repeats within a file ---------------------------------------------------------------------


def test_a_repeated_record_id_keeps_the_first_row_and_reports_the_later(run_import):
    rows = [
        event_row(record_id="A", detail="first"),
        event_row(record_id="B"),
        event_row(record_id="A", detail="second"),
        event_row(record_id="A", detail="third"),
    ]
    result = run_import(csv_text(rows))
    assert counts(result.batch) == (4, 2, 0, 0, 2)
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (4, "record_id", "repeats record_id from line 2"),
        (5, "record_id", "repeats record_id from line 2"),
    ]
    assert AgencyEvent.objects.get(source_id="A").detail == "first"


def test_a_repeat_of_a_rejected_row_is_still_a_repeat(run_import):
    rows = [event_row(record_id="A", gender="?"), event_row(record_id="A")]
    result = run_import(csv_text(rows))
    assert counts(result.batch) == (2, 0, 0, 0, 2)
    assert [(p.line, p.reason) for p in result.problems] == [
        (2, "is not one of female, male, non_binary, other or not_known"),
        (3, "repeats record_id from line 2"),
    ]


def test_the_same_record_id_from_another_agency_is_another_event(run_import):
    run_import(csv_text([event_row(record_id="A")]))
    run_import(csv_text([event_row(record_id="A")]), agency=AgencyFactory())
    assert AgencyEvent.objects.filter(source_id="A").count() == 2
    assert AgencyPerson.objects.count() == 2


# --- Importing again ---------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(run_import):
    text = csv_text([event_row(record_id=f"E{n}", person_id=f"P{n % 3}") for n in range(10)])
    first = run_import(text)
    assert counts(first.batch) == (10, 10, 0, 0, 0)
    assert len(first.person_ids) == 3
    before = list(AgencyEvent.objects.order_by("pk").values_list("pk", "updated_at", "batch_id"))

    again = run_import(text)
    assert counts(again.batch) == (10, 0, 0, 10, 0)
    assert again.person_ids == set()
    assert again.child_ids == set()
    after = list(AgencyEvent.objects.order_by("pk").values_list("pk", "updated_at", "batch_id"))
    assert after == before
    assert AgencyPerson.objects.count() == 3


def test_a_changed_row_updates_its_event(run_import):
    run_import(csv_text([event_row(record_id="A"), event_row(record_id="B")]))
    created = AgencyEvent.objects.get(source_id="B")
    result = run_import(
        csv_text([event_row(record_id="A"), event_row(record_id="B", detail="Now known.")])
    )
    assert counts(result.batch) == (2, 0, 1, 1, 0)
    updated = AgencyEvent.objects.get(source_id="B")
    assert updated.pk == created.pk
    assert updated.detail == "Now known."
    assert updated.batch == result.batch
    assert updated.created_at == created.created_at
    assert updated.updated_at > created.updated_at
    assert AgencyEvent.objects.get(source_id="A").batch_id != result.batch.pk


def test_the_person_takes_the_details_of_the_latest_row(run_import):
    rows = [
        event_row(record_id="A", family_name="Oldname", postcode="ZZ1 1AA"),
        event_row(record_id="B", family_name="Newname", postcode="ZZ9 9ZZ"),
    ]
    first = run_import(csv_text(rows))
    person = AgencyPerson.objects.get()
    assert (person.family_name, person.postcode) == ("Newname", "ZZ9 9ZZ")
    assert first.person_ids == {person.pk}
    assert set(person.events.values_list("source_id", flat=True)) == {"A", "B"}

    # The same file again: the person's final details are the same, so nothing changed.
    assert run_import(csv_text(rows)).person_ids == set()

    changed = run_import(csv_text([event_row(record_id="C", family_name="Newname", school="")]))
    assert changed.person_ids == {person.pk}
    person.refresh_from_db()
    assert person.school == ""
    assert person.family_name == "Newname"


def test_events_get_the_persons_child_and_name_the_children_changed(run_import, agency):
    child = ChildFactory(area=agency.area)
    AgencyPersonFactory(agency=agency, source_person_id="P1", child=child)
    rows = [
        event_row(record_id="A", person_id="P1"),
        event_row(record_id="B", person_id="P2"),
    ]
    result = run_import(csv_text(rows))
    assert AgencyEvent.objects.get(source_id="A").child == child
    assert AgencyEvent.objects.get(source_id="B").child is None
    assert result.child_ids == {child.pk}
    new_person = AgencyPerson.objects.get(source_person_id="P2")
    assert new_person.pk in result.person_ids
    # The existing person's details changed (the factory gave other names), so it is named too.
    assert len(result.person_ids) == 2

    assert run_import(csv_text(rows)).child_ids == set()
    changed = run_import(csv_text([event_row(record_id="A", person_id="P1", detail="More.")]))
    assert changed.child_ids == {child.pk}
    assert changed.person_ids == set()


# --- Encodings and workbooks -------------------------------------------------------------------


APOSTROPHE = "\u2019"  # typed by Word and Excel; in Windows-1252 as 0x92
FAMILY = f"O{APOSTROPHE}Brien-Núñez"
NAMES = {"given_name": "Zoë", "family_name": FAMILY}


def test_utf8_with_a_byte_order_mark(run_import):
    result = run_import("\ufeff" + csv_text([event_row(**NAMES)]))
    assert result.batch.rows_created == 1
    person = AgencyPerson.objects.get()
    assert (person.given_name, person.family_name) == ("Zoë", FAMILY)


def test_windows_1252(run_import):
    result = run_import(csv_text([event_row(**NAMES)]).encode("cp1252"))
    assert result.batch.rows_created == 1
    assert AgencyPerson.objects.get().family_name == FAMILY


def test_a_file_mixing_utf8_and_windows_1252_line_by_line(run_import):
    header, utf8_row = csv_text([event_row(record_id="A", person_id="P1", **NAMES)]).split(
        "\r\n", 1
    )
    cp1252_row = csv_text([event_row(record_id="B", person_id="P2", **NAMES)]).split("\r\n", 1)[1]
    data = b"\xef\xbb\xbf" + (header + "\r\n" + utf8_row).encode() + cp1252_row.encode("cp1252")
    result = run_import(data)
    assert result.batch.rows_created == 2
    assert set(AgencyPerson.objects.values_list("family_name", flat=True)) == {FAMILY}


def test_an_excel_workbook_with_date_cells_and_number_cells(run_import):
    header = ["Record_ID", "event_type", "occurred_on", "person_id", "given_name",
              "family_name", "date_of_birth", "nhs_number", None]  # fmt: skip
    rows = [
        header,
        ["X1", "ae-attendance", dt.datetime(2026, 9, 3), 123, "Zoë", "Ashdown",
         dt.date(2012, 1, 2), 9990000018],
        [],  # an empty row is skipped
        ["X2", "self-harm", "04/09/2026", "P9", "Ash", "Carrow", "2013-02-03"],
        ["X3", "self-harm", dt.datetime(2099, 1, 1), "P9", "Ash", "Carrow"],
    ]  # fmt: skip
    result = run_import(xlsx_bytes(rows), filename="Events.XLSX")
    assert counts(result.batch) == (3, 2, 0, 0, 1)
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (5, "occurred_on", "is in the future")
    ]
    event = AgencyEvent.objects.select_related("person").get(source_id="X1")
    assert event.occurred_on == dt.date(2026, 9, 3)
    assert event.age_at_event == 14
    assert event.person.source_person_id == "123"
    assert event.person.nhs_number == "9990000018"
    assert AgencyEvent.objects.get(source_id="X2").occurred_on == dt.date(2026, 9, 4)
    assert len(result.batch.sha256) == 64


def test_a_workbook_with_wrong_columns_is_refused(run_import):
    result = run_import(xlsx_bytes([["record_id", "when"], ["A", "2026-01-01"]]), filename="e.xlsx")
    assert result.batch.status == "failed"
    assert "when" in result.batch.error
    assert "occurred_on" in result.batch.error


# --- Large files -------------------------------------------------------------------------------


def synthetic_csv(count: int, seed: int = 3) -> bytes:
    out = io.StringIO()
    write_csv(out, synthetic_rows(count, seed=seed))
    return out.getvalue().encode()


def test_a_largish_file_is_streamed_in_chunks(run_import, monkeypatch):
    staged: list[int] = []
    original = bulk.InsertStage.add

    def add(self, rows):
        staged.append(len(rows))
        return original(self, rows)

    monkeypatch.setattr(bulk.InsertStage, "add", add)
    try:
        from seemehearme.feeds import postgresql

        original_copy = postgresql.CopyStage.add

        def copy_add(self, rows):
            staged.append(len(rows))
            return original_copy(self, rows)

        monkeypatch.setattr(postgresql.CopyStage, "add", copy_add)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    progress: list[int] = []
    result = run_import(synthetic_csv(20_000), progress=progress.append)
    batch = result.batch
    assert batch.status == "completed"
    assert batch.rows_read == 20_000
    assert batch.rows_created + batch.rows_rejected == 20_000
    assert 0 < batch.rows_rejected < 200  # the generator's occasional mistakes
    assert AgencyEvent.objects.count() == batch.rows_created
    assert max(staged) <= importer.CHUNK_ROWS
    assert len(staged) >= 20_000 // importer.CHUNK_ROWS
    assert sum(progress) == 20_000
    assert len(progress) > 1


def test_problems_are_kept_for_the_first_rows_only(run_import, monkeypatch):
    monkeypatch.setattr(importer, "MAX_LISTED_ROWS", 3)
    rows = [event_row(record_id=f"E{n}", gender="?", ethnicity="?") for n in range(5)]
    rows += [event_row(record_id="E0")]  # a repeat, after them
    result = run_import(csv_text(rows))
    assert result.batch.rows_rejected == 6
    assert sorted({p.line for p in result.problems}) == [2, 3, 4]
    assert len(result.problems) == 6  # both problems of each listed row
    assert ImportProblem.objects.filter(batch=result.batch).count() == 6
    assert result.rows_not_listed == 3


# --- One transaction ---------------------------------------------------------------------------


def test_a_crash_half_way_keeps_nothing(run_import, monkeypatch, agency, caplog):
    AgencyPersonFactory(agency=agency, source_person_id="P0000001", given_name="Before")
    checked = 0
    secret = ""
    original = importer.RowChecker.check

    def check(self, line, values, linked=(), reported=()):
        nonlocal checked, secret
        checked += 1
        if checked == 12_000:
            secret = f"{values[4]} {values[5]}"  # a name from the file: never logged
            raise RuntimeError(f"the disk is full of {secret}")
        return original(self, line, values, linked, reported)

    monkeypatch.setattr(importer.RowChecker, "check", check)
    result = run_import(synthetic_csv(15_000, seed=4))
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert batch.status == "failed"
    assert "nothing from it was kept" in batch.error
    assert "disk" not in batch.error
    assert batch.finished_at is not None
    assert (batch.rows_created, batch.rows_updated) == (0, 0)
    assert not AgencyEvent.objects.exists()
    assert list(AgencyPerson.objects.values_list("given_name", flat=True)) == ["Before"]
    assert not ImportProblem.objects.exists()
    assert (result.person_ids, result.child_ids, result.problems) == (set(), set(), [])
    assert "RuntimeError" in caplog.text
    assert secret
    assert secret not in caplog.text


def test_a_crash_while_writing_keeps_nothing(run_import, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("no")

    monkeypatch.setattr(bulk, "count_events", explode)
    result = run_import(csv_text([event_row(record_id="A", gender="?"), event_row(record_id="B")]))
    assert result.batch.status == "failed"
    assert not AgencyEvent.objects.exists()
    assert not AgencyPerson.objects.exists()
    assert not ImportProblem.objects.exists()


def test_an_import_after_a_crash_works(run_import, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(bulk, "upsert_events", lambda *a, **k: 1 / 0)
        assert run_import(csv_text([event_row()])).batch.status == "failed"
    assert run_import(csv_text([event_row()])).batch.rows_created == 1


# --- Records from the API ----------------------------------------------------------------------


def api_record(**changes):
    record: dict[str, object] = event_row(**changes)
    record = {k: v for k, v in record.items() if not k.startswith("linked_person")}
    record["linked_people"] = []
    return record


def test_records_are_imported_with_their_positions(agency):
    records = [
        (1, api_record(record_id="A")),
        (2, api_record(record_id="B", occurred_on="2026-13-01")),
        (3, api_record(record_id="A")),
    ]
    result = import_records(agency=agency, records=records, channel="api")
    assert counts(result.batch) == (3, 1, 0, 0, 2)
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (2, "occurred_on", "is not a real date"),
        (3, "record_id", "repeats record_id from record 1"),
    ]
    assert result.batch.channel == "api"


def test_a_records_linked_people_are_checked_field_by_field(agency):
    record = api_record()
    record["linked_people"] = [
        {"role": "adult", "given_name": "Sam", "date_of_birth": "1990-01-01"},
        {"role": "driver", "date_of_birth": "next week", "car": "red"},
    ]
    result = import_records(agency=agency, records=[(1, record)], channel="api")
    assert [(p.column, p.reason) for p in result.problems] == [
        ("linked_people[2].car", "is not a field of a linked person"),
        ("linked_people[2].person_id", "a linked person needs an id or a name"),
        ("linked_people[2].date_of_birth", "is not a date: use YYYY-MM-DD or DD/MM/YYYY"),
    ]


def test_records_with_fields_outside_the_format_are_refused_whole(agency):
    records = [(1, api_record(record_id="A")), (2, {**api_record(record_id="B"), "secret": "x"})]
    result = import_records(agency=agency, records=records, channel="api")
    assert result.batch.status == "failed"
    assert result.batch.error == "Record 2 has fields that are not part of the format: secret."
    assert not AgencyEvent.objects.exists()


def test_linked_people_that_are_not_a_list_reject_the_record(agency):
    record = api_record(record_id="L1")
    record["linked_people"] = "Sam Exampleton"
    result = import_records(agency=agency, records=[(1, record)], channel="api")
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (1, "linked_people", "must be a list of people")
    ]
    assert result.batch.rows_rejected == 1


def test_records_accept_dates_and_numbers(agency):
    record = api_record(record_id="N1")
    record.update(occurred_on=dt.date(2026, 10, 1), person_id=1234, nhs_number=None)
    result = import_records(agency=agency, records=[(1, record)], channel="api")
    assert result.problems == []
    assert AgencyPerson.objects.get().source_person_id == "1234"


def test_the_file_digest_and_name_are_kept(run_import):
    text = csv_text([event_row()])
    batch = run_import(text, filename="/tmp/somewhere/police events.csv").batch
    import hashlib

    assert batch.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert batch.filename == "police events.csv"


def test_a_path_can_be_imported(tmp_path, agency):
    path = tmp_path / "events.csv"
    path.write_text(csv_text([event_row()]), encoding="utf-8")
    result = import_file(agency=agency, file=path, filename=path.name, channel="command")
    assert result.batch.rows_created == 1
