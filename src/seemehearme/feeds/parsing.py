"""Reading import files a row at a time: CSV (any mix of UTF-8 and Windows-1252) and XLSX.

Nothing here holds the whole file: CSV is decoded in blocks of about a megabyte and XLSX is read
with openpyxl's read-only mode. Each row comes with the line it starts on (the header is line 1),
which is how problems are reported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

BLOCK_SIZE = 1 << 20
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class FileRefused(Exception):
    """The file cannot be imported at all; the message says why in plain words."""


@dataclass
class Table:
    """A file's header and an iterator of (line, values) for its data rows. Values are text,
    or dates for spreadsheet date cells; None stands for a line that is not valid CSV."""

    header: list[str]
    rows: Iterator[tuple[int, list[Any] | None]]
    close: Callable[[], None] = lambda: None


def file_format(filename: str) -> str:
    """``csv`` or ``xlsx`` from the file name, or refuse the file."""
    suffix = Path(filename).suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".xls":
        raise FileRefused(
            "The file is an old Excel (.xls) workbook. Save it as an Excel workbook (.xlsx) "
            "or as CSV, then import it again."
        )
    raise FileRefused("The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")


class HashingReader:
    """Reads a binary stream in blocks and keeps a SHA-256 of everything read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def decoded_lines(stream: HashingReader | IO[bytes]) -> Iterator[str]:
    """The file's text in pieces that end at line breaks, each line decoded as UTF-8 or, if it
    is not valid UTF-8, as Windows-1252. A UTF-8 byte order mark is dropped."""
    carry = b""
    first = True
    while True:
        block = stream.read(BLOCK_SIZE)
        if first:
            first = False
            if block.startswith(UTF16_BOMS):
                raise FileRefused(
                    "The file is saved as UTF-16 text. Save it as CSV UTF-8 (comma "
                    "delimited), then import it again."
                )
            block = block.removeprefix(UTF8_BOM)
        if not block:
            if carry:
                yield _decode_piece(carry)
            return
        data = carry + block
        # Cut after the last line break; a CR at the very end may be half of a CRLF.
        cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1))
        if cut < 0:
            carry = data
            continue
        carry = data[cut + 1 :]
        yield _decode_piece(data[: cut + 1])


def _decode_piece(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Some lines are not UTF-8: decode line by line (a UTF-8 sequence never holds a
        # line-break byte, so splitting the bytes is safe).
        return "".join(_decode_line(line) for line in data.splitlines(keepends=True))


def _lines(pieces: Iterator[str]) -> Iterator[str]:
    for piece in pieces:
        yield from io.StringIO(piece, newline="")


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[Any] | None]]:
    """(line, values) for each record; values are None if the line is not valid CSV."""
    line = reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            line = reader.line_num
            yield start, None
            continue
        line = reader.line_num
        yield start, values


def read_csv(stream: HashingReader | IO[bytes]) -> Table:
    reader = csv.reader(_lines(decoded_lines(stream)))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused("The file is empty: the first line must be the header row.") from None
    except csv.Error:
        raise FileRefused("The header row (line 1) could not be read as CSV.") from None
    return Table(header=header, rows=_csv_rows(reader))


def _cell(value: Any) -> Any:
    """A spreadsheet cell as text, or a date for a date cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any] | None]]:
    for line, row in enumerate(rows, start=2):
        yield line, [_cell(value) for value in row]


def read_xlsx(path_or_stream: Path | IO[bytes]) -> Table:
    """The first worksheet of a workbook, read without loading it all."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path_or_stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileRefused(
            "The file could not be opened as an Excel workbook (.xlsx). Check it opens in a "
            "spreadsheet program, or save it as CSV."
        ) from None
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # some writers record the wrong size; read every row there is
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        workbook.close()
        raise FileRefused("The workbook is empty: row 1 must be the header row.") from None

    return Table(
        header=["" if v is None else str(v) for v in header],
        rows=_xlsx_rows(rows),
        close=workbook.close,
    )


def estimate_rows(path: Path) -> int | None:
    """About how many data rows a CSV file has (for a progress bar), from its line breaks;
    None for a workbook or a file that is not CSV."""
    try:
        kind = file_format(path.name)
    except FileRefused:
        return None
    if kind == "xlsx":
        return None
    count = 0
    last = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_SIZE):
            count += block.count(b"\n")
            last = block[-1:]
    if last != b"\n":
        count += 1
    return max(count - 1, 0)
