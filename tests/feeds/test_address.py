"""The optional address column: imported from files and the API, tidied, checked row by row,
kept on the agency's record of the person, and unchanged by importing again. Every address
here is on an invented street."""

from __future__ import annotations

import pytest

from seemehearme.feeds.models import AgencyEvent
from seemehearme.feeds.validation import BadValue, RowChecker
from seemehearme.identity.models import AgencyPerson
from tests.feeds.factories import GOOD_ROW, csv_text, event_row, xlsx_bytes

pytestmark = pytest.mark.django_db

WITH_ADDRESS = [*GOOD_ROW, "address"]


def problems(result) -> list[tuple[int, str, str]]:
    return [(p.line, p.column, p.reason) for p in result.problems]


def test_a_file_with_the_address_column_keeps_the_address_on_the_person(run_import):
    result = run_import(
        csv_text([event_row(address="12 Testing Row, Flat 2")], columns=WITH_ADDRESS)
    )
    assert problems(result) == []
    assert AgencyPerson.objects.get().address == "12 Testing Row, Flat 2"


def test_a_file_without_the_address_column_still_imports(run_import):
    assert "address" not in GOOD_ROW
    result = run_import(csv_text([event_row()]))
    assert result.batch.rows_created == 1
    assert AgencyPerson.objects.get().address == ""


def test_a_workbook_with_the_address_column_keeps_it(run_import):
    header = [*GOOD_ROW, "address"]
    row = [*event_row().values(), "  7   Example   Street "]
    result = run_import(xlsx_bytes([header, row]), filename="events.xlsx")
    assert problems(result) == []
    assert AgencyPerson.objects.get().address == "7 Example Street"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("  12  Testing Row ", "12 Testing Row"),
        ("12\tTesting Row", "12 Testing Row"),
        ("Flat 2\n12 Testing Row", "Flat 2, 12 Testing Row"),
        ("Flat 2,\r\n  12 Testing Row\r\n", "Flat 2, 12 Testing Row"),
        ("Flat 2\n\n12 Testing Row", "Flat 2, 12 Testing Row"),
        ("Flat 2\u2028Testwell Close", "Flat 2, Testwell Close"),
        ("1 Rue de l'Exemple, Bâtiment C", "1 Rue de l'Exemple, Bâtiment C"),
    ],
)
def test_an_address_is_tidied(run_import, written, stored):
    result = run_import(csv_text([event_row(address=written)], columns=WITH_ADDRESS))
    assert problems(result) == []
    assert AgencyPerson.objects.get().address == stored


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("12 Testing\x0bRow", "has a control character, which an address cannot contain"),
        ("12 Testing\x1fRow", "has a control character, which an address cannot contain"),
        ("12 Testing\x85Row", "has a control character, which an address cannot contain"),
        ("\x1b[31m12 Testing Row", "has a control character, which an address cannot contain"),
        ("1" * 201, "is longer than 200 characters"),
        ("12 Testing Row\x00", "has a NUL character (a zero byte), which cannot be stored"),
    ],
)
def test_a_bad_address_rejects_its_row_by_line_and_keeps_the_others(run_import, address, reason):
    rows = [
        event_row(record_id="A", person_id="P1", address="12 Testing Row"),
        event_row(record_id="B", person_id="P2", address=address),
        event_row(record_id="C", person_id="P3"),
    ]
    result = run_import(csv_text(rows, columns=WITH_ADDRESS))
    assert problems(result) == [(3, "address", reason)]
    assert result.batch.rows_created == 2
    assert result.batch.rows_rejected == 1
    assert set(AgencyEvent.objects.values_list("source_id", flat=True)) == {"A", "C"}
    assert dict(AgencyPerson.objects.values_list("source_person_id", "address")) == {
        "P1": "12 Testing Row",
        "P3": "",
    }


def test_an_address_that_grows_past_the_limit_when_tidied_is_refused():
    # 200 characters as written, but each line break becomes ", ".
    raw = "\n".join(["Flat 1"] * 28)
    assert len(raw) <= 200
    with pytest.raises(BadValue, match="is longer than 200 characters"):
        RowChecker.address(raw)


def test_importing_the_same_addresses_again_changes_nothing(run_import):
    text = csv_text(
        [
            event_row(record_id="E1", person_id="P1", address="1 Testing Row"),
            event_row(record_id="E2", person_id="P2", address="Flat 2\n2 Testing Row"),
            event_row(record_id="E3", person_id="P3"),
        ],
        columns=WITH_ADDRESS,
    )
    first = run_import(text)
    assert len(first.person_ids) == 3
    before = list(AgencyPerson.objects.order_by("pk").values_list("pk", "address", "updated_at"))

    again = run_import(text)
    assert again.person_ids == set()
    assert again.batch.rows_unchanged == 3
    after = list(AgencyPerson.objects.order_by("pk").values_list("pk", "address", "updated_at"))
    assert after == before


def test_adding_the_column_empty_to_an_old_file_changes_nothing(run_import):
    """Rows without an address keep the row hash they had before the column existed."""
    run_import(csv_text([event_row()]))
    again = run_import(csv_text([event_row(address="")], columns=WITH_ADDRESS))
    assert (again.batch.rows_unchanged, again.batch.rows_updated) == (1, 0)
    assert again.person_ids == set()


def test_a_changed_address_updates_the_person_like_a_changed_postcode(run_import):
    run_import(csv_text([event_row(record_id="A", address="12 Testing Row")], columns=WITH_ADDRESS))
    person = AgencyPerson.objects.get()

    moved = run_import(
        csv_text([event_row(record_id="A", address="4 Testwell Close")], columns=WITH_ADDRESS)
    )
    assert moved.person_ids == {person.pk}
    person.refresh_from_db()
    assert person.address == "4 Testwell Close"

    # Sent without one, the address is cleared, as a blank postcode or school is.
    cleared = run_import(csv_text([event_row(record_id="A", address="")], columns=WITH_ADDRESS))
    assert cleared.person_ids == {person.pk}
    person.refresh_from_db()
    assert person.address == ""


def test_synthetic_files_have_invented_addresses_that_import(run_import):
    import io

    from seemehearme.feeds.schema import COLUMN_NAMES
    from seemehearme.feeds.synthetic import STREETS, synthetic_rows, write_csv

    rows = list(synthetic_rows(300, seed=4))
    written = {row[COLUMN_NAMES.index("address")] for row in rows} - {""}
    assert written
    assert all(address.endswith(STREETS) for address in written)
    out = io.StringIO()
    write_csv(out, iter(rows))

    run_import(out.getvalue())

    kept = set(AgencyPerson.objects.exclude(address="").values_list("address", flat=True))
    assert kept
    assert kept <= written
