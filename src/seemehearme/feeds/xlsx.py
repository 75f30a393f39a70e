"""Reading the first worksheet of an Excel workbook (.xlsx) a row at a time, within limits.

openpyxl reads the workbook's structure: which part is the first worksheet, where the shared
text is, and which cell styles are dates. The worksheet and its shared text are read here, with
the standard library's expat parser, because openpyxl's read-only worksheet holds each row, each
cell and the whole shared-text table in memory whatever their size, fills out rows to the
furthest column a cell names and the sheet to the furthest row, and reads a formula with no
saved result as an empty cell. expat hands text over in pieces, so a cell past its limit stops
being collected as it passes it, and the rest of the file is read as usual.

A workbook is a zip file of XML parts. Parts are read only if stored or deflated (what every
spreadsheet program writes) and no bigger, unzipped, than the limits; zipfile never gives more
than a part's declared size. A document type declaration, and so any entity, is refused:
spreadsheet programs never write one, and entities are how an "entity expansion" bomb works
(openpyxl refuses them in the parts it reads too, through defusedxml).
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from collections.abc import Generator, Iterator
from typing import IO, Any
from xml.parsers import expat

from seemehearme.feeds.parsing import TOO_LONG, BadCell, BadRow, FileRefused, Limits, Table

MAX_ROWS = 1_048_576  # Excel's own limits
MAX_COLUMNS = 16_384
OTHER_PART_LIMIT = 64 * 1024 * 1024  # any part but the worksheet and the shared text
CHUNK = 1 << 16

NOT_A_WORKBOOK = (
    "The file could not be opened as an Excel workbook (.xlsx). Check it opens in a "
    "spreadsheet program, or save it as CSV, then import it again."
)
DAMAGED = (
    "The workbook is damaged: its first worksheet could not be read to the end. Check it opens "
    "in a spreadsheet program, or save it as CSV, then import it again."
)
NOT_WRITTEN_BY_A_SPREADSHEET = (
    "The workbook holds XML that spreadsheet programs never write (a document type or entity "
    "declaration), so it was not opened. Save it again from a spreadsheet program, or as CSV."
)
NO_RESULT = (
    "is a formula with no saved result: open the file in a spreadsheet program, save it, and "
    "import it again"
)
ERROR_VALUE = "holds a spreadsheet error (such as #N/A or #REF!) instead of a value"
BAD_DATE = "is a date cell whose date is out of range"
BAD_NUMBER = "is not a number the workbook can hold (the file may be damaged)"
NO_SUCH_TEXT = "refers to text that is not in the workbook (the file may be damaged)"


class _Refusal(Exception):
    """Raised inside expat's handlers to stop reading; carries the plain reason."""


def read_xlsx(stream: IO[bytes], limits: Limits) -> Table:
    """The first worksheet of a workbook: its header (row 1) and its other rows, read as the
    rows are needed. Refuses, with a plain reason, a file that is not a workbook, is damaged,
    holds a declaration no spreadsheet program writes, or is bigger than the limits."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise FileRefused(NOT_A_WORKBOOK) from None
    try:
        sheet_path, strings_path, styles = _structure(archive, stream)
        strings = _shared_strings(archive, strings_path, limits) if strings_path else []
        sheet = _part(archive, sheet_path, limits.sheet_mb * 1024 * 1024, "first worksheet")
    except BaseException:
        archive.close()
        raise
    rows = _SheetRows(archive, sheet, strings, styles, limits)
    try:
        header = rows.header()
    except BaseException:
        rows.close()
        raise
    return Table(header=header, rows=iter(rows), close=rows.close)


# --- The workbook's structure, through openpyxl ----------------------------------------------


class _Styles:
    """What a cell's style index says about its number: a date, a duration, or neither."""

    def __init__(self, dates: set[int], durations: set[int], epoch: dt.datetime) -> None:
        self.dates = dates
        self.durations = durations
        self.epoch = epoch


def _structure(
    archive: zipfile.ZipFile, stream: IO[bytes]
) -> tuple[zipfile.ZipInfo, str | None, _Styles]:
    """The first worksheet's part, the shared text's path and the date styles."""
    from defusedxml import DefusedXmlException
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    for info in archive.infolist():
        if "worksheets/" in info.filename or info.filename.endswith("sharedStrings.xml"):
            continue  # read here, under their own limits
        _check_part(info, OTHER_PART_LIMIT, "part")
    try:
        # openpyxl opens the stream as a zip of its own; its parts are checked above.
        reader = ExcelReader(stream, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        worksheets = [
            rel.target
            for _, rel in reader.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in reader.valid_files
        ]
        shared = reader.package.find(SHARED_STRINGS)
        reader.archive.close()
    except DefusedXmlException:
        raise FileRefused(NOT_WRITTEN_BY_A_SPREADSHEET) from None
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise FileRefused(NOT_A_WORKBOOK) from None
    if not worksheets:
        raise FileRefused("The workbook has no worksheet: row 1 must be the header row.")
    wb = reader.wb
    styles = _Styles(set(wb._date_formats), set(wb._timedelta_formats), wb.epoch)
    return archive.getinfo(worksheets[0]), shared.PartName[1:] if shared else None, styles


def _check_part(info: zipfile.ZipInfo, limit: int, what: str) -> None:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FileRefused(
            "The workbook is compressed in a way spreadsheet programs do not use, so it was not "
            "opened. Save it again from a spreadsheet program, or as CSV."
        )
    if info.file_size > limit:
        raise FileRefused(
            f"The workbook's {what} is larger than {limit // (1024 * 1024):,} MB when unzipped, "
            "the most that can be imported from a workbook. Save it as CSV, or split it."
        )


def _part(archive: zipfile.ZipFile, path: str | zipfile.ZipInfo, limit: int, what: str) -> Any:
    try:
        info = path if isinstance(path, zipfile.ZipInfo) else archive.getinfo(path)
    except KeyError:
        raise FileRefused(NOT_A_WORKBOOK) from None
    _check_part(info, limit, what)
    return info


def _parser(start: Any, end: Any, data: Any) -> Any:
    # Without namespace processing (faster): names are as written, "c" or "x:c".
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _no_declarations
    parser.EntityDeclHandler = _no_declarations
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    return parser


def _no_declarations(*args: Any) -> None:
    raise _Refusal(NOT_WRITTEN_BY_A_SPREADSHEET)


def _feed(archive: zipfile.ZipFile, info: zipfile.ZipInfo, parser: Any) -> Generator[None]:
    """Give ``parser`` the part a chunk at a time, yielding after each chunk; turn every way
    a damaged or hostile part can fail into a plain refusal."""
    try:
        with archive.open(info) as source:
            while chunk := source.read(CHUNK):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except _Refusal as refusal:
        raise FileRefused(str(refusal)) from None
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise FileRefused(DAMAGED) from None


def _local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


# --- Shared text -----------------------------------------------------------------------------


def _shared_strings(archive: zipfile.ZipFile, path: str, limits: Limits) -> list[Any]:
    """The workbook's table of shared text; an entry longer than the cell limit is kept only
    as a ``BadCell``, so the cells that use it are reported."""
    info = _part(archive, path, limits.shared_strings_mb * 1024 * 1024, "shared text")
    strings: list[Any] = []
    cap = limits.cell_chars
    state = {"in_si": False, "take": False, "phonetic": 0, "size": 0}
    parts: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            state["in_si"] = True
            state["size"] = 0
            parts.clear()
        elif tag == "t":
            state["take"] = state["in_si"] and not state["phonetic"]
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "t":
            state["take"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            state["in_si"] = False
            if state["size"] > cap:
                strings.append(BadCell(TOO_LONG.format(limit=cap)))
            else:
                strings.append("".join(parts))

    def data(text: str) -> None:
        if state["take"]:
            state["size"] += len(text)
            if state["size"] <= cap:
                parts.append(text)

    for _ in _feed(archive, info, _parser(start, end, data)):
        pass
    return strings


# --- The worksheet ---------------------------------------------------------------------------


class _SheetRows:
    """The worksheet's rows as (row number, values), parsed a chunk at a time.

    A value is text, a date (for a date cell) or a ``BadCell``; a row past the row limit is a
    ``BadRow``. Rows are numbered as in the spreadsheet, so the header is row 1."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        sheet: zipfile.ZipInfo,
        strings: list[Any],
        styles: _Styles,
        limits: Limits,
    ) -> None:
        self.archive = archive
        self.strings = strings
        self.styles = styles
        self.cell_cap = limits.cell_chars
        self.row_cap = limits.row_chars
        self.done: list[tuple[int, list[Any] | BadRow]] = []
        self.row = 0
        self.cells: dict[int, Any] = {}
        self.row_size = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.formula = False
        self.value: list[str] | None = None  # the text of <v> or of an inline string
        self.size = 0
        self.take = False
        self.phonetic = 0
        self.columns: dict[str, int] = {}
        self.feed = _feed(archive, sheet, _parser(self._start, self._end, self._data))
        self._iter = self._rows()
        self._pending: tuple[int, list[Any] | BadRow] | None = None

    def close(self) -> None:
        self.feed.close()
        self.archive.close()

    def _rows(self) -> Iterator[tuple[int, list[Any] | BadRow]]:
        for _ in self.feed:
            if self.done:
                done, self.done = self.done, []
                yield from done

    def header(self) -> list[str]:
        """Row 1's values as text (blank if the sheet has no row 1), keeping the rest."""
        for number, values in self._iter:
            if number != 1:
                self._pending = (number, values)
                return []
            if isinstance(values, BadRow) or any(isinstance(v, BadCell) for v in values):
                raise FileRefused(
                    "The header row (row 1) has a cell that is not a column name: too long, a "
                    "formula with no saved result, or an error. Use the template's header row."
                )
            return [_text(value) for value in values]
        raise FileRefused("The workbook is empty: row 1 must be the header row.")

    def __iter__(self) -> Iterator[tuple[int, list[Any] | BadRow]]:
        if self._pending is not None:
            yield self._pending
        yield from self._iter

    # expat's handlers: kept small, as they run for every element of the sheet.

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "c":
            ref = attrs.get("r")
            self.column = self._column(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and style.isdigit() else 0
            self.formula = False
            self.value = None
            self.size = 0
        elif tag == "v" or (tag == "t" and self.value is not None and not self.phonetic):
            if self.value is None:
                self.value = []
            self.take = True
        elif tag == "is":
            self.value = []
        elif tag == "f":
            self.formula = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            ref = attrs.get("r")
            number = int(ref) if ref and ref.isdigit() else self.row + 1
            if number <= self.row or number > MAX_ROWS:
                raise _Refusal(
                    "The workbook is damaged: its rows are out of order or past row "
                    f"{MAX_ROWS:,}. Check it opens in a spreadsheet program, or save it as CSV."
                )
            self.row = number
            self.cells = {}
            self.row_size = 0
            self.column = 0

    def _data(self, text: str) -> None:
        if self.take:
            self.size += len(text)
            self.row_size += len(text)
            if self.size <= self.cell_cap and self.row_size <= self.row_cap:
                self.value.append(text)  # type: ignore[union-attr]  # set with take

    def _end(self, name: str) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "c":
            self.take = False
            if self.row_size <= self.row_cap:
                self.cells[self.column] = self._cell()
            self.value = None
        elif tag == "v" or tag == "t":
            self.take = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row":
            self.done.append((self.row, self._values()))

    def _column(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            column = 0
            for letter in letters.upper():
                if not "A" <= letter <= "Z":
                    column = MAX_COLUMNS + 1
                    break
                column = column * 26 + ord(letter) - 64
            self.columns[letters] = column
        return column

    def _cell(self) -> Any:
        """The value of the cell just read."""
        if self.size > self.cell_cap:
            return BadCell(TOO_LONG.format(limit=self.cell_cap))
        value = self.value
        if value is None:  # no <v> and no inline string
            return BadCell(NO_RESULT) if self.formula else ""
        text = "".join(value)
        kind = self.kind
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                return BadCell(NO_SUCH_TEXT)
        if kind == "n":
            return self._number(text)
        if kind == "e":
            return BadCell(ERROR_VALUE)
        if kind == "b":
            return "True" if text.strip() == "1" else "False"
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                stamp = from_ISO8601(text)
            except (ValueError, TypeError):
                return BadCell(BAD_DATE)
            return stamp.date() if isinstance(stamp, dt.datetime) else _text(stamp)
        return text  # "str" (a formula's text result) and "inlineStr"

    def _number(self, text: str) -> Any:
        if not text:
            return ""
        try:
            number: int | float = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return BadCell(BAD_NUMBER)
        if self.style in self.styles.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                stamp = from_excel(
                    number, self.styles.epoch, timedelta=self.style in self.styles.durations
                )
            except (OverflowError, ValueError, TypeError):
                return BadCell(BAD_DATE)
            return stamp.date() if isinstance(stamp, dt.datetime) else _text(stamp)
        if isinstance(number, float):
            if number != number or number in (float("inf"), float("-inf")):
                return BadCell(BAD_NUMBER)
            if number.is_integer():
                return str(int(number))
        return str(number)

    def _values(self) -> list[Any] | BadRow:
        if self.row_size > self.row_cap:
            return BadRow(f"is longer than {self.row_cap:,} characters in all")
        cells = self.cells
        if not cells:
            return []
        width = max(cells)
        if width > MAX_COLUMNS:
            return BadRow(f"has a cell past the last column a worksheet can have ({MAX_COLUMNS:,})")
        return [cells.get(column, "") for column in range(1, width + 1)]


def _text(value: Any) -> str:
    return "" if value is None else str(value)
