"""Factories for agency persons, import batches and events. Every person here is made up."""

from __future__ import annotations

import datetime as dt

import factory

from seemehearme.feeds.models import AgencyEvent, EventType, ImportBatch, ImportChannel
from seemehearme.identity.models import AgencyPerson
from tests.factories import AgencyFactory


def event_type(code: str) -> EventType:
    return EventType.objects.get(code=code)


class AgencyPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyPerson

    agency = factory.SubFactory(AgencyFactory)
    source_person_id = factory.Sequence(lambda n: f"P{n:06d}")
    given_name = factory.Sequence(lambda n: f"Robin{n}")
    family_name = "Testperson"
    date_of_birth = dt.date(2011, 5, 17)
    gender = "female"
    postcode = "ZZ1 1AA"


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    agency = factory.SubFactory(AgencyFactory)
    channel = ImportChannel.UPLOAD
    status = "completed"


class AgencyEventFactory(factory.django.DjangoModelFactory):
    """An event about ``person``'s child (pass ``child`` or a ``person`` with one)."""

    class Meta:
        model = AgencyEvent

    person = factory.SubFactory(AgencyPersonFactory)
    agency = factory.LazyAttribute(lambda e: e.person.agency)
    source_id = factory.Sequence(lambda n: f"E{n:07d}")
    event_type = factory.LazyFunction(lambda: event_type("missing-episode"))
    category = factory.LazyAttribute(lambda e: e.event_type.category)
    occurred_on = dt.date(2026, 10, 1)
    child = factory.LazyAttribute(lambda e: e.person.child)
    age_at_event = 15
    row_hash = factory.Sequence(lambda n: f"{n:032x}")
    batch = factory.SubFactory(ImportBatchFactory, agency=factory.SelfAttribute("..agency"))


# --- Import files ------------------------------------------------------------------------------

GOOD_ROW: dict[str, str] = {
    "record_id": "MIS-0001",
    "event_type": "missing-episode",
    "occurred_on": "2026-10-01",
    "person_id": "P000123",
    "given_name": "Robin",
    "family_name": "Testperson",
    "date_of_birth": "2011-05-17",
    "gender": "female",
    "ethnicity": "white",
    "postcode": "zz1 1aa",
    "school": "Northbridge Academy",
    "nhs_number": "999 000 0018",
    "upn": "A123456789012",
    "category": "",
    "location": "Bus station",
    "location_postcode": "ZZ1 2BB",
    "detail": "Found by patrol at 23:40 and taken home.",
    "linked_person_role": "",
    "linked_person_id": "",
    "linked_person_given_name": "",
    "linked_person_family_name": "",
    "linked_person_date_of_birth": "",
}


def event_row(**changes: str) -> dict[str, str]:
    """A good row about the made-up Robin Testperson, with ``changes``."""
    row = dict(GOOD_ROW)
    row.update(changes)
    return row


def csv_text(rows: list[dict[str, str]], *, columns: list[str] | None = None) -> str:
    """A CSV file's text: a header of ``columns`` (every column by default) and the rows."""
    import csv
    import io

    columns = columns or list(GOOD_ROW)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """An Excel workbook whose first sheet holds ``rows`` (the first is the header)."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Events")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Workbooks built part by part, for damaged and hostile files --------------------------------

SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def inline(value: object) -> str:
    """A cell of inline text."""
    from xml.sax.saxutils import escape

    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def text_cells(values: list[object]) -> list[str]:
    return [inline(value) for value in values]


def sheet_xml(rows: list[list[str]], *, prolog: str = "") -> bytes:
    """A worksheet whose rows hold the given cells' XML (``inline``), row 1 first."""
    body = "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in enumerate(rows, 1))
    return f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'.encode()


def shared_strings_xml(strings: list[str], *, prolog: str = "") -> bytes:
    from xml.sax.saxutils import escape

    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return f'{prolog}<sst xmlns="{MAIN}">{items}</sst>'.encode()


def workbook(
    sheet: bytes,
    *,
    shared_strings: bytes | None = None,
    parts: dict[str, bytes] | None = None,
    compression: int | None = None,
) -> bytes:
    """A workbook written by openpyxl with its first worksheet's XML replaced by ``sheet``,
    and optionally a table of shared text and other parts replaced."""
    import io
    import zipfile

    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED if compression is None else compression
    ) as archive:
        for name in base.namelist():
            data = base.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = sheet
            elif name == "[Content_Types].xml" and shared_strings is not None:
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            archive.writestr(name, (parts or {}).get(name, data))
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def entity_bomb(root: str) -> str:
    """A few hundred bytes of DTD whose one entity would expand to a billion characters."""
    entities = '<!ENTITY a0 "lollollollol">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>'
