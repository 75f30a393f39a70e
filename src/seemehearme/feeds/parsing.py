"""Reading import files a row at a time: CSV (any mix of UTF-8 and Windows-1252) and XLSX.

Nothing here holds the whole file: CSV is decoded in blocks of about a megabyte and XLSX is read
by ``feeds.xlsx``. Each row comes with the line it starts on (the header is line 1), which is
how problems are reported. Every value, row and worksheet is read within limits (``Limits``),
so one hostile cell cannot take the server's memory or be repeated back in a message.

Nothing is silently altered: a byte that is neither UTF-8 nor Windows-1252 is kept as a lone
surrogate (Python's ``surrogateescape``), which the row checker reports with its column; a value
that runs on over a line that looks like a row of its own (a missing closing quotation mark) is
reported rather than swallowing that row.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

BLOCK_SIZE = 1 << 20
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls workbooks (and Word documents)
TOO_LONG = "is longer than {limit:,} characters"
RUNS_ON = (
    "runs on over a line that looks like a row of its own: check for a missing closing "
    "quotation mark"
)


class FileRefused(Exception):
    """The file cannot be imported at all; the message says why in plain words."""


@dataclass(frozen=True)
class Limits:
    """How big a value, a row and a workbook's parts may be (settings ``SMH_IMPORT_MAX_*``).

    The defaults are far above anything the format needs (its longest column is 4,000
    characters) and bound the memory one file can take."""

    cell_chars: int = 32_767  # Excel's own limit for a cell
    row_chars: int = 131_072
    sheet_mb: int = 1_024  # a workbook's first worksheet, unzipped: read as it streams
    shared_strings_mb: int = 256  # a workbook's shared text, unzipped: held while importing


def import_limits() -> Limits:
    """The limits in force: the defaults unless the settings say otherwise."""
    from django.conf import settings

    default = Limits()
    return Limits(
        cell_chars=int(getattr(settings, "SMH_IMPORT_MAX_CELL_CHARS", default.cell_chars)),
        row_chars=int(getattr(settings, "SMH_IMPORT_MAX_ROW_CHARS", default.row_chars)),
        sheet_mb=int(getattr(settings, "SMH_IMPORT_MAX_SHEET_MB", default.sheet_mb)),
        shared_strings_mb=int(
            getattr(settings, "SMH_IMPORT_MAX_SHARED_STRINGS_MB", default.shared_strings_mb)
        ),
    )


@dataclass(frozen=True)
class BadCell:
    """Stands for a value that could not be read, in its place in the row; ``reason`` says
    why without the value (for example "is longer than 32,767 characters")."""

    reason: str


@dataclass(frozen=True)
class BadRow:
    """Stands for a row that could not be read at all; ``reason`` says why."""

    reason: str


@dataclass
class Table:
    """A file's header and an iterator of (line, values) for its data rows. Values are text,
    dates for spreadsheet date cells, or ``BadCell``; a ``BadRow`` stands for a row that
    could not be read."""

    header: list[str]
    rows: Iterator[tuple[int, list[Any] | BadRow]]
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


class _LongLine:
    """Stands for a physical line too long to be part of any row; its bytes are dropped."""


LONG_LINE = _LongLine()


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined: keep them as lone surrogates, which the
        # checker reports, rather than replacing them with a character nobody wrote.
        return line.decode("cp1252", errors="surrogateescape")


def _refuse_binary(block: bytes) -> None:
    if block.startswith(UTF16_BOMS):
        raise FileRefused(
            "The file is saved as UTF-16 text. Save it as CSV UTF-8 (comma delimited), then "
            "import it again."
        )
    if block.startswith(ZIP_MAGIC):
        raise FileRefused(
            "The file is an Excel workbook (or another zipped file) with a CSV name. Name it "
            ".xlsx if it is a workbook, or save it as CSV, then import it again."
        )
    if block.startswith(OLE_MAGIC):
        raise FileRefused(
            "The file is an old Excel (.xls) workbook or another program's document with a CSV "
            "name. Save it as an Excel workbook (.xlsx) or as CSV, then import it again."
        )


def decoded_lines(
    stream: HashingReader | IO[bytes], *, max_line_bytes: int = 4 * Limits.row_chars
) -> Iterator[str | _LongLine]:
    """The file's text in pieces that end at line breaks, each line decoded as UTF-8 or, if it
    is not valid UTF-8, as Windows-1252. A UTF-8 byte order mark is dropped. A line longer than
    ``max_line_bytes`` is never held: it is dropped and ``LONG_LINE`` given in its place."""
    carry = b""
    first = True
    skipping = False
    while True:
        block = stream.read(BLOCK_SIZE)
        if first:
            first = False
            _refuse_binary(block)
            block = block.removeprefix(UTF8_BOM)
        if not block:
            if skipping:
                yield LONG_LINE
            elif carry:
                yield _decode_piece(carry)
            return
        if skipping:
            end = _first_break(block)
            if end < 0:
                continue
            skipping = False
            yield LONG_LINE
            block = block[end + 1 :]
        data = carry + block
        # Cut after the last line break; a CR at the very end may be half of a CRLF.
        cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1))
        if cut < 0:
            carry = data
        else:
            carry = data[cut + 1 :]
            yield _decode_piece(data[: cut + 1])
        if len(carry) > max_line_bytes:
            carry = b""
            skipping = True


def _first_break(data: bytes) -> int:
    """Where the first line ends (its LF, or a CR not followed by LF), or -1."""
    lf = data.find(b"\n")
    cr = data.find(b"\r", 0, lf if lf >= 0 else len(data))
    if cr >= 0 and cr + 1 < len(data) and data[cr + 1 : cr + 2] != b"\n":
        return cr
    return lf


def _decode_piece(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Some lines are not UTF-8: decode line by line (a UTF-8 sequence never holds a
        # line-break byte, so splitting the bytes is safe).
        return "".join(_decode_line(line) for line in data.splitlines(keepends=True))


class _RecordTooLong(Exception):
    pass


class _Lines:
    """Physical lines for ``csv.reader``, numbered as it numbers them. A line dropped as too
    long is given as an empty line and remembered; a record that grows past the row limit
    (a quoted value running on) is stopped."""

    def __init__(self, pieces: Iterator[str | _LongLine], *, row_chars: int) -> None:
        self.pieces = pieces
        self.lines: Iterator[str] = iter(())
        self.number = 0
        self.long_lines: list[int] = []
        self.record_chars = 0
        self.row_chars = row_chars

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.lines, None)
        while line is None:
            piece = next(self.pieces)
            if isinstance(piece, _LongLine):
                line = "\n"
                self.long_lines.append(self.number + 1)
            else:
                self.lines = iter(io.StringIO(piece, newline=""))
                line = next(self.lines, None)
        self.number += 1
        self.record_chars += len(line)
        if self.record_chars > self.row_chars:
            self.record_chars = 0
            raise _RecordTooLong
        return line


def _csv_rows(
    reader: Any, lines: _Lines, *, width: int, limits: Limits
) -> Iterator[tuple[int, list[Any] | BadRow]]:
    """(line, values) for each record, or a ``BadRow`` for a line that is not valid CSV."""
    too_long = BadRow(f"is longer than {limits.row_chars:,} characters in all")
    too_long_cell = BadCell(TOO_LONG.format(limit=limits.cell_chars))
    while True:
        start = lines.number + 1
        lines.record_chars = 0
        try:
            values: list[Any] = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            yield start, too_long
            continue
        except csv.Error as error:
            if "field limit" in str(error):
                yield start, too_long
            else:
                yield start, BadRow("could not be read as CSV: check the quotation marks")
            continue
        if lines.long_lines:
            dropped = [n for n in lines.long_lines if n >= start]
            lines.long_lines.clear()
            if dropped:
                yield start, too_long
                continue
        if values and max(map(len, values)) > limits.cell_chars:
            values = [too_long_cell if len(v) > limits.cell_chars else v for v in values]
        if lines.number > start:  # the record ran over more than one line
            for position, value in enumerate(values):
                multiline = type(value) is str and ("\n" in value or "\r" in value)
                if multiline and _runs_on(value, width):
                    values[position] = BadCell(RUNS_ON)
        yield start, values


def _runs_on(value: str, width: int) -> bool:
    """Does a value hold a line with as many commas as a row of the file has (so it is
    probably the next row, swallowed by a quotation mark that was never closed)?"""
    return width > 1 and any(line.count(",") >= width - 1 for line in value.splitlines()[1:])


def read_csv(stream: HashingReader | IO[bytes], limits: Limits | None = None) -> Table:
    limits = limits or Limits()
    # The csv module's only limit is process-wide. A value is cut off at the row limit (no
    # value is longer than its row), so the value limit can name the value's column.
    csv.field_size_limit(limits.row_chars)
    lines = _Lines(
        decoded_lines(stream, max_line_bytes=4 * limits.row_chars), row_chars=limits.row_chars
    )
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused("The file is empty: the first line must be the header row.") from None
    except (csv.Error, _RecordTooLong):
        raise FileRefused("The header row (line 1) could not be read as CSV.") from None
    if lines.long_lines or lines.number > 1:
        raise FileRefused(
            "The header row (line 1) could not be read as CSV: check the quotation marks."
        )
    return Table(header=header, rows=_csv_rows(reader, lines, width=len(header), limits=limits))


def read_xlsx(stream: IO[bytes], limits: Limits | None = None) -> Table:
    """The first worksheet of a workbook (see ``feeds.xlsx``)."""
    from seemehearme.feeds.xlsx import read_xlsx as read_workbook

    return read_workbook(stream, limits or Limits())


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
