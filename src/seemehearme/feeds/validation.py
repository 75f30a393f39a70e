"""Checking one row (or API record) of an import and turning it into a row to stage.

Reasons name the column and what is wrong, never the value: problem lists are shown on pages
and printed by ``smh import`` and must not carry personal data. Where a message names
something the sender wrote (a column name in the header), it is shortened and made printable
(``shown_name``), so no message can grow with the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import gt
from typing import Any

from seemehearme.cases.referrals import POSTCODE as POSTCODE_PATTERN
from seemehearme.cases.referrals import normalise_postcode
from seemehearme.feeds import schema
from seemehearme.people.models import Ethnicity, age_on

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
UPN = re.compile(r"[A-Z]\d{12}")
EARLIEST = dt.date(1900, 1, 1)
ETHNICITIES = frozenset(Ethnicity.values)
MAX_LENGTHS = tuple(column.max_length for column in schema.COLUMNS)
DATE_POSITIONS = frozenset(i for i, column in enumerate(schema.COLUMNS) if column.format == "Date")
GENDERS = "female, male, non_binary, other or not_known"
ETHNICITY_CODES = ", ".join(Ethnicity.values)

# Where each value sits in the staged row (see ``bulk.STAGING_COLUMNS``).
STAGED_WIDTH = 24
ADDRESS_MAX_LENGTH = schema.BY_NAME["address"].max_length
SPACES = re.compile(r"\s+")


# Why a value that cannot be stored as text is refused: a file's bytes that are neither UTF-8
# nor Windows-1252 (kept as lone surrogates by the reader), or an API's lone surrogate.
INVALID_BYTES = "has bytes that are not UTF-8 or Windows-1252 text"
LONE_SURROGATE = "has a lone surrogate (\\ud800 to \\udfff), which is not text"
NUL = "has a NUL character (a zero byte), which cannot be stored"
SHOWN_NAME_CHARS = 40
SHOWN_NAMES = 10


def bounded(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with "…" if it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_name(raw: object, limit: int = SHOWN_NAME_CHARS) -> str:
    """Something the sender wrote, made safe to show and store: at most ``limit`` characters,
    control characters, NULs and lone surrogates each shown as "?"."""
    text = str(raw)[: limit + 1]
    if not text.isprintable():
        text = "".join(c if c.isprintable() and not _surrogate(c) else "?" for c in text)
    elif not text.isascii():
        text = "".join("?" if _surrogate(c) else c for c in text)
    return bounded(text.strip(), limit)


def shown_names(names: Sequence[object]) -> str:
    """At most ``SHOWN_NAMES`` names, each shown safely, and how many more there were."""
    shown = ", ".join(shown_name(name) for name in names[:SHOWN_NAMES])
    more = len(names) - SHOWN_NAMES
    return f"{shown} and {more:,} more" if more > 0 else shown


def _surrogate(char: str) -> bool:
    return unicodedata.category(char) == "Cs"


def unstorable(value: str, invalid_text: str) -> str | None:
    """Why ``value`` cannot be stored as text (a NUL, or a lone surrogate), or None."""
    if "\x00" in value:
        return NUL
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return invalid_text
    return None


class HeaderProblem(Exception):
    """The header row is wrong, so the whole file is refused."""


def header_positions(header: Sequence[str]) -> list[int]:
    """For each column of the format, its position in the file (-1 if absent), or refuse the
    file naming the missing, unknown or repeated columns. Blank header cells are ignored."""
    named = [str(raw).strip() for raw in header if str(raw).strip()]
    if len(named) == 1 and any(mark in named[0] for mark in (";", "\t", "|")):
        raise HeaderProblem(
            "The columns are not separated by commas. Save the file as CSV (comma delimited), "
            "or as an Excel workbook, then import it again."
        )
    seen: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for position, raw in enumerate(header):
        name = str(raw).strip().lower()
        if not name:
            continue
        if name not in schema.BY_NAME:
            unknown.append(name)
        elif name in seen:
            repeated.append(name)
        else:
            seen[name] = position
    missing = [name for name in schema.REQUIRED if name not in seen]
    messages = []
    if missing:
        messages.append(f"The file is missing required columns: {', '.join(missing)}.")
    if unknown:
        messages.append(
            f"The file has columns that are not part of the format: {shown_names(unknown)}."
        )
    if repeated:
        messages.append(f"These columns appear more than once: {shown_names(repeated)}.")
    if messages:
        raise HeaderProblem(
            " ".join(messages) + " The header row must use the column names in the template."
        )
    return [seen.get(name, -1) for name in schema.COLUMN_NAMES]


class BadValue(ValueError):
    """A value that does not fit its column; the message is the reason."""


@dataclass(frozen=True)
class Problem:
    column: str
    reason: str


COLUMN_ORDER = {name: n for n, name in enumerate(schema.COLUMN_NAMES)}
RECORD_ID = COLUMN_ORDER["record_id"]
EVENT_TYPE = COLUMN_ORDER["event_type"]
OCCURRED_ON = COLUMN_ORDER["occurred_on"]
PERSON_ID = COLUMN_ORDER["person_id"]
CATEGORY = COLUMN_ORDER["category"]
LOCATION = COLUMN_ORDER["location"]
LOCATION_POSTCODE = COLUMN_ORDER["location_postcode"]
DETAIL = COLUMN_ORDER["detail"]
PERSON = slice(PERSON_ID, COLUMN_ORDER["upn"] + 1)
LINKED = slice(COLUMN_ORDER["linked_person_role"], len(COLUMN_ORDER))
CACHE_LIMIT = 50_000  # entries per cache: a few tens of megabytes at most

# A person's checked details: (given_name, family_name, date of birth or None, the same as
# YYYY-MM-DD or None, gender, ethnicity, address, postcode, school, NHS number, UPN, all of them
# joined for the row hash), and the problems with them.
PersonDetails = tuple[tuple[Any, ...], tuple[Problem, ...]]


class RowChecker:
    """Checks rows against the format and the reference data of one import.

    ``event_types`` maps each active code to (event type id, default category id);
    ``inactive_types`` holds codes no longer in use; ``categories`` maps codes to ids.
    A person's details repeat on every row about them, so they are checked once and
    remembered (as are dates and postcodes): that is most of the work on a large file.
    """

    def __init__(
        self,
        *,
        event_types: Mapping[str, tuple[int, int]],
        inactive_types: frozenset[str],
        categories: Mapping[str, int],
        today: dt.date,
        invalid_text: str = INVALID_BYTES,
    ) -> None:
        self.event_types = event_types
        self.invalid_text = invalid_text
        self.inactive_types = inactive_types
        self.categories = categories
        self.today = today
        self._dates: dict[Any, tuple[dt.date, str] | str] = {}
        self._postcodes: dict[str, str | None] = {}
        self._persons: dict[tuple[Any, ...], PersonDetails] = {}

    # --- Values -----------------------------------------------------------------------------

    def date(self, raw: Any) -> dt.date:
        """A date from YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date cell; not in the future."""
        return self.day(raw)[0]

    def day(self, raw: Any) -> tuple[dt.date, str]:
        """The date and the same as YYYY-MM-DD, or raise BadValue with the reason."""
        day = self._dates.get(raw)
        if day is None:
            day = self._date(raw)
            _remember(self._dates, raw, day)
        if type(day) is str:
            raise BadValue(day)
        return day  # type: ignore[return-value]

    def _date(self, raw: Any) -> tuple[dt.date, str] | str:
        if isinstance(raw, dt.date):
            day = raw.date() if isinstance(raw, dt.datetime) else raw
        else:
            try:
                if ISO_DATE.fullmatch(raw):
                    day = dt.date.fromisoformat(raw)
                elif match := UK_DATE.fullmatch(raw):
                    day = dt.date(int(match[3]), int(match[2]), int(match[1]))
                else:
                    return f"is not a date: use {schema.DATE_FORMATS}"
            except ValueError:
                return "is not a real date"
        if day < EARLIEST:
            return "is before 1900"
        if day > self.today:
            return "is in the future"
        return day, day.isoformat()

    def postcode(self, raw: str) -> str:
        postcode = self._postcodes.get(raw, "")
        if postcode == "":
            normalised = normalise_postcode(raw)
            postcode = normalised if POSTCODE_PATTERN.match(normalised) else None
            _remember(self._postcodes, raw, postcode)
        if postcode is None:
            raise BadValue("is not a UK postcode")
        return postcode

    @staticmethod
    def address(raw: str) -> str:
        """The address tidied: each line break becomes ", ", other runs of whitespace one
        space. Control characters other than tabs and line breaks are refused."""
        if not raw.isprintable() and any(
            unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in raw
        ):
            raise BadValue("has a control character, which an address cannot contain")
        lines = (SPACES.sub(" ", line).strip(" ,") for line in raw.splitlines())
        address = ", ".join(line for line in lines if line)
        if len(address) > ADDRESS_MAX_LENGTH:
            raise BadValue(f"is longer than {ADDRESS_MAX_LENGTH} characters")
        return address

    @staticmethod
    def nhs_number(raw: str) -> str:
        """Ten digits. A number whose check digit is wrong is kept, not rejected: losing the
        record over a typing mistake in an optional detail would hide the child's events.
        Identity resolution does not use such a number and shows staff that it fails its
        check digit (``seemehearme.identity.numbers``)."""
        digits = raw.replace(" ", "").replace("-", "")
        if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
            raise BadValue("must be 10 digits")
        return digits

    @staticmethod
    def upn(raw: str) -> str:
        upn = raw.upper()
        if not UPN.fullmatch(upn) or not upn.isascii():
            raise BadValue("must be a letter followed by 12 digits")
        return upn

    # --- Rows -------------------------------------------------------------------------------

    def check(
        self,
        line: int,
        values: Sequence[Any],
        linked: Sequence[Mapping[str, Any]] = (),
        reported: Sequence[tuple[int, str]] = (),
    ) -> tuple[tuple[Any, ...] | None, list[Problem]]:
        """Check one row given as values in ``schema.COLUMNS`` order (text, or dates), plus
        any ``linked_people`` entries of an API record, and the problems already found in it
        while reading, as (position in schema order, reason): those values are not checked
        again.

        Returns the row to stage (see ``bulk.STAGING_COLUMNS``) and no problems, or, for a bad
        row, a stub holding only its line and record id (so repeats of it are still found)
        and the problems."""
        problems: list[Problem] = []
        clean: list[Any]
        for i, found in reported:
            problems.append(Problem(schema.COLUMN_NAMES[i], found))
        if reported:
            skip = {i for i, _ in reported}
            values = ["" if i in skip else v for i, v in enumerate(values)]
        try:
            clean = list(map(str.strip, values))
            joined = "".join(clean)
            suspect = "\x00" in joined or not (joined.isascii() or _encodes(joined))
            too_long = suspect or any(map(gt, map(len, clean), MAX_LENGTHS))
        except (AttributeError, TypeError):  # dates, numbers or nothing, from XLSX or the API
            clean = [_text(v) if i in DATE_POSITIONS else _as_text(v) for i, v in enumerate(values)]
            too_long = True
        if too_long:
            for i, value in enumerate(clean):
                if type(value) is not str:
                    continue
                if len(value) > MAX_LENGTHS[i]:
                    reason: str | None = f"is longer than {MAX_LENGTHS[i]} characters"
                else:
                    reason = unstorable(value, self.invalid_text)
                if reason is not None:
                    problems.append(Problem(schema.COLUMN_NAMES[i], reason))
                    clean[i] = None  # reported: no further checks of this value
        if reported:
            for i, _ in reported:
                clean[i] = None

        record_id = clean[RECORD_ID]
        if record_id == "":
            problems.append(Problem("record_id", "is required"))

        event_type = clean[EVENT_TYPE]
        type_ids = self.event_types.get(event_type)
        if type_ids is None:
            type_ids = self._event_type(event_type, problems)
        category_id = type_ids[1] if type_ids else None
        if clean[CATEGORY]:
            category_id = self.categories.get(clean[CATEGORY].lower())
            if category_id is None:
                problems.append(Problem("category", "is not a known information category code"))

        occurred_on = None
        occurred_text = ""
        if clean[OCCURRED_ON] == "":
            problems.append(Problem("occurred_on", "is required"))
        elif clean[OCCURRED_ON] is not None:
            try:
                occurred_on, occurred_text = self.day(clean[OCCURRED_ON])
            except BadValue as error:
                problems.append(Problem("occurred_on", str(error)))

        raw_person = clean[PERSON]
        try:
            key: Any = "\x1f".join(raw_person)
        except TypeError:  # a date cell, or a value already reported as too long
            key = tuple(raw_person)
        person = self._persons.get(key)
        if person is None:
            person = self._person(tuple(raw_person))
            _remember(self._persons, key, person)
        details, person_problems = person
        problems.extend(person_problems)
        born = details[2] if details else None
        if born is not None and occurred_on is not None and born > occurred_on:
            problems.append(Problem("date_of_birth", "is after the event"))

        location_postcode = ""
        if clean[LOCATION_POSTCODE]:
            try:
                location_postcode = self.postcode(clean[LOCATION_POSTCODE])
            except BadValue as error:
                problems.append(Problem("location_postcode", str(error)))

        people = []
        flat = clean[LINKED]
        if any(flat):
            people.append(
                self._linked_person(
                    dict(zip(schema.LINKED_PERSON_KEYS, flat, strict=True)),
                    {key: name for name, key in schema.LINKED_PERSON_FIELDS.items()},
                    occurred_on,
                    problems,
                )
            )
        for number, entry in enumerate(linked, start=1):
            prefix = f"linked_people[{number}]."
            for field in sorted(map(str, set(entry) - set(schema.LINKED_PERSON_KEYS))):
                column = f"{prefix}{shown_name(field)}"
                problems.append(Problem(column, "is not a field of a linked person"))
            raw_entry = {key: _text(entry.get(key)) for key in schema.LINKED_PERSON_KEYS}
            for key, value in raw_entry.items():
                sent = entry.get(key)
                limit = LINKED_MAX_LENGTHS[key]
                if type(sent) is str and len(sent) > limit:  # as sent, as the schema says
                    why: str | None = f"is longer than {limit} characters"
                else:
                    why = unstorable(value, self.invalid_text) if type(value) is str else None
                if why is not None:
                    problems.append(Problem(prefix + key, why))
                    raw_entry[key] = None
            if any(raw_entry.values()):
                people.append(
                    self._linked_person(
                        raw_entry,
                        {key: prefix + key for key in schema.LINKED_PERSON_KEYS},
                        occurred_on,
                        problems,
                    )
                )

        if problems:
            problems.sort(key=_problem_order)
            stub = None
            if record_id:
                stub = (line, False, record_id) + (None,) * (STAGED_WIDTH - 3)
            return stub, problems

        assert occurred_on is not None
        assert type_ids is not None
        assert category_id is not None
        (
            given, family, born, born_text, gender, ethnicity, address, postcode, school,
            nhs_number, upn, person_text,
        ) = details  # fmt: skip
        if people:
            ages = [p["age_at_event"] for p in people if p["age_at_event"] is not None]
            oldest = max(ages) if ages else None
            linked_json = json.dumps(people, separators=(",", ":"), ensure_ascii=False)
        else:
            oldest, linked_json = None, "[]"
        location, detail = clean[LOCATION], clean[DETAIL]
        digest = hashlib.blake2b(
            "\x1f".join(
                (
                    record_id, str(type_ids[0]), str(category_id), occurred_text, person_text,
                    location, location_postcode, detail, linked_json,
                )
            ).encode(),
            digest_size=16,
        ).hexdigest()  # fmt: skip
        age = None
        if born is not None:
            age = occurred_on.year - born.year
            if (occurred_on.month, occurred_on.day) < (born.month, born.day):
                age -= 1
        return (
            line, True, record_id, type_ids[0], category_id, occurred_text, clean[PERSON_ID],
            given, family, born_text, gender, ethnicity, address, postcode, school, nhs_number,
            upn, location, location_postcode, detail, age, linked_json, oldest, digest,
        ), []  # fmt: skip

    def _event_type(self, raw: Any, problems: list[Problem]) -> tuple[int, int] | None:
        if raw == "":
            problems.append(Problem("event_type", "is required"))
            return None
        if raw is None:  # too long, already reported
            return None
        code = str(raw).lower()
        found = self.event_types.get(code)
        if found is None:
            reason = (
                "is an event type that is no longer in use"
                if code in self.inactive_types
                else "is not a known event type code"
            )
            problems.append(Problem("event_type", reason))
        return found

    def _person(self, raw: tuple[Any, ...]) -> PersonDetails:
        """Check a person's details (person_id to upn), once per distinct set of values."""
        if None in raw:  # a value too long, already reported: the row is rejected anyway
            return (), ()
        (
            person_id, given, family, born_raw, gender_raw, ethnicity_raw, address_raw,
            postcode_raw, school, nhs_raw, upn_raw,
        ) = raw  # fmt: skip
        problems: list[Problem] = []
        for name, value in (
            ("person_id", person_id),
            ("given_name", given),
            ("family_name", family),
        ):
            if value == "":
                problems.append(Problem(name, "is required"))
        born = born_text = None
        if born_raw:
            try:
                born, born_text = self.day(born_raw)
            except BadValue as error:
                problems.append(Problem("date_of_birth", str(error)))
        gender = "not_known"
        if gender_raw:
            found = schema.GENDER_WORDS.get(gender_raw.lower())
            if found is None:
                problems.append(Problem("gender", f"is not one of {GENDERS}"))
            else:
                gender = found
        ethnicity = ethnicity_raw.lower() if ethnicity_raw else ""
        if ethnicity and ethnicity not in ETHNICITIES:
            problems.append(Problem("ethnicity", f"is not one of {ETHNICITY_CODES}"))
        address = postcode = nhs_number = upn = ""
        if address_raw:
            try:
                address = self.address(address_raw)
            except BadValue as error:
                problems.append(Problem("address", str(error)))
        if postcode_raw:
            try:
                postcode = self.postcode(postcode_raw)
            except BadValue as error:
                problems.append(Problem("postcode", str(error)))
        if nhs_raw:
            try:
                nhs_number = self.nhs_number(nhs_raw)
            except BadValue as error:
                problems.append(Problem("nhs_number", str(error)))
        if upn_raw:
            try:
                upn = self.upn(upn_raw)
            except BadValue as error:
                problems.append(Problem("upn", str(error)))
        if problems:
            return (), tuple(problems)
        text = "\x1f".join(
            (person_id, given, family, born_text or "", gender, ethnicity, postcode, school,
             nhs_number, upn)
        )  # fmt: skip
        if address:  # only when given, so rows without one keep the row hash they had before
            text += "\x1f\x1e" + address
        values = (
            given, family, born, born_text, gender, ethnicity, address, postcode, school,
            nhs_number, upn, text,
        )  # fmt: skip
        return values, ()

    def _linked_person(
        self,
        raw: dict[str, Any],
        columns: dict[str, str],
        occurred_on: dt.date | None,
        problems: list[Problem],
    ) -> dict[str, Any]:
        person: dict[str, Any] = {key: raw[key] for key in schema.LINKED_PERSON_KEYS}
        for key in schema.LINKED_PERSON_KEYS:
            value = person[key]
            limit = schema.BY_NAME[_flat_name(key)].max_length
            if type(value) is str and len(value) > limit:
                problems.append(Problem(columns[key], f"is longer than {limit} characters"))
                person[key] = raw[key] = None
        reported = any(raw[key] is None for key in schema.LINKED_PERSON_KEYS)
        if not (person["person_id"] or person["given_name"] or person["family_name"] or reported):
            problems.append(Problem(columns["person_id"], "a linked person needs an id or a name"))
        person["date_of_birth"] = None
        person["age_at_event"] = None
        if raw["date_of_birth"]:
            try:
                born = self.date(raw["date_of_birth"])
            except BadValue as error:
                problems.append(Problem(columns["date_of_birth"], str(error)))
            else:
                if occurred_on and born > occurred_on:
                    problems.append(Problem(columns["date_of_birth"], "is after the event"))
                person["date_of_birth"] = born.isoformat()
                if occurred_on:
                    person["age_at_event"] = age_on(born, occurred_on)
        return person


def _encodes(text: str) -> bool:
    """Can ``text`` be written as UTF-8 (no lone surrogates)?"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Add to a cache of at most ``CACHE_LIMIT`` entries, forgetting the oldest quarter when
    it is full (dictionaries keep their insertion order)."""
    if len(cache) >= CACHE_LIMIT:
        for old in list(islice(cache, CACHE_LIMIT // 4)):
            del cache[old]
    cache[key] = value


def _problem_order(problem: Problem) -> int:
    """Problems in column order; a linked_people entry's after every column."""
    return COLUMN_ORDER.get(problem.column, len(COLUMN_ORDER))


def _flat_name(key: str) -> str:
    return "linked_person_id" if key == "person_id" else f"linked_person_{key}"


LINKED_MAX_LENGTHS = {
    key: schema.BY_NAME[_flat_name(key)].max_length for key in schema.LINKED_PERSON_KEYS
}


def _text(value: Any) -> Any:
    """A value as the checker reads it: blank for nothing, dates kept, anything else text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return str(value)


def _as_text(value: Any) -> str:
    """A value for a text column: a date cell becomes YYYY-MM-DD."""
    value = _text(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def record_values(record: Mapping[str, Any]) -> list[Any]:
    """An API record's values in ``schema.COLUMNS`` order."""
    return [_text(record.get(name)) for name in schema.COLUMN_NAMES]
