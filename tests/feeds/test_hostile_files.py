"""Bad and hostile files: each is a row problem (the rest kept) or a plain refusal of the whole
file, never a crash, never a value repeated back, and the same again on a second import.

Every file is built here, small: a "500 MB cell" is a cell over a limit lowered for the test."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from seemehearme.feeds import schema
from seemehearme.feeds.models import AgencyEvent, ImportBatch, ImportProblem
from seemehearme.feeds.parsing import RUNS_ON
from seemehearme.feeds.validation import INVALID_BYTES, NUL
from seemehearme.feeds.xlsx import ERROR_VALUE, NO_RESULT, NOT_WRITTEN_BY_A_SPREADSHEET
from tests.feeds.factories import (
    GOOD_ROW,
    csv_text,
    entity_bomb,
    event_row,
    inline,
    shared_strings_xml,
    sheet_xml,
    text_cells,
    workbook,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

COLUMNS = list(GOOD_ROW)
DETAIL = COLUMNS.index("detail")
SECRET = "Zephyrine Quillfeather"  # a made-up name that must never come back in a message


def counts(batch: ImportBatch) -> tuple[int, int, int, int, int]:
    return (
        batch.rows_read,
        batch.rows_created,
        batch.rows_updated,
        batch.rows_unchanged,
        batch.rows_rejected,
    )


def problems(result) -> list[tuple[int, str, str]]:
    return [(p.line, p.column, p.reason) for p in result.problems]


def assert_never_repeated(batch: ImportBatch, secret: str = SECRET) -> None:
    stored = [batch.error, *ImportProblem.objects.values_list("reason", flat=True)]
    stored += list(ImportProblem.objects.values_list("column", flat=True))
    assert not any(secret in text for text in stored)


def rows_around(bad: list[str]) -> list[list[str]]:
    """The header, a good row (line 2), ``bad`` (line 3) and another good row (line 4)."""
    return [
        text_cells(COLUMNS),
        text_cells(list(event_row(record_id="A").values())),
        bad,
        text_cells(list(event_row(record_id="C").values())),
    ]


def with_detail(cell: str, record_id: str = "B") -> list[str]:
    cells = text_cells(list(event_row(record_id=record_id).values()))
    cells[DETAIL] = cell
    return cells


def assert_rest_kept_and_idempotent(run_import, data, filename, expected_problems):
    first = run_import(data, filename=filename)
    assert first.batch.status == "completed", first.batch.error
    assert counts(first.batch) == (3, 2, 0, 0, 1)
    assert problems(first) == expected_problems
    assert sorted(AgencyEvent.objects.values_list("source_id", flat=True)) == ["A", "C"]
    assert_never_repeated(first.batch)

    again = run_import(data, filename=filename)
    assert counts(again.batch) == (3, 0, 0, 2, 1)
    assert problems(again) == expected_problems
    assert AgencyEvent.objects.count() == 2


def assert_refused(result, *words: str) -> None:
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert batch.status == "failed"
    for word in words:
        assert word in batch.error
    assert "\n" not in batch.error
    assert len(batch.error) <= 1_000
    assert not AgencyEvent.objects.exists()
    assert not ImportProblem.objects.exists()


# --- Item 13: limits on cells, rows and sheets; messages bounded --------------------------------


@pytest.mark.parametrize("form", ["inline text", "shared text", "CSV"])
def test_a_cell_over_the_limit_is_a_row_problem_and_its_value_never_repeated(
    run_import, settings, form
):
    settings.SMH_IMPORT_MAX_CELL_CHARS = 1_000
    huge = f"{SECRET} " * 100  # 2,300 characters
    expected = [(3, "detail", "is longer than 1,000 characters")]
    if form == "CSV":
        rows = [event_row(record_id="A"), event_row(record_id="B", detail=huge)]
        rows.append(event_row(record_id="C"))
        assert_rest_kept_and_idempotent(run_import, csv_text(rows), "events.csv", expected)
        return
    if form == "inline text":
        data = workbook(sheet_xml(rows_around(with_detail(inline(huge)))))
    else:
        shared = shared_strings_xml(["short", huge])
        data = workbook(
            sheet_xml(rows_around(with_detail('<c t="s"><v>1</v></c>'))), shared_strings=shared
        )
    assert_rest_kept_and_idempotent(run_import, data, "events.xlsx", expected)


def test_a_shared_text_split_into_many_runs_is_still_one_cell(run_import, settings):
    settings.SMH_IMPORT_MAX_CELL_CHARS = 1_000
    runs = "".join(f"<r><t>{SECRET} {n:04d} </t></r>" for n in range(200))
    shared = f'<sst xmlns="{schema_main()}"><si>{runs}</si></sst>'.encode()
    data = workbook(
        sheet_xml(rows_around(with_detail('<c t="s"><v>0</v></c>'))), shared_strings=shared
    )
    expected = [(3, "detail", "is longer than 1,000 characters")]
    assert_rest_kept_and_idempotent(run_import, data, "events.xlsx", expected)


def schema_main() -> str:
    from tests.feeds.factories import MAIN

    return MAIN


@pytest.mark.parametrize("form", ["workbook", "CSV line", "CSV line past every buffer"])
def test_a_row_over_the_limit_is_a_row_problem(run_import, settings, form):
    settings.SMH_IMPORT_MAX_ROW_CHARS = 2_000
    expected = [(3, "", "is longer than 2,000 characters in all")]
    if form == "workbook":
        bad = with_detail(inline("x")) + [inline(f"{SECRET} {n}") for n in range(200)]
        assert_rest_kept_and_idempotent(
            run_import, workbook(sheet_xml(rows_around(bad))), "events.xlsx", expected
        )
        return
    repeat = 150 if form == "CSV line" else 1_000  # 3,450 or 23,000 characters on one line
    text = csv_text([event_row(record_id="A")])
    text += f"B,missing-episode,{SECRET * repeat}\r\n"
    text += csv_text([event_row(record_id="C")]).split("\r\n", 1)[1]
    assert_rest_kept_and_idempotent(run_import, text, "events.csv", expected)


def test_a_quoted_value_running_on_past_the_row_limit_is_a_row_problem(run_import, settings):
    settings.SMH_IMPORT_MAX_ROW_CHARS = 2_000
    text = csv_text([event_row(record_id="A")])
    text += 'B,missing-episode,"' + "".join(f"{SECRET}\r\n" for _ in range(200)) + '"\r\n'
    result = run_import(text)
    assert result.batch.status == "completed"
    assert problems(result)[0] == (3, "", "is longer than 2,000 characters in all")
    assert list(AgencyEvent.objects.values_list("source_id", flat=True)) == ["A"]
    assert_never_repeated(result.batch)


@pytest.mark.parametrize("part", ["worksheet", "shared text"])
def test_a_workbook_that_unzips_past_the_limit_is_refused_before_it_is_read(
    run_import, settings, part
):
    """A zip bomb: a few kilobytes that unzip to megabytes (gigabytes, with the default)."""
    settings.SMH_IMPORT_MAX_SHEET_MB = 1
    settings.SMH_IMPORT_MAX_SHARED_STRINGS_MB = 1
    padding = " " * (3 * 1024 * 1024)
    rows = [text_cells(COLUMNS), text_cells(list(event_row().values()))]
    if part == "worksheet":
        sheet = sheet_xml(rows).replace(b"<sheetData>", f"<sheetData>{padding}".encode())
        data = workbook(sheet)
        expected = "first worksheet is larger than 1 MB when unzipped"
    else:
        shared = shared_strings_xml(["a"]).replace(b"<si>", f"{padding}<si>".encode())
        data = workbook(sheet_xml(rows), shared_strings=shared)
        expected = "shared text is larger than 1 MB when unzipped"
    assert len(data) < 50_000
    assert_refused(run_import(data, filename="events.xlsx"), expected, "Save it as CSV")


def test_a_header_of_huge_unknown_columns_gives_a_short_message(run_import, client):
    names = [f"{SECRET} {n} " + "x" * 2_000 for n in range(30)]
    result = run_import(",".join([*schema.REQUIRED, *names]) + "\r\n")
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert batch.status == "failed"
    assert "columns that are not part of the format" in batch.error
    assert "and 20 more" in batch.error
    assert len(batch.error) <= 1_000
    assert "x" * 41 not in batch.error


def test_control_characters_in_a_column_name_are_not_repeated(run_import):
    result = run_import(",".join([*schema.REQUIRED, "col\x00our\x1b[31m"]) + "\r\n")
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert "col?our?[31m" in batch.error


# --- Item 14: NUL and lone surrogates are row problems ------------------------------------------


@pytest.mark.parametrize("column", ["detail", "record_id", "given_name"])
def test_a_nul_in_a_csv_row_is_a_row_problem_and_the_rest_kept(run_import, column):
    rows = [
        event_row(record_id="A"),
        event_row(**{"record_id": "B", column: "Zephy\x00rine"}),
        event_row(record_id="C"),
    ]
    assert_rest_kept_and_idempotent(run_import, csv_text(rows), "events.csv", [(3, column, NUL)])


# --- Item 15: malformed workbooks are refused plainly ------------------------------------------


def good_workbook() -> bytes:
    return workbook(sheet_xml([text_cells(COLUMNS), text_cells(list(event_row().values()))]))


@pytest.mark.parametrize("part", ["worksheet", "shared text", "workbook"])
def test_an_entity_expansion_bomb_is_refused(run_import, part):
    bomb = entity_bomb("x")
    rows = [text_cells(COLUMNS), with_detail("<c/>")]
    if part == "worksheet":
        rows[1][DETAIL] = '<c t="inlineStr"><is><t>&a9;</t></is></c>'
        data = workbook(sheet_xml(rows, prolog=bomb))
    elif part == "shared text":
        rows[1][DETAIL] = '<c t="s"><v>0</v></c>'
        shared = shared_strings_xml(["&a9;"], prolog=bomb).replace(b"&amp;a9;", b"&a9;")
        data = workbook(sheet_xml(rows), shared_strings=shared)
    else:
        base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["x"]])))
        book = re.sub(rb"^<\?xml[^>]*\?>", b"", base.read("xl/workbook.xml"))
        book = bomb.encode() + book.replace(b'name="Events"', b'name="&a9;"')
        data = workbook(sheet_xml(rows), parts={"xl/workbook.xml": book})
    assert len(data) < 10_000
    assert_refused(run_import(data, filename="events.xlsx"), NOT_WRITTEN_BY_A_SPREADSHEET)


def test_a_workbook_whose_data_is_corrupt_is_refused(run_import):
    data = workbook(
        sheet_xml([text_cells(COLUMNS), text_cells(list(event_row().values()))]),
        compression=zipfile.ZIP_STORED,
    )
    damaged = data.replace(b"Robin", b"Robyn", 1)  # the stored bytes no longer match the CRC
    assert damaged != data
    assert_refused(run_import(damaged, filename="events.xlsx"), "The workbook is damaged")


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (good_workbook, "events.csv", "an Excel workbook (or another zipped file) with a CSV name"),
        (
            lambda: csv_text([event_row()]).encode(),
            "events.xlsx",
            "could not be opened as an Excel",
        ),
        (lambda: good_workbook()[:2_000], "events.xlsx", "could not be opened as an Excel"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "events.csv", "old Excel"),
    ],
    ids=["xlsx named csv", "csv named xlsx", "cut short", "xls named csv"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(run_import, data, filename, words):
    assert_refused(run_import(data(), filename=filename), words)


def test_a_workbook_compressed_as_no_spreadsheet_program_does_is_refused(run_import):
    data = workbook(
        sheet_xml([text_cells(COLUMNS), text_cells(list(event_row().values()))]),
        compression=zipfile.ZIP_BZIP2,
    )
    assert_refused(run_import(data, filename="events.xlsx"), "compressed in a way")


def test_a_workbook_with_a_row_past_the_last_is_refused(run_import):
    sheet = sheet_xml([text_cells(COLUMNS)]).replace(
        b"</sheetData>", b'<row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>'
    )
    assert_refused(run_import(workbook(sheet), filename="events.xlsx"), "past row 1,048,576")


def test_a_cell_far_to_the_right_costs_nothing_and_is_a_row_problem(run_import):
    far = '<c r="XFD3" t="inlineStr"><is><t>x</t></is></c>'
    bad = [*text_cells(list(event_row(record_id="B").values())), far]
    expected = [(3, "", "has 16384 values but the header has 22 columns")]
    assert_rest_kept_and_idempotent(
        run_import, workbook(sheet_xml(rows_around(bad))), "events.xlsx", expected
    )


# --- Item 16: nothing silently altered ---------------------------------------------------------


def test_an_unclosed_quotation_mark_does_not_swallow_the_next_row(run_import):
    columns = [*schema.REQUIRED, "detail"]
    rows = [
        event_row(record_id="A"),
        event_row(record_id="B", detail="Seen at the bus station"),
        event_row(record_id="C"),
        event_row(record_id="D", detail='Said "call me later"'),
    ]
    text = csv_text(rows, columns=columns).replace(
        "Seen at the bus station", '"Seen at the bus station'
    )
    result = run_import(text)
    # Row 3's quotation mark runs on over line 4, until the first quotation mark on line 5.
    assert result.batch.status == "completed"
    assert problems(result)[0] == (3, "detail", RUNS_ON)
    assert result.batch.rows_rejected >= 1
    assert "C" not in AgencyEvent.objects.values_list("source_id", flat=True)
    assert AgencyEvent.objects.filter(source_id="A").exists()


def test_a_quoted_value_with_line_breaks_is_still_fine(run_import):
    rows = [event_row(record_id="A", detail="Found at 23:40,\nby patrol,\ntaken home.")]
    result = run_import(csv_text(rows))
    assert counts(result.batch) == (1, 1, 0, 0, 0)
    assert AgencyEvent.objects.get().detail == "Found at 23:40,\nby patrol,\ntaken home."


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_a_row_problem(run_import):
    text = csv_text([event_row(record_id="A"), event_row(record_id="B", given_name="Zoë")])
    text += csv_text([event_row(record_id="C")]).split("\r\n", 1)[1]
    data = text.encode("cp1252").replace("Zoë".encode("cp1252"), b"Zo\x81")
    expected = [(3, "given_name", INVALID_BYTES)]
    assert_rest_kept_and_idempotent(run_import, data, "events.csv", expected)
    assert "\ufffd" not in "".join(AgencyEvent.objects.values_list("person__given_name", flat=True))


def test_a_formula_with_no_saved_result_is_a_row_problem(run_import):
    expected = [(3, "detail", NO_RESULT)]
    data = workbook(sheet_xml(rows_around(with_detail("<c><f>A2&amp;B2</f></c>"))))
    assert_rest_kept_and_idempotent(run_import, data, "events.xlsx", expected)


def test_a_formula_with_a_saved_result_is_read_as_its_result(run_import):
    cell = '<c t="str"><f>A2&amp;" seen"</f><v>Robin seen</v></c>'
    data = workbook(sheet_xml([text_cells(COLUMNS), with_detail(cell, record_id="A")]))
    result = run_import(data, filename="events.xlsx")
    assert counts(result.batch) == (1, 1, 0, 0, 0)
    assert AgencyEvent.objects.get().detail == "Robin seen"


def test_an_error_cell_is_a_row_problem(run_import):
    data = workbook(sheet_xml(rows_around(with_detail('<c t="e"><f>1/0</f><v>#DIV/0!</v></c>'))))
    assert_rest_kept_and_idempotent(run_import, data, "events.xlsx", [(3, "detail", ERROR_VALUE)])
